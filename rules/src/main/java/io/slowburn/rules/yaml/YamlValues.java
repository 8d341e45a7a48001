package io.slowburn.rules.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slowburn.rules.RuleProblem;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * A whole YAML node as untyped values, for the parts of a file slowburn passes on rather than reads key by key (an
 * event's attributes, an experiment declaration, a rule published as JSON, a chaos tool's manifest). Scalars are typed
 * by the one dialect of {@link YamlNodes}: {@code 1000} is a number, {@code "1000"} and {@code 1_000} are text,
 * {@code true} unquoted is a flag. Repeated and non-text keys are reported (at their line and column) and left out, as
 * everywhere else; nesting deeper than {@value #MAX_DEPTH} levels is reported and cut there.
 */
public final class YamlValues {

    /** Levels of nesting a value may have: real documents use a handful, and recursion must stay bounded. */
    public static final int MAX_DEPTH = 64;

    private final String file;
    private final Consumer<RuleProblem> report;

    private YamlValues(String file, Consumer<RuleProblem> report) {
        this.file = file;
        this.report = report;
    }

    /**
     * A node as plain Java values: {@code LinkedHashMap}, {@code List}, {@code String}, {@code Long}, {@code Double},
     * {@code Boolean}, null.
     */
    public static Object plain(String file, Node node, Consumer<RuleProblem> report) {
        return new YamlValues(file, report).plain(node, 0);
    }

    /** A node as a Jackson tree (for JSON output): decimals kept exact as {@code BigDecimal}, large integers as {@code BigInteger}. */
    public static JsonNode json(String file, Node node, Consumer<RuleProblem> report) {
        return new YamlValues(file, report).json(node, 0);
    }

    private boolean tooDeep(Node n, int depth) {
        if (depth <= MAX_DEPTH) {
            return false;
        }
        report.accept(RuleProblem.at(YamlNodes.location(file, n), "nested more than " + MAX_DEPTH + " levels deep", null));
        return true;
    }

    private Object plain(Node n, int depth) {
        if (n == null || tooDeep(n, depth)) {
            return null;
        }
        if (n instanceof MappingNode m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, NodeTuple> e : YamlNodes.entries(file, m, report).entrySet()) {
                out.put(e.getKey(), plain(e.getValue().getValueNode(), depth + 1));
            }
            return out;
        }
        if (n instanceof SequenceNode s) {
            List<Object> out = new ArrayList<>();
            s.getValue().forEach(i -> out.add(plain(i, depth + 1)));
            return out;
        }
        ScalarNode s = (ScalarNode) n;
        if (Tag.NULL.equals(s.getTag())) {
            return null;
        }
        Boolean flag = YamlNodes.flag(s);
        if (flag != null) {
            return flag;
        }
        if (Tag.INT.equals(s.getTag())) {
            Long l = YamlNodes.integer(s);
            return l == null ? s.getValue() : l;
        }
        if (Tag.FLOAT.equals(s.getTag())) {
            Double d = YamlNodes.number(s);
            return d == null ? s.getValue() : d;
        }
        return s.getValue();
    }

    private JsonNode json(Node n, int depth) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (n == null || tooDeep(n, depth)) {
            return f.nullNode();
        }
        if (n instanceof MappingNode m) {
            ObjectNode out = f.objectNode();
            for (Map.Entry<String, NodeTuple> e : YamlNodes.entries(file, m, report).entrySet()) {
                out.set(e.getKey(), json(e.getValue().getValueNode(), depth + 1));
            }
            return out;
        }
        if (n instanceof SequenceNode s) {
            ArrayNode out = f.arrayNode();
            s.getValue().forEach(i -> out.add(json(i, depth + 1)));
            return out;
        }
        ScalarNode s = (ScalarNode) n;
        if (Tag.NULL.equals(s.getTag())) {
            return f.nullNode();
        }
        Boolean flag = YamlNodes.flag(s);
        if (flag != null) {
            return f.booleanNode(flag);
        }
        try {
            if (Tag.INT.equals(s.getTag())) {
                return f.numberNode(new BigInteger(s.getValue()));
            }
            if (Tag.FLOAT.equals(s.getTag()) && YamlNodes.number(s) != null) {
                return f.numberNode(new BigDecimal(s.getValue()));
            }
        } catch (NumberFormatException e) {
            // a JSON-schema number Java does not parse (none known): keep the text
        }
        return f.textNode(s.getValue());
    }
}
