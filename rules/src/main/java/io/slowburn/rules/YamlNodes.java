package io.slowburn.rules;

import io.slowburn.analysis.Durations;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/** Helpers over snakeyaml-engine nodes: locations, typed scalars, mappings with duplicate detection (also used by rule tests). */
public final class YamlNodes {

    private YamlNodes() {
    }

    public static Location location(String file, Node node) {
        if (node == null) {
            return new Location(file, 1, 1);
        }
        return location(file, node.getStartMark().orElse(null));
    }

    public static Location location(String file, Mark mark) {
        if (mark == null) {
            return new Location(file, 1, 1);
        }
        // A node merged from another file (an override) keeps that file's name in its marks.
        String name = mark.getName() == null || "reader".equals(mark.getName()) ? file : mark.getName();
        return new Location(name, mark.getLine() + 1, mark.getColumn() + 1);
    }

    public static String kind(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (node instanceof ScalarNode s) {
            if (Tag.NULL.equals(s.getTag())) {
                return "nothing";
            }
            return "'" + Excerpt.of(s.getValue()) + "'";
        }
        return "something else";
    }

    public static boolean isNull(Node node) {
        return node == null || node instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    /** A scalar's text whatever its resolved type, or {@code null} for a non-scalar or null. */
    public static String scalarText(Node node) {
        return node instanceof ScalarNode s && !Tag.NULL.equals(s.getTag()) ? s.getValue() : null;
    }

    /** A quoted or plain string scalar (a number or boolean written bare is not text). */
    public static boolean isText(Node node) {
        return node instanceof ScalarNode s && Tag.STR.equals(s.getTag());
    }

    /**
     * The entries of a mapping by key, in file order; a non-text key or a repeated key is reported and skipped.
     */
    public static Map<String, NodeTuple> entries(String file, MappingNode map, List<RuleProblem> problems) {
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            String key = scalarText(t.getKeyNode());
            if (key == null) {
                problems.add(RuleProblem.at(location(file, t.getKeyNode()), "expected a key name, got " + kind(t.getKeyNode()), null));
                continue;
            }
            if (out.containsKey(key)) {
                problems.add(RuleProblem.at(location(file, t.getKeyNode()), "duplicate key '" + key + "'",
                    "first given at " + location(file, out.get(key).getKeyNode())));
                continue;
            }
            out.put(key, t);
        }
        return out;
    }

    /** Parses a duration scalar ({@code 15m}, {@code 7d}; a bare {@code 0} is zero). Throws with the reason. */
    public static Duration duration(Node node) {
        String text = node instanceof ScalarNode s ? s.getValue() : null;
        if (text == null || node instanceof ScalarNode s && Tag.NULL.equals(s.getTag())) {
            throw new IllegalArgumentException("expected a duration such as '15m' or '7d', got " + kind(node));
        }
        if ("0".equals(text.trim())) {
            return Duration.ZERO;
        }
        return Durations.parse(text);
    }
}
