package io.slowburn.rules.yaml;

import io.slowburn.model.WireName;
import io.slowburn.rules.Location;
import io.slowburn.rules.RuleProblem;
import io.slowburn.rules.Suggest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Typed, located reading of one YAML mapping, shared by every reader of slowburn files (rules, rule tests, scenarios,
 * Prometheus mappings). Each problem is a {@link RuleProblem} at the line and column of the offending key or value,
 * handed to a sink: a reader that reports every problem collects them ({@code problems::add}) and goes on with the
 * default each accessor then returns; a reader that stops at the first throws from the sink. Keys are read in the
 * dialect of {@link YamlNodes}; repeated and non-text keys are reported when the mapping is opened.
 *
 * <pre>{@code
 * YamlFields f = YamlFields.of(file, node, "rule", problems::add).allowOnly(RULE_KEYS);
 * String name = f.text("name", true);                 // r.yaml:2:5: missing required key 'name'
 * Duration hold = f.duration("for", Duration.ZERO);   // r.yaml:9:10: 'for': duration 'soon' ...
 * }</pre>
 */
public final class YamlFields {

    private final String file;
    private final MappingNode node;
    private final String what;
    private final Map<String, NodeTuple> entries;
    private final Consumer<RuleProblem> report;

    private YamlFields(String file, MappingNode node, String what, Consumer<RuleProblem> report) {
        this.file = Objects.requireNonNull(file, "file");
        this.node = Objects.requireNonNull(node, "node");
        this.what = what;
        this.report = Objects.requireNonNull(report, "report");
        this.entries = YamlNodes.entries(file, node, report);
    }

    /**
     * The fields of a mapping.
     *
     * @param what what the mapping is, for messages ({@code rule}, {@code 'select'}, {@code a scenario})
     */
    public static YamlFields of(String file, MappingNode node, String what, Consumer<RuleProblem> report) {
        return new YamlFields(file, node, what, report);
    }

    /** The fields of {@code node} when it is a mapping; otherwise {@code WHAT must be a mapping, got ...} is reported. */
    public static Optional<YamlFields> mapping(String file, Node node, String what, Consumer<RuleProblem> report) {
        if (node instanceof MappingNode m) {
            return Optional.of(new YamlFields(file, m, what, report));
        }
        report.accept(RuleProblem.at(YamlNodes.location(file, node), what + " must be a mapping, got " + YamlNodes.kind(node), null));
        return Optional.empty();
    }

    /** Reports every key not in {@code known}, with the closest known key or the list of them. */
    public YamlFields allowOnly(Collection<String> known) {
        return allowOnly(known, what);
    }

