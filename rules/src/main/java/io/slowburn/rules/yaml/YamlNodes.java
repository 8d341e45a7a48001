package io.slowburn.rules.yaml;

import io.slowburn.analysis.Durations;
import io.slowburn.rules.Excerpt;
import io.slowburn.rules.Location;
import io.slowburn.rules.RuleProblem;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Helpers over snakeyaml-engine nodes: locations, descriptions, and the scalars of the one YAML dialect every slowburn
 * file is read in (rules/README.md, "YAML dialect"): the JSON schema of YAML 1.2, so a number is a number only when
 * written as one ({@code 1000}, not {@code 1_000} nor {@code "1000"}) and a flag is {@code true} or {@code false}
 * unquoted ({@code "true"}, {@code yes} and {@code True} are text). The typed readers return {@code null} for a scalar
 * of another type; callers word the problem for their context.
 */
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

    /** What a node is, for a message: {@code a mapping}, {@code a list}, {@code nothing} or a short excerpt of a scalar. */
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

    /** {@code true} or {@code false} written unquoted; {@code null} for anything else ({@code "true"}, {@code yes}). */
    public static Boolean flag(Node node) {
        return node instanceof ScalarNode s && Tag.BOOL.equals(s.getTag()) ? Boolean.valueOf(s.getValue()) : null;
    }

    /** A whole number written as one ({@code 42}, {@code -1}); {@code null} for anything else ({@code 1_000}, {@code "42"}). */
    public static Long integer(Node node) {
        if (node instanceof ScalarNode s && Tag.INT.equals(s.getTag())) {
            try {
                return Long.valueOf(s.getValue());
            } catch (NumberFormatException e) {
                return null; // too large for a long
            }
        }
        return null;
    }

    /** A finite number written as one ({@code 3}, {@code 0.9}, {@code 1e3}); {@code null} for anything else. */
    public static Double number(Node node) {
        if (node instanceof ScalarNode s && (Tag.INT.equals(s.getTag()) || Tag.FLOAT.equals(s.getTag()))) {
            try {
                double d = Double.parseDouble(s.getValue());
                return Double.isFinite(d) ? d : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** Parses a duration scalar ({@code 15m}, {@code 7d}; a bare {@code 0} is zero). Throws with the reason. */
    public static Duration duration(Node node) {
        String text = scalarText(node);
        if (text == null) {
            throw new IllegalArgumentException("expected a duration such as '15m' or '7d', got " + kind(node));
        }
        if ("0".equals(text.trim())) {
            return Duration.ZERO;
        }
        return Durations.parse(text);
    }

    /**
     * The entries of a mapping by key, in file order; a non-text key or a repeated key is reported and skipped.
     */
    public static Map<String, NodeTuple> entries(String file, MappingNode map, Consumer<RuleProblem> report) {
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            String key = scalarText(t.getKeyNode());
            if (key == null) {
                report.accept(RuleProblem.at(location(file, t.getKeyNode()), "expected a key name, got " + kind(t.getKeyNode()), null));
                continue;
            }
            if (out.containsKey(key)) {
                report.accept(RuleProblem.at(location(file, t.getKeyNode()), "duplicate key '" + key + "'",
                    "first given at " + location(file, out.get(key).getKeyNode())));
                continue;
            }
            out.put(key, t);
        }
        return out;
    }
}
