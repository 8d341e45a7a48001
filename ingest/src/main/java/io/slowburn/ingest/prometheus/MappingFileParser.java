package io.slowburn.ingest.prometheus;

import io.slowburn.model.MetricType;
import io.slowburn.rules.RuleProblem;
import io.slowburn.rules.yaml.YamlDocument;
import io.slowburn.rules.yaml.YamlFields;
import io.slowburn.rules.yaml.YamlNodes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads a mapping file (YAML; the format is {@link PrometheusMapping}'s and ingest/MAPPINGS.md's) with the rules' YAML
 * layer: the same dialect, and every problem an {@link IllegalArgumentException} starting with {@code file:line:col:}
 * (the first found); an unknown key is one too, with the closest known key (a misspelt {@code limit_form} would
 * otherwise silently publish no limit).
 */
final class MappingFileParser {

    private static final List<String> TOP_KEYS = List.of("unmapped", "metrics", "resource");
    private static final List<String> RULE_KEYS = List.of("match", "metric", "type", "unit", "limit", "limit_from", "keep_labels",
            "labels", "rename_labels", "drop_labels", "add", "from_limit", "scale", "sum", "unless", "continue");
    /** A mapping file stops at its first problem. */
    private static final Consumer<RuleProblem> STOP = p -> {
        throw new IllegalArgumentException(p.toString());
    };

    private MappingFileParser() {
    }

    static PrometheusMapping parse(String yaml, String origin) {
        Node root = YamlDocument.compose(origin, yaml, STOP).orElse(null);
        if (root == null) {
            return PrometheusMapping.identity();
        }
        YamlFields top = YamlFields.mapping(origin, root, "a mapping file (with 'metrics:')", STOP).orElseThrow().allowOnly(TOP_KEYS);
        String unmapped = top.text("unmapped", "keep");
        if (!"keep".equals(unmapped) && !"drop".equals(unmapped)) {
            top.problem("unmapped", "'unmapped' must be keep or drop, got '" + unmapped + "'", null);
        }
        List<MappingRule> rules = new ArrayList<>();
        for (Node entry : top.list("metrics", "a list of {match, metric, ...}")) {
            rules.add(rule(YamlFields.mapping(origin, entry, "a 'metrics' entry (with 'match' and 'metric')", STOP).orElseThrow()));
        }
        ResourceMapping resource = top.contains("resource") ? resource(top) : null;
        return new PrometheusMapping(rules, "keep".equals(unmapped), resource);
    }

    private static ResourceMapping resource(YamlFields top) {
        YamlFields m = YamlFields.mapping(top.file(), top.get("resource"), "'resource' (with 'source' and 'labels')", STOP)
                .orElseThrow().allowOnly(List.of("source", "labels"));
        List<String> source = m.has("source") ? names(m, "source") : ResourceMapping.DEFAULT.source();
        Map<String, String> labels = m.has("labels") ? nameMap(m, "labels") : ResourceMapping.DEFAULT.labels();
        return new ResourceMapping(source, labels);
    }

    private static MappingRule rule(YamlFields m) {
        m.allowOnly(RULE_KEYS, "a 'metrics' entry");
        Selector match = selector(m, "match");
        String metric = m.text("metric", true);
        String typeText = m.text("type", false);
        MetricType type = typeText == null ? null : MetricType.fromWire(typeText.toLowerCase(Locale.ROOT));
        if (typeText != null && type == null) {
            m.problem("type", "'type' must be gauge or counter, got '" + typeText + "'", null);
        }
        Double limit = m.has("limit") ? positive(m, "limit") : null;
        Selector limitFrom = m.has("limit_from") ? selector(m, "limit_from") : null;
        Selector unless = m.has("unless") ? selector(m, "unless") : null;
        List<Selector> add = new ArrayList<>();
        for (String s : m.has("add") ? names(m, "add") : List.<String>of()) {
            add.add(selector(m, "add", s));
        }
        Set<String> drop = m.has("drop_labels") ? new LinkedHashSet<>(names(m, "drop_labels")) : Set.of();
        Map<String, String> set = m.has("labels") ? nameMap(m, "labels") : Map.of();
        Map<String, String> rename = m.has("rename_labels") ? nameMap(m, "rename_labels") : Map.of();
        boolean fromLimit = m.flag("from_limit", false);
        if (fromLimit && limit == null && limitFrom == null) {
            m.problem("from_limit", "'from_limit' needs 'limit' or 'limit_from'", null);
        }
        double scale = m.has("scale") ? positive(m, "scale") : 1.0;
        return new MappingRule(match, metric, type, limit, limitFrom, m.text("unit", false), m.flag("keep_labels", false), set, rename,
                drop, add, fromLimit, scale, m.flag("sum", false), unless, m.flag("continue", false));
    }

    private static Selector selector(YamlFields m, String key) {
        return selector(m, key, m.text(key, true));
    }

    private static Selector selector(YamlFields m, String key, String text) {
        try {
            return Selector.parse(text);
        } catch (IllegalArgumentException e) {
            m.problem(key, "'" + key + "': " + e.getMessage(), null);
            return null;
        }
    }

    private static double positive(YamlFields m, String key) {
        Double d = YamlNodes.number(m.get(key));
        if (d == null || !(d > 0)) {
            m.problem(key, "'" + key + "' must be a positive number, got " + YamlNodes.kind(m.get(key)), null);
        }
        return d == null ? 1.0 : d;
    }

    /** One name or a list of names. */
    private static List<String> names(YamlFields m, String key) {
        List<String> names = m.texts(key);
        if (names.isEmpty() || names.stream().anyMatch(String::isBlank)) {
            m.problem(key, "'" + key + "' must be a list of names", null);
        }
        return names;
    }

    private static Map<String, String> nameMap(YamlFields m, String key) {
        YamlFields map = YamlFields.mapping(m.file(), m.get(key), "'" + key + "' (a mapping of names to names)", STOP).orElseThrow();
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : map.keys()) {
            String v = map.text(k, true);
            if (v.isBlank()) {
                map.problem(k, "'" + k + "' must map to a name", null);
            }
            out.put(k, v);
        }
        return out;
    }
}