    /** As {@link #allowOnly(Collection)}, naming the mapping {@code what} (once its type is known: a heap_leak incident). */
    public YamlFields allowOnly(Collection<String> known, String what) {
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (!known.contains(e.getKey())) {
                String hint = Suggest.didYouMean(e.getKey(), known);
                report.accept(RuleProblem.at(YamlNodes.location(file, e.getValue().getKeyNode()), "unknown key '" + e.getKey() + "' in "
                    + what, hint != null ? hint : "known keys: " + String.join(", ", known)));
            }
        }
        return this;
    }

    public String file() {
        return file;
    }

    public MappingNode node() {
        return node;
    }

    /** Where the mapping starts. */
    public Location where() {
        return YamlNodes.location(file, node);
    }

    /** Where a key's value is, or the mapping when the key is absent. */
    public Location at(String key) {
        NodeTuple t = entries.get(key);
        return YamlNodes.location(file, t == null ? node : t.getValueNode());
    }

    public Location at(Node n) {
        return YamlNodes.location(file, n);
    }

    /** The keys given, in file order (repeated and non-text keys left out). */
    public Set<String> keys() {
        return entries.keySet();
    }

    /** Whether the key is given, even with no value. */
    public boolean contains(String key) {
        return entries.containsKey(key);
    }

    /** Whether the key is given with a value. */
    public boolean has(String key) {
        return get(key) != null;
    }

    /** The key and value as written, or {@code null}. */
    public NodeTuple entry(String key) {
        return entries.get(key);
    }

    /** The value, or {@code null} when the key is absent or has no value. */
    public Node get(String key) {
        NodeTuple t = entries.get(key);
        return t == null || YamlNodes.isNull(t.getValueNode()) ? null : t.getValueNode();
    }

    /** The value; when absent, {@code missing required key 'KEY'} is reported (at the key when it has no value). */
    public Node require(String key) {
        Node v = get(key);
        if (v == null) {
            NodeTuple t = entries.get(key);
            problem(t == null ? node : t.getKeyNode(), "missing required key '" + key + "'", null);
        }
        return v;
    }

    private Node value(String key, boolean required) {
        return required ? require(key) : get(key);
    }

    /** A scalar's text (any scalar: {@code 12} is the text {@code "12"}), or {@code null}. */
    public String text(String key, boolean required) {
        Node v = value(key, required);
        if (v == null) {
            return null;
        }
        return text(v, key);
    }

    /** A node's text when it is a scalar; otherwise {@code 'KEY' must be text, got ...} is reported. */
    public String text(Node v, String key) {
        String s = YamlNodes.scalarText(v);
        if (s == null) {
            problem(v, "'" + key + "' must be text, got " + YamlNodes.kind(v), null);
        }
        return s;
    }

    /** A scalar's text, {@code fallback} when absent; blank text is a problem. */
    public String text(String key, String fallback) {
        if (!has(key)) {
            return fallback;
        }
        String s = text(key, false);
        if (s != null && s.isBlank()) {
            problem(get(key), "'" + key + "' is empty", null);
            return fallback;
        }
        return s == null ? fallback : s;
    }

    /** One of an enum's wire names, reported with the allowed ones and the closest. */
    public <E extends Enum<E> & WireName> E wire(String key, Class<E> type, boolean required) {
        Node v = value(key, required);
        return v == null ? null : wire(v, key, type);
    }

    /** A node as one of an enum's wire names; {@code what} names it in the problem ({@code unknown WHAT 'x'}). */
    public <E extends Enum<E> & WireName> E wire(Node v, String what, Class<E> type) {
        String text = YamlNodes.scalarText(v);
        E e = WireName.parse(type, text);
        if (e == null) {
            List<String> allowed = Arrays.stream(type.getEnumConstants()).map(WireName::wire).toList();
            problem(v, "unknown " + what + " " + (text == null ? YamlNodes.kind(v) : "'" + text + "'") + "; allowed: "
                + String.join(", ", allowed), Suggest.didYouMean(text, allowed));
        }
        return e;
    }

    public Duration duration(String key, Duration defaultValue) {
        Node v = get(key);
        return v == null ? defaultValue : duration(v, key, defaultValue);
    }

    /** A duration node ({@code 15m}); a problem names {@code key}. */
    public Duration duration(Node v, String key, Duration defaultValue) {
        try {
            return YamlNodes.duration(v);
        } catch (IllegalArgumentException ex) {
            problem(v, "'" + key + "': " + ex.getMessage(), null);
            return defaultValue;
        }
    }

    /** {@code true} or {@code false}, unquoted. */
    public boolean flag(String key, boolean defaultValue) {
        Node v = get(key);
        if (v == null) {
            return defaultValue;
        }
        Boolean b = YamlNodes.flag(v);
        if (b == null) {
            problem(v, "'" + key + "' must be true or false, got " + YamlNodes.kind(v), null);
            return defaultValue;
        }
        return b;
    }

    /** A whole number written as one ({@code 1000}; {@code 1_000} and {@code "1000"} are text). */
    public long integer(String key, long defaultValue) {
        Node v = get(key);
        if (v == null) {
            return defaultValue;
        }
        Long l = YamlNodes.integer(v);
        if (l == null) {
            problem(v, "'" + key + "' must be a whole number, got " + YamlNodes.kind(v), null);
            return defaultValue;
        }
        return l;
    }

    /** A finite number written as one. */
    public double number(String key, double defaultValue) {
        Node v = get(key);
        if (v == null) {
            return defaultValue;
        }
        Double d = YamlNodes.number(v);
        if (d == null) {
            problem(v, "'" + key + "' must be a number, got " + YamlNodes.kind(v), null);
            return defaultValue;
        }
        return d;
    }

    /** A list of scalars' texts; a single scalar is a list of one; empty when absent. */
    public List<String> texts(String key) {
        Node v = get(key);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        for (Node item : v instanceof SequenceNode s ? s.getValue() : List.of(v)) {
            String t = YamlNodes.scalarText(item);
            if (t == null) {
                problem(item, "'" + key + "' must be a list of values, got " + YamlNodes.kind(item) + " in it", null);
            } else {
                out.add(t);
            }
        }
        return out;
    }

    /** The items of a list (empty when absent); {@code 'KEY' must be EXPECTED, got ...} when it is not a list. */
    public List<Node> list(String key, String expected) {
        Node v = get(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof SequenceNode seq) {
            return seq.getValue();
        }
        problem(v, "'" + key + "' must be " + expected + ", got " + YamlNodes.kind(v), null);
        return List.of();
    }

    /** A nested mapping (empty when absent); {@code what} names it in its own problems. */
    public Optional<YamlFields> map(String key, String what) {
        Node v = get(key);
        return v == null ? Optional.empty() : mapping(file, v, what, report);
    }

    /** Reports a problem at a node of this mapping. */
    public void problem(Node at, String message, String hint) {
        report.accept(RuleProblem.at(YamlNodes.location(file, at), message, hint));
    }

    /** Reports a problem at a key's value (or the mapping when absent). */
    public void problem(String key, String message, String hint) {
        report.accept(RuleProblem.at(at(key), message, hint));
    }
}
