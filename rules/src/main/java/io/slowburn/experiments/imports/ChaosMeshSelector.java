package io.slowburn.experiments.imports;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A Chaos Mesh {@code selector} as a declaration scope. Telemetry has sources and labels, not Kubernetes objects, so:
 * <ul>
 *   <li>{@code pods: {ns: [name, ...]}} names the sources (pod names, as {@code ingest --source} or the agent's
 *       {@code source=} would carry them) and the namespace label;</li>
 *   <li>{@code nodes: [name, ...]} names the sources (node names);</li>
 *   <li>{@code namespaces: [ns]} is the namespace label (one: a scope holds one value per label); with none, the
 *       resource's own namespace, which is where Chaos Mesh looks;</li>
 *   <li>{@code labelSelectors} are scope labels; {@code expressionSelectors} too when an {@code In} has one value;</li>
 *   <li>everything else ({@code nodeSelectors}, {@code annotationSelectors}, {@code fieldSelectors},
 *       {@code podPhaseSelectors}, other expressions) narrows which pods are hit in ways telemetry cannot see: named
 *       in {@code unmapped}, and the scope is that much wider.</li>
 * </ul>
 */
final class ChaosMeshSelector {

    private ChaosMeshSelector() {
    }

    static void apply(JsonNode selector, String path, String resourceNamespace, DeclarationDraft d) {
        FieldLedger ledger = d.ledger();
        if (selector == null || !selector.isObject()) {
            if (resourceNamespace != null) {
                d.namespace(resourceNamespace, "metadata.namespace");
            }
            return;
        }
        int namespaces = 0;
        JsonNode pods = selector.get("pods");
        if (pods != null && pods.isObject()) {
            for (Map.Entry<String, JsonNode> e : pods.properties()) {
                namespaces++;
                d.namespace(e.getKey(), path + ".pods");
                for (JsonNode p : e.getValue()) {
                    if (p.isTextual()) {
                        d.source(p.asText());
                    }
                }
            }
            ledger.use(path + ".pods");
        }
        JsonNode nodes = selector.get("nodes");
        if (nodes != null && nodes.isArray()) {
            for (JsonNode n : nodes) {
                if (n.isTextual()) {
                    d.source(n.asText());
                }
            }
            ledger.use(path + ".nodes");
        }
        JsonNode ns = selector.get("namespaces");
        if (ns != null && ns.isArray() && !ns.isEmpty()) {
            for (int i = 0; i < ns.size(); i++) {
                d.namespace(ns.get(i).asText(), path + ".namespaces[" + i + "]");
            }
            namespaces += ns.size();
        } else if (namespaces == 0 && resourceNamespace != null) {
            d.namespace(resourceNamespace, "metadata.namespace");
            d.note("namespace label '" + resourceNamespace + "' from metadata.namespace (Chaos Mesh selects in the resource's "
                    + "namespace when the selector names none)");
        } else if (namespaces == 0) {
            d.note("no namespace in the file: the scope has no namespace label (Chaos Mesh uses the namespace the resource "
                    + "is applied in)");
        }
        JsonNode labels = selector.get("labelSelectors");
        if (labels != null && labels.isObject()) {
            for (Map.Entry<String, JsonNode> e : labels.properties()) {
                d.label(e.getKey(), e.getValue().asText(), path + ".labelSelectors." + e.getKey());
            }
        }
        JsonNode exprs = selector.get("expressionSelectors");
        if (exprs != null && exprs.isArray()) {
            for (int i = 0; i < exprs.size(); i++) {
                JsonNode x = exprs.get(i);
                String at = path + ".expressionSelectors[" + i + "]";
                JsonNode values = x.path("values");
                if ("In".equals(x.path("operator").asText()) && values.isArray() && values.size() == 1) {
                    d.label(x.path("key").asText(), values.get(0).asText(), at);
                } else {
                    ledger.unmapped(at, "only 'In' with one value is a scope label; this narrows the pods in a way the "
                            + "scope cannot say (the scope is wider)");
                }
            }
        }
        String wider = "narrows the pods by what telemetry does not carry (the scope is wider)";
        for (String k : new String[] {"nodeSelectors", "annotationSelectors", "fieldSelectors", "podPhaseSelectors"}) {
            if (selector.has(k)) {
                ledger.unmapped(path + "." + k, k.equals("nodeSelectors") ? "node labels are not telemetry labels: " + wider : wider);
            }
        }
    }

    /**
     * A Kubernetes label selector in text form ({@code k=v[,k2=v2]}, as Litmus' {@code applabel} and
     * chaostoolkit-kubernetes' {@code label_selector} write it): equality requirements become scope labels; a set-based
     * one ({@code in (...)}, {@code !=}, {@code !k}) cannot, and is named as unmapped (the scope is wider).
     */
    static void equalitySelector(String selector, String path, DeclarationDraft d) {
        if (selector.contains("(") || selector.contains("!") || selector.contains(" in ") || selector.contains(" notin ")) {
            d.ledger().unmapped(path, "a set-based selector is not a scope label (the scope is wider)");
            return;
        }
        for (String pair : selector.split(",")) {
            String[] kv = pair.split("==?", 2);
            if (kv.length == 2 && !kv[0].isBlank() && !kv[1].isBlank()) {
                d.label(kv[0].strip(), kv[1].strip(), path);
            } else {
                d.ledger().unmapped(path, "'" + pair + "' is not key=value (the scope is wider)");
            }
        }
    }
}
