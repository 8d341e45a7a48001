package io.slowburn.experiments.imports;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * A LitmusChaos ChaosEngine as a declaration. Scope from {@code spec.appinfo} ({@code appns} as the namespace label,
 * {@code applabel}'s {@code k=v} pairs as labels) and the experiments' {@code TARGET_PODS}/{@code TARGET_NODES}
 * (sources); for node-level experiments the app labels describe the app under test, not the node, and are left out.
 * Window: the experiments run one after another, each {@code RAMP_TIME + TOTAL_CHAOS_DURATION + RAMP_TIME} (the
 * experiment's default duration when unset). Faults by experiment name ({@link LitmusExperiments}).
 */
final class LitmusImporter {

    private static final String MAGNITUDE = "how hard it injects: a declaration sanctions the fault at any strength";
    private static final String RUNNER = "how the runner works, no bearing on what is sanctioned";
    private static final Set<String> RUNNER_ENV = Set.of("CONTAINER_RUNTIME", "SOCKET_PATH", "LIB", "LIB_IMAGE", "STRESS_IMAGE",
            "SEQUENCE", "DEFAULT_HEALTH_CHECK", "INSTANCE_ID", "FORCE", "CHAOS_INTERVAL", "RANDOMNESS", "TC_IMAGE",
            "NETWORK_INTERFACE", "TARGET_CONTAINER", "POD_TERMINATION_ORDER", "INTER_POD_KILL_INTERVAL_SECONDS",
            "CHAOS_KILL_COMMAND", "CHAOS_INJECT_COMMAND", "NUMBER_OF_WORKERS", "SIGNAL");

    private LitmusImporter() {
    }

    static ImportResult importEngine(JsonNode doc, ImportOptions options) throws ImportException {
        String kind = doc.path("kind").asText("");
        if (!doc.path("apiVersion").asText("").startsWith("litmuschaos.io/") || !kind.equals("ChaosEngine")) {
            throw new ImportException("not a LitmusChaos ChaosEngine (apiVersion litmuschaos.io/..., kind ChaosEngine; got '"
                    + doc.path("apiVersion").asText("") + "', '" + kind + "')");
        }
        FieldLedger l = new FieldLedger(doc);
        DeclarationDraft d = new DeclarationDraft(ChaosTool.LITMUS, options, l);
        l.use("apiVersion");
        l.use("kind");
        String name = doc.path("metadata").path("name").asText(null);
        String namespace = doc.path("metadata").path("namespace").asText(null);
        l.use("metadata.name");
        l.use("metadata.namespace");
        Instant created = ChaosMeshImporter.created(doc, l);
        ChaosMeshImporter.metadataRest(doc, l);
        l.unmapped("status", "the engine's runtime status is not read");
        d.origin(kind, name, namespace);
        JsonNode spec = doc.path("spec");
        JsonNode experiments = spec.path("experiments");
        if (!experiments.isArray() || experiments.isEmpty()) {
            throw new ImportException("spec.experiments: a ChaosEngine lists at least one experiment");
        }
        StringBuilder names = new StringBuilder();
        boolean nodeLevel = false;
        Duration total = Duration.ZERO;
        for (int i = 0; i < experiments.size(); i++) {
            String at = "spec.experiments[" + i + "]";
            JsonNode e = experiments.get(i);
            String exp = e.path("name").asText("");
            names.append(names.length() == 0 ? "" : ", ").append(exp);
            LitmusExperiments.Kind k = LitmusExperiments.of(exp);
            if (k == null) {
                d.unmappableFault(at + ".name", "Litmus experiment '" + exp + "' has no slowburn fault");
            } else {
                d.fault(k.fault(), at + ".name=" + exp);
                l.use(at + ".name");
                nodeLevel |= k.nodeLevel();
            }
            total = total.plus(experiment(e, at, k, d));
        }
        d.title("LitmusChaos ChaosEngine " + (namespace == null ? "" : namespace + "/") + (name == null ? "" : name) + ": " + names);
        appinfo(spec.path("appinfo"), nodeLevel, d);
        String state = spec.path("engineState").asText("active");
        if (state.equals("active")) {
            l.use("spec.engineState");
        } else {
            l.unmapped("spec.engineState", "the engine is not active: declared anyway, for when it runs");
        }
        l.unmapped("spec.auxiliaryAppInfo", "downstream apps checked for health: effects on them are outside the scope");
        for (String k : new String[] {"annotationCheck", "chaosServiceAccount", "jobCleanUpPolicy", "monitoring", "components",
            "defaultHealthCheck", "terminationGracePeriodSeconds"}) {
            l.unmapped("spec." + k, RUNNER);
        }
        d.window(created, "metadata.creationTimestamp", total.isZero() ? null : total,
                "the experiments' RAMP_TIME and TOTAL_CHAOS_DURATION", null);
        return d.build();
    }

    /** The experiment's env: scope and blast radius from its targets; its span (ramp, chaos, ramp). */
    private static Duration experiment(JsonNode e, String at, LitmusExperiments.Kind kind, DeclarationDraft d) throws ImportException {
        FieldLedger l = d.ledger();
        JsonNode env = e.path("spec").path("components").path("env");
        Duration chaos = null;
        Duration ramp = Duration.ZERO;
        String onePath = null;
        boolean share = false;
        for (int j = 0; env.isArray() && j < env.size(); j++) {
            String p = at + ".spec.components.env[" + j + "]";
            String var = env.get(j).path("name").asText("");
            String value = env.get(j).path("value").asText("").strip();
            switch (var) {
                case "TOTAL_CHAOS_DURATION" -> {
                    chaos = seconds(p, var, value);
                    l.use(p);
                }
                case "RAMP_TIME" -> {
                    if (!value.isEmpty()) {
                        ramp = seconds(p, var, value);
                    }
                    l.use(p);
                }
                case "TARGET_PODS", "TARGET_NODES", "TARGET_NODE", "NODE_NAME" -> targets(value, p, d);
                case "PODS_AFFECTED_PERC", "NODES_AFFECTED_PERC" -> {
                    if (value.isEmpty() || value.equals("0")) {
                        onePath = p; // Litmus: empty or 0 targets a minimum of one (unless TARGET_PODS names more)
                    } else {
                        share = true;
                        l.unmapped(p, value + "% of the matching targets: how many is unknown here (--max-sources)");
                    }
                }
                case "NODE_LABEL" -> l.unmapped(p, "node labels are not telemetry labels: any node matches (--sources names them)");
                case "APP_NAMESPACE" -> d.namespace(value, p);
                case "APP_LABEL" -> ChaosMeshSelector.equalitySelector(value, p, d);
                default -> l.unmapped(p, RUNNER_ENV.contains(var) ? RUNNER : MAGNITUDE);
            }
        }
        if (onePath != null) {
            d.maxSources(1, onePath);
            if (!d.ledger().accounted(onePath)) {
                d.ledger().use(onePath);
            }
        }
        if (onePath == null && !share && kind != null) {
            d.maxSourcesByDefault(1, e.path("name").asText() + " without PODS_AFFECTED_PERC or targets hits one (Litmus' default)");
        }
        if (chaos == null && kind != null) {
            chaos = kind.defaultDuration();
            d.note(e.path("name").asText() + ": TOTAL_CHAOS_DURATION not set, its default " + chaos.toSeconds() + "s");
        }
        l.unmapped(at + ".spec.probe", "Litmus probes check health; slowburn's abort_when is separate and not derived");
        return chaos == null ? Duration.ZERO : ramp.plus(chaos).plus(ramp);
    }

    private static void appinfo(JsonNode app, boolean nodeLevel, DeclarationDraft d) {
        FieldLedger l = d.ledger();
        String ns = app.path("appns").asText("").strip();
        String label = app.path("applabel").asText("").strip();
        if (nodeLevel) {
            if (!ns.isEmpty() || !label.isEmpty()) {
                l.unmapped("spec.appinfo", "a node-level experiment: the app under test's labels do not describe the node");
            }
            return;
        }
        if (!ns.isEmpty()) {
            d.namespace(ns, "spec.appinfo.appns");
        }
        if (!label.isEmpty()) {
            ChaosMeshSelector.equalitySelector(label, "spec.appinfo.applabel", d);
        }
        l.unmapped("spec.appinfo.appkind", "the owner's kind (deployment, statefulset...): telemetry does not carry it");
    }

    private static void targets(String value, String path, DeclarationDraft d) {
        if (value.isEmpty()) {
            d.ledger().use(path);
            return;
        }
        int n = 0;
        for (String t : value.split(",")) {
            if (!t.isBlank()) {
                d.source(t.strip());
                n++;
            }
        }
        d.maxSources(n, path);
        d.ledger().use(path);
    }

    private static Duration seconds(String path, String var, String value) throws ImportException {
        try {
            long s = Long.parseLong(value);
            if (s < 0) {
                throw new NumberFormatException();
            }
            return Duration.ofSeconds(s);
        } catch (NumberFormatException e) {
            throw new ImportException(path + ": " + var + " must be whole seconds, got '" + value + "'", e);
        }
    }
}
