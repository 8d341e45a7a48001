package io.slowburn.ingest.simulate;

import io.slowburn.analysis.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * A YAML mapping of a scenario file with typed, located accessors: every problem is a {@link ScenarioException}
 * naming {@code file:line:col}, unknown and repeated keys included (a typo in a scenario must not silently turn an
 * incident into the default). The rule loader's own helpers are package-private, hence this small equivalent.
 */
final class YamlMap {

    private final String file;
    private final Node node;
    private final Map<String, NodeTuple> entries;

    private YamlMap(String file, Node node, Map<String, NodeTuple> entries) {
        this.file = file;
        this.node = node;
        this.entries = entries;
    }

    /** Parses a whole document; its root must be a mapping. */
    static YamlMap parse(String file, String text) {
        LoadSettings settings = LoadSettings.builder().setLabel(file).setAllowDuplicateKeys(true)
                .setMaxAliasesForCollections(50).build();
        Node root;
        try {
            root = new Compose(settings).composeReader(new java.io.StringReader(text)).orElse(null);
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
            String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem();
            throw new ScenarioException(at(file, mark) + ": invalid YAML: " + problem, e);
        } catch (YamlEngineException e) {
            throw new ScenarioException(file + ":1:1: invalid YAML: " + e.getMessage(), e);
        }
        if (root == null) {
            throw new ScenarioException(file + ":1:1: the scenario is empty");
        }
        return of(file, root, "the scenario");
    }

    /** A mapping node, or a problem saying what {@code what} should have been. */
    static YamlMap of(String file, Node node, String what) {
        if (!(node instanceof MappingNode map)) {
            throw new ScenarioException(at(file, node) + ": " + what + " must be a mapping, got " + kind(node));
        }
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            String key = text(t.getKeyNode());
            if (key == null) {
                throw new ScenarioException(at(file, t.getKeyNode()) + ": expected a key name, got " + kind(t.getKeyNode()));
            }
            if (out.containsKey(key)) {
                throw new ScenarioException(at(file, t.getKeyNode()) + ": duplicate key '" + key + "' (first given at "
                        + at(file, out.get(key).getKeyNode()) + ")");
            }
            out.put(key, t);
        }
        return new YamlMap(file, node, out);
    }

    String file() {
        return file;
    }

    Node node() {
        return node;
    }

    /** Where this mapping starts, as {@code file:line:col}. */
    String where() {
        return at(file, node);
    }

    /** Rejects every key not in {@code allowed}, naming the allowed ones. */
    YamlMap allowOnly(Set<String> allowed, String what) {
        for (NodeTuple t : entries.values()) {
            String key = text(t.getKeyNode());
            if (!allowed.contains(key)) {
                throw new ScenarioException(at(file, t.getKeyNode()) + ": unknown key '" + key + "' in " + what + " (allowed: "
                        + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        }
        return this;
    }

    boolean has(String key) {
        return entries.containsKey(key) && !isNull(entries.get(key).getValueNode());
    }

    Set<String> keys() {
        return entries.keySet();
    }

    /** The value node, or {@code null} when absent or null. */
    Node get(String key) {
        NodeTuple t = entries.get(key);
        return t == null || isNull(t.getValueNode()) ? null : t.getValueNode();
    }

    Node require(String key) {
        Node n = get(key);
        if (n == null) {
            throw problem(node, "missing key '" + key + "'");
        }
        return n;
    }

    YamlMap map(String key) {
        Node n = get(key);
        return n == null ? null : of(file, n, "'" + key + "'");
    }

    String text(String key, String fallback) {
        Node n = get(key);
        if (n == null) {
            return fallback;
        }
        String s = scalar(n, key);
        if (s.isBlank()) {
            throw problem(n, "'" + key + "' is empty");
        }
        return s;
    }

    String requireText(String key) {
        return scalar(require(key), key);
    }

    Duration duration(String key, Duration fallback) {
        Node n = get(key);
        return n == null ? fallback : duration(n, key);
    }

    Duration duration(Node n, String key) {
        String s = scalar(n, key).trim();
        if ("0".equals(s)) {
            return Duration.ZERO;
        }
        try {
            return Durations.parse(s);
        } catch (IllegalArgumentException e) {
            throw problem(n, "'" + key + "': " + e.getMessage());
        }
    }

    long integer(String key, long fallback) {
        Node n = get(key);
        if (n == null) {
            return fallback;
        }
        try {
            return Long.parseLong(scalar(n, key).trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw problem(n, "'" + key + "': expected a whole number, got " + kind(n));
        }
    }

    boolean bool(String key, boolean fallback) {
        Node n = get(key);
        if (n == null) {
            return fallback;
        }
        String s = scalar(n, key).trim().toLowerCase(java.util.Locale.ROOT);
        if (!"true".equals(s) && !"false".equals(s)) {
            throw problem(n, "'" + key + "': expected true or false, got " + kind(n));
        }
        return "true".equals(s);
    }

    /** A list of scalars; a single scalar is a list of one. */
    List<String> texts(String key) {
        Node n = get(key);
        List<String> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        if (n instanceof SequenceNode seq) {
            for (Node item : seq.getValue()) {
                out.add(scalar(item, key));
            }
        } else {
            out.add(scalar(n, key));
        }
        return out;
    }

    /** The items of a list (empty when absent). */
    List<Node> list(String key) {
        Node n = get(key);
        if (n == null) {
            return List.of();
        }
        if (!(n instanceof SequenceNode seq)) {
            throw problem(n, "'" + key + "' must be a list, got " + kind(n));
        }
        return seq.getValue();
    }

    String scalar(Node n, String key) {
        String s = text(n);
        if (s == null) {
            throw problem(n, "'" + key + "' must be a single value, got " + kind(n));
        }
        return s;
    }

    ScenarioException problem(Node at, String message) {
        return new ScenarioException(at(file, at) + ": " + message);
    }

    static String at(String file, Node n) {
        return at(file, n == null ? null : n.getStartMark().orElse(null));
    }

    static String at(String file, Mark mark) {
        return mark == null ? file + ":1:1" : file + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
    }

    static boolean isNull(Node n) {
        return n == null || n instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    static String text(Node n) {
        return n instanceof ScalarNode s && !Tag.NULL.equals(s.getTag()) ? s.getValue() : null;
    }

    static String kind(Node n) {
        if (n instanceof MappingNode) {
            return "a mapping";
        }
        if (n instanceof SequenceNode) {
            return "a list";
        }
        String s = text(n);
        return s == null ? "nothing" : "'" + s + "'";
    }
}
