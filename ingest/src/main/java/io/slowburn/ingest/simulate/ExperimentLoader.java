package io.slowburn.ingest.simulate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slowburn.model.InvalidRecordException;
import io.slowburn.rules.yaml.YamlFields;
import io.slowburn.rules.yaml.YamlNodes;
import io.slowburn.verdict.CanonicalJson;
import io.slowburn.verdict.DeclarationParser;
import io.slowburn.verdict.DeclarationSigner;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Turns an {@code experiments:} entry into the declaration JSON the detector reads, then signs it, leaves it unsigned
 * or signs and alters it. The tree is built with {@link CanonicalJson#mapper()}'s node factory and YAML numbers become
 * {@code BigDecimal}s of their written text, so {@code above: 0.90} is signed as {@code 0.90}.
 */
final class ExperimentLoader {

    private static final List<String> KEYS = List.of("id", "title", "hypothesis", "declared_at", "scope", "faults", "window", "start",
            "end", "blast_radius", "abort_when", "allowed_binaries", "sign_with", "unsigned", "tamper");
    /** {@code tamper: true} pushes the signed window's end out by a day: an attacker stretching a genuine approval. */
    static final long TAMPER_EXTENSION_MS = 24 * 3_600_000L;

    private final JsonNodeFactory nodes = CanonicalJson.mapper().getNodeFactory();
    private final DeclarationParser parser = new DeclarationParser();
    private final DeclarationSigner signer = new DeclarationSigner(parser);
    private final Path baseDir;

    ExperimentLoader(Path baseDir) {
        this.baseDir = baseDir;
    }

    ExperimentSpec load(YamlFields m, long scenarioStart) {
        m.allowOnly(KEYS);
        String id = m.text("id", true);
        YamlFields window = m.map("window", "'window'").orElse(null);
        if (window != null) {
            window.allowOnly(List.of("start", "end"));
        }
        YamlFields times = window != null ? window : m;
        long start = time(times, "start", scenarioStart);
        long end = time(times, "end", scenarioStart);
        long declaredAt = m.has("declared_at") ? time(m, "declared_at", scenarioStart) : Math.max(scenarioStart, start - 30 * 60_000L);

        ObjectNode d = nodes.objectNode();
        d.put("id", id);
        d.put("ts", declaredAt);
        putText(d, "title", m.text("title", null));
        putText(d, "hypothesis", m.text("hypothesis", null));
        d.set("scope", scope(m));
        ArrayNode faults = d.putArray("faults");
        m.texts("faults").forEach(faults::add);
        d.put("start", start);
        d.put("end", end);
        if (m.has("blast_radius")) {
            d.set("blast_radius", json(m, m.get("blast_radius")));
        }
        d.set("abort_when", m.has("abort_when") ? json(m, m.get("abort_when")) : nodes.arrayNode());
        ArrayNode binaries = d.putArray("allowed_binaries");
        m.texts("allowed_binaries").forEach(binaries::add);

        boolean unsigned = m.flag("unsigned", false);
        Node tamper = m.get("tamper");
        String signWith = m.text("sign_with", unsigned ? null : SigningKeys.DEMO);
        if (unsigned && m.has("sign_with")) {
            throw ScenarioProblems.at(m, m.get("sign_with"),
                    "experiment '" + id + "': 'unsigned: true' and 'sign_with' contradict each other");
        }
        if (unsigned && tamper != null) {
            throw ScenarioProblems.at(m, tamper, "experiment '" + id + "': 'tamper' needs a signed declaration (drop 'unsigned')");
        }
        String json = write(d);
        try {
            parser.parse(json); // reject what the detector would reject, with the scenario's line
            if (unsigned) {
                return new ExperimentSpec(id, declaredAt, json, "unsigned");
            }
            SigningKeys.Signer key = SigningKeys.signer(signWith, baseDir);
            ObjectNode signed = (ObjectNode) CanonicalJson.readTree(signer.sign(json, key.key(), key.keyId()));
            if (tamper == null || Boolean.FALSE.equals(YamlNodes.flag(tamper))) {
                return new ExperimentSpec(id, declaredAt, write(signed), "signed");
            }
            tamper(m, signed, tamper, scenarioStart);
            return new ExperimentSpec(id, declaredAt, write(signed), "tampered");
        } catch (InvalidRecordException e) {
            throw new ScenarioException(m.where() + ": experiment '" + id + "': " + e.getMessage(), e);
        } catch (IOException | GeneralSecurityException e) {
            throw ScenarioProblems.at(m, m.get("sign_with"),
                    "experiment '" + id + "': cannot read signing key '" + signWith + "': " + e.getMessage());
        }
    }

    /** {@code tamper: true} stretches the window by a day; a mapping replaces top-level fields after signing. */
    private void tamper(YamlFields m, ObjectNode signed, Node tamper, long scenarioStart) {
        if (Boolean.TRUE.equals(YamlNodes.flag(tamper))) {
            signed.put("end", signed.get("end").asLong() + TAMPER_EXTENSION_MS);
            return;
        }
        YamlFields fields = ScenarioProblems.mapping(m.file(), tamper, "'tamper' (true or a mapping of fields to replace after signing)");
        for (String key : fields.keys()) {
            if ("approvals".equals(key) || "id".equals(key)) {
                throw ScenarioProblems.at(m, fields.get(key), "'tamper' cannot replace '" + key + "'");
            }
            JsonNode value = "start".equals(key) || "end".equals(key) || "ts".equals(key)
                    ? nodes.numberNode(time(fields, key, scenarioStart))
                    : json(fields, fields.get(key));
            signed.set(key, value);
        }
    }

    private long time(YamlFields m, String key, long scenarioStart) {
        Node n = m.require(key);
        try {
            return Quantities.time(m.text(n, key), scenarioStart);
        } catch (IllegalArgumentException e) {
            throw ScenarioProblems.at(m, n, "'" + key + "': " + e.getMessage());
        }
    }

    /** {@code scope: {sources: [...], labels: {...}}}, or just a list of sources. */
    private JsonNode scope(YamlFields m) {
        Node n = m.require("scope");
        if (n instanceof SequenceNode || n instanceof ScalarNode) {
            ObjectNode scope = nodes.objectNode();
            scope.set("sources", json(m, n instanceof ScalarNode ? new SequenceNode(Tag.SEQ, List.of(n),
                    org.snakeyaml.engine.v2.common.FlowStyle.FLOW) : n));
            return scope;
        }
        ScenarioProblems.mapping(m.file(), n, "'scope'").allowOnly(List.of("sources", "labels"));
        return json(m, n);
    }

    private static void putText(ObjectNode d, String key, String value) {
        if (value != null) {
            d.put(key, value);
        }
    }

    /** YAML to JSON keeping numbers' text: integers as integers, other numbers as BigDecimal of the written text. */
    JsonNode json(YamlFields m, Node n) {
        if (n instanceof MappingNode map) {
            ObjectNode o = nodes.objectNode();
            for (NodeTuple t : map.getValue()) {
                o.set(m.text(t.getKeyNode(), "key"), json(m, t.getValueNode()));
            }
            return o;
        }
        if (n instanceof SequenceNode seq) {
            ArrayNode a = nodes.arrayNode();
            seq.getValue().forEach(item -> a.add(json(m, item)));
            return a;
        }
        ScalarNode s = (ScalarNode) n;
        Tag tag = s.getTag();
        String text = s.getValue();
        if (Tag.NULL.equals(tag)) {
            return nodes.nullNode();
        }
        if (Tag.BOOL.equals(tag)) {
            return nodes.booleanNode(Boolean.parseBoolean(text));
        }
        if (Tag.INT.equals(tag)) {
            return nodes.numberNode(new BigInteger(text));
        }
        if (Tag.FLOAT.equals(tag)) {
            try {
                return nodes.numberNode(new BigDecimal(text));
            } catch (NumberFormatException e) {
                throw ScenarioProblems.at(m, n, "'" + text + "' is not a JSON number");
            }
        }
        return nodes.textNode(text);
    }

    private static String write(JsonNode n) {
        try {
            return CanonicalJson.mapper().writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
