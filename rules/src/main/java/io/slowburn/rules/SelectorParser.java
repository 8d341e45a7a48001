package io.slowburn.rules;

import io.slowburn.rules.yaml.YamlFields;
import io.slowburn.rules.yaml.YamlNodes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** Parses a rule's {@code select:} and the value matchers it and exceptions use, reporting every problem. */
final class SelectorParser {

    static final List<String> SELECT_KEYS = List.of("metric", "metrics", "events", "labels", "sources");
    private static final List<String> WHAT = List.of("metric", "metrics", "events");

    private SelectorParser() {
    }

    /** The rule's selector, or {@code null} when it has a problem (each is reported). */
    static Selector select(YamlFields rule, List<RuleProblem> problems) {
        NodeTuple entry = rule.entry("select");
        if (entry == null || YamlNodes.isNull(entry.getValueNode())) {
            rule.problem(entry == null ? rule.node() : entry.getKeyNode(), "missing required key 'select'",
                "select: {metric: NAME} or {metrics: [A, B]} or {events: [KIND, ...]}");
            return null;
        }
        if (!(entry.getValueNode() instanceof MappingNode node)) {
            rule.problem(entry.getValueNode(), "'select' must be a mapping, got " + YamlNodes.kind(entry.getValueNode()), null);
            return null;
        }
        int before = problems.size();
        YamlFields s = YamlFields.of(rule.file(), node, "select", problems::add).allowOnly(SELECT_KEYS);
        List<String> given = WHAT.stream().filter(s::contains).toList();
        Set<String> metrics = new LinkedHashSet<>();
        Set<String> events = new LinkedHashSet<>();
        if (given.isEmpty()) {
            s.problem(node, "select needs one of 'metric', 'metrics' or 'events'", null);
        } else if (given.size() > 1) {
            s.problem(s.entry(given.get(1)).getKeyNode(), "select takes only one of 'metric', 'metrics' or 'events', got "
                + String.join(" and ", given), null);
        } else {
            String k = given.get(0);
            Node v = s.entry(k).getValueNode();
            if (!"metric".equals(k)) {
                ("metrics".equals(k) ? metrics : events).addAll(names(s, k, v));
            } else if (YamlNodes.isText(v) && !YamlNodes.scalarText(v).isBlank()) {
                metrics.add(YamlNodes.scalarText(v));
            } else {
                s.problem(v, "'metric' must be a metric name, got " + YamlNodes.kind(v), "for several metrics write metrics: [a, b]");
            }
        }
        Map<String, ValueMatcher> labels = labels(s, "e.g. labels: {area: heap, service: \"=~check.*\"}", problems);
        List<ValueMatcher> sources = matchers(s, "sources");
        if (problems.size() > before) {
            return null;
        }
        return new Selector(metrics, events, labels, sources);
    }

    private static List<String> names(YamlFields s, String key, Node v) {
        List<String> out = new ArrayList<>();
        if (!(v instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            s.problem(v, "'" + key + "' must be a non-empty list of names, got " + YamlNodes.kind(v), "e.g. " + key + ": [a, b]");
            return out;
        }
        for (Node item : seq.getValue()) {
            if (YamlNodes.isText(item) && !YamlNodes.scalarText(item).isBlank()) {
                out.add(YamlNodes.scalarText(item));
            } else {
                s.problem(item, "expected a name in '" + key + "', got " + YamlNodes.kind(item), null);
            }
        }
        return out;
    }

    /** The matchers of a key: one, or a list of them (empty when absent). */
    static List<ValueMatcher> matchers(YamlFields f, String key) {
        List<ValueMatcher> out = new ArrayList<>();
        Node v = f.get(key);
        if (v == null) {
            return out;
        }
        for (Node item : v instanceof SequenceNode s ? s.getValue() : List.of(v)) {
            ValueMatcher m = matcher(f, item, key);
            if (m != null) {
                out.add(m);
            }
        }
        return out;
    }

    private static ValueMatcher matcher(YamlFields f, Node v, String what) {
        String text = YamlNodes.scalarText(v);
        if (text == null) {
            f.problem(v, "matcher for " + what + " must be text, got " + YamlNodes.kind(v),
                "exact \"v\", regex \"=~v\", not \"!=v\", not-regex \"!~v\"");
            return null;
        }
        try {
            return ValueMatcher.parse(text);
        } catch (IllegalArgumentException ex) {
            f.problem(v, "matcher for " + what + ": " + ex.getMessage(), null);
            return null;
        }
    }

    /** The {@code labels:} mapping of label name to matcher (empty when absent). */
    static Map<String, ValueMatcher> labels(YamlFields f, String hint, List<RuleProblem> problems) {
        Map<String, ValueMatcher> labels = new LinkedHashMap<>();
        Node v = f.get("labels");
        if (v == null) {
            return labels;
        }
        if (!(v instanceof MappingNode lm)) {
            f.problem(v, "'labels' must be a mapping of label to matcher, got " + YamlNodes.kind(v), hint);
            return labels;
        }
        YamlFields l = YamlFields.of(f.file(), lm, "labels", problems::add);
        for (String label : l.keys()) {
            ValueMatcher m = matcher(l, l.entry(label).getValueNode(), "label '" + label + "'");
            if (m != null) {
                labels.put(label, m);
            }
        }
        return labels;
    }
}
