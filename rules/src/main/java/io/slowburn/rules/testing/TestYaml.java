package io.slowburn.rules.testing;

import io.slowburn.rules.Location;
import io.slowburn.rules.RuleProblem;
import io.slowburn.rules.yaml.YamlFields;
import io.slowburn.rules.yaml.YamlNodes;
import io.slowburn.rules.yaml.YamlValues;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/**
 * The reading context of one rule test file: its name and the sink of its problems, with the few readings of the YAML
 * layer that a test file words its own way (text that must not be blank, a mapping of labels).
 */
final class TestYaml {

    private final String file;
    private final Consumer<RuleProblem> report;

    TestYaml(String file, Consumer<RuleProblem> report) {
        this.file = file;
        this.report = report;
    }

    String file() {
        return file;
    }

    Consumer<RuleProblem> report() {
        return report;
    }

    /** The fields of a mapping, every key not in {@code known} reported. */
    YamlFields fields(MappingNode m, List<String> known, String what) {
        return YamlFields.of(file, m, what, report).allowOnly(known);
    }

    /** A required key's non-blank text; {@code missing required key 'KEY'} at the mapping otherwise. */
    String required(MappingNode m, YamlFields e, String key) {
        if (!e.contains(key)) {
            problem(m, "missing required key '" + key + "'", null);
            return null;
        }
        return text(e.entry(key).getValueNode(), key);
    }

    /** The text of an optional key, {@code null} when absent. */
    String optionalText(YamlFields e, String key) {
        return e.contains(key) ? text(e.entry(key).getValueNode(), key) : null;
    }

    /** A scalar's non-blank text, or {@code null} with {@code 'WHAT' must be text, got ...} reported. */
    String text(Node n, String what) {
        String t = YamlNodes.scalarText(n);
        if (t == null || t.isBlank()) {
            problem(n, "'" + what + "' must be text, got " + YamlNodes.kind(n), null);
            return null;
        }
        return t;
    }

    Double number(Node n, String what) {
        Double d = YamlNodes.number(n);
        if (d == null) {
            problem(n, "'" + what + "' must be a number, got " + YamlNodes.kind(n), null);
        }
        return d;
    }

    /** A mapping of texts (labels). */
    Map<String, String> stringMap(Node n, String what) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!(n instanceof MappingNode m)) {
            problem(n, "'" + what + "' must be a mapping, got " + YamlNodes.kind(n), null);
            return out;
        }
        for (Map.Entry<String, NodeTuple> e : YamlNodes.entries(file, m, report).entrySet()) {
            String v = YamlNodes.scalarText(e.getValue().getValueNode());
            if (v == null) {
                problem(e.getValue().getValueNode(), "value of '" + e.getKey() + "' must be text", null);
            } else {
                out.put(e.getKey(), v);
            }
        }
        return out;
    }

    /** A node as plain Java values (maps, lists, strings, longs, doubles, booleans, null). */
    Object plain(Node n) {
        return YamlValues.plain(file, n, report);
    }

    Map<String, NodeTuple> entries(MappingNode m) {
        return YamlNodes.entries(file, m, report);
    }

    Location at(Node n) {
        return YamlNodes.location(file, n);
    }

    void problem(Node at, String message, String hint) {
        report.accept(RuleProblem.at(at(at), message, hint));
    }
}
