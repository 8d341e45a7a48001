package io.slowburn.ingest.prometheus;

import io.slowburn.model.MetricType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads a mapping file (YAML; the format is {@link PrometheusMapping}'s and ingest/MAPPINGS.md's). Every problem is an
 * {@link IllegalArgumentException} naming the file and the entry; an unknown key is one too (a misspelt
 * {@code limit_form} would otherwise silently publish no limit).
 */
final class MappingFileParser {

    private static final Set<String> TOP_KEYS = Set.of("unmapped", "metrics", "resource");
    private static final Set<String> RULE_KEYS = Set.of("match", "metric", "type", "unit", "limit", "limit_from", "keep_labels",
            "labels", "rename_labels", "drop_labels", "add", "from_limit", "scale", "sum", "unless", "continue");

    private MappingFileParser() {
    }

    static PrometheusMapping parse(String yaml, String origin) {
        Object root;
        try {
            root = new Load(LoadSettings.builder().setLabel(origin).build()).loadFromString(yaml);
        } catch (YamlEngineException e) {
            throw new IllegalArgumentException("mapping file '" + origin + "' is not valid YAML: " + e.getMessage(), e);
        }
        if (root == null) {
            return PrometheusMapping.identity();
        }
        if (!(root instanceof Map<?, ?> top)) {
            throw new IllegalArgumentException("mapping file '" + origin + "' must be a YAML mapping with 'metrics:'");
        }
        unknownKeys(top, TOP_KEYS, "mapping file '" + origin + "'");
        Object unmapped = top.get("unmapped");
        boolean keep = unmapped == null || "keep".equals(String.valueOf(unmapped));
        if (unmapped != null && !keep && !"drop".equals(String.valueOf(unmapped))) {
            throw new IllegalArgumentException("mapping file '" + origin + "': 'unmapped' must be keep or drop, got '" + unmapped + "'");
        }
        List<MappingRule> rules = new ArrayList<>();
        Object metrics = top.get("metrics");
        if (metrics != null && !(metrics instanceof List<?>)) {
            throw new IllegalArgumentException("mapping file '" + origin + "': 'metrics' must be a list");
        }
        int index = 0;
        for (Object entry : metrics == null ? List.of() : (List<?>) metrics) {
            index++;
            rules.add(rule(entry, origin + " entry " + index));
        }
        ResourceMapping resource = top.containsKey("resource") ? resource(top.get("resource"), origin + " 'resource'") : null;
        return new PrometheusMapping(rules, keep, resource);
    }

    private static ResourceMapping resource(Object section, String where) {
        if (!(section instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(where + ": must be a mapping with 'source' and 'labels'");
        }
        unknownKeys(m, Set.of("source", "labels"), where);
        List<String> source = m.containsKey("source") ? strings(m.get("source"), where + " 'source'") : ResourceMapping.DEFAULT.source();
        Map<String, String> labels = m.containsKey("labels") ? stringMap(m.get("labels"), where + " 'labels'")
                : ResourceMapping.DEFAULT.labels();
        return new ResourceMapping(source, labels);
    }

    private static MappingRule rule(Object entry, String where) {
        if (!(entry instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(where + ": must be a mapping with 'match' and 'metric'");
        }
        unknownKeys(m, RULE_KEYS, where);
        Selector match = selector(text(m, "match", where, true), where);
        String metric = text(m, "metric", where, true);
        String typeText = text(m, "type", where, false);
        MetricType type = typeText == null ? null : MetricType.fromWire(typeText.toLowerCase(Locale.ROOT));
        if (typeText != null && type == null) {
            throw new IllegalArgumentException(where + ": 'type' must be gauge or counter, got '" + typeText + "'");
        }
        Double limit = m.containsKey("limit") ? positive(m.get("limit"), "limit", where) : null;
        String limitFrom = text(m, "limit_from", where, false);
        String unless = text(m, "unless", where, false);
        List<Selector> add = new ArrayList<>();
        if (m.containsKey("add")) {
            for (String s : strings(m.get("add"), where + " 'add'")) {
                add.add(selector(s, where));
            }
        }
        Set<String> drop = m.containsKey("drop_labels") ? new LinkedHashSet<>(strings(m.get("drop_labels"), where + " 'drop_labels'"))
                : Set.of();
        Map<String, String> set = m.containsKey("labels") ? stringMap(m.get("labels"), where + " 'labels'") : Map.of();
        Map<String, String> rename = m.containsKey("rename_labels") ? stringMap(m.get("rename_labels"), where + " 'rename_labels'")
                : Map.of();
        boolean fromLimit = flag(m, "from_limit", where);
        if (fromLimit && limit == null && limitFrom == null) {
            throw new IllegalArgumentException(where + ": 'from_limit' needs 'limit' or 'limit_from'");
        }
        double scale = m.containsKey("scale") ? positive(m.get("scale"), "scale", where) : 1.0;
        Selector limitSelector = limitFrom == null ? null : selector(limitFrom, where);
        return new MappingRule(match, metric, type, limit, limitSelector, text(m, "unit", where, false),
                flag(m, "keep_labels", where), set, rename, drop, add, fromLimit, scale, flag(m, "sum", where),
                unless == null ? null : selector(unless, where), flag(m, "continue", where));
    }

    private static Selector selector(String text, String where) {
        try {
            return Selector.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static void unknownKeys(Map<?, ?> m, Set<String> known, String where) {
        for (Object k : m.keySet()) {
            if (!known.contains(String.valueOf(k))) {
                String names = String.join(", ", known.stream().sorted().toList());
                throw new IllegalArgumentException(where + ": unknown key '" + k + "' (known: " + names + ")");
            }
        }
    }

    private static double positive(Object v, String key, String where) {
        double d;
        try {
            d = Double.parseDouble(String.valueOf(v));
        } catch (NumberFormatException e) {
            d = Double.NaN;
        }
        if (!(d > 0) || Double.isInfinite(d)) {
            throw new IllegalArgumentException(where + ": '" + key + "' must be a positive number, got '" + v + "'");
        }
        return d;
    }

    private static boolean flag(Map<?, ?> m, String key, String where) {
        Object v = m.get(key);
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException(where + ": '" + key + "' must be true or false, got '" + v + "'");
    }

    private static List<String> strings(Object v, String where) {
        if (v instanceof String s) {
            return List.of(s);
        }
        if (!(v instanceof List<?> list)) {
            throw new IllegalArgumentException(where + ": must be a list of names");
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (o == null || String.valueOf(o).isBlank() || o instanceof Map || o instanceof List) {
                throw new IllegalArgumentException(where + ": must be a list of names, got '" + o + "'");
            }
            out.add(String.valueOf(o));
        }
        return out;
    }

    private static Map<String, String> stringMap(Object v, String where) {
        if (!(v instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(where + ": must be a mapping of names to names");
        }
        Map<String, String> out = new LinkedHashMap<>();
        map.forEach((k, val) -> {
            if (k == null || val == null || val instanceof Map || val instanceof List || String.valueOf(val).isBlank()) {
                throw new IllegalArgumentException(where + ": '" + k + "' must map to a name, got '" + val + "'");
            }
            out.put(String.valueOf(k), String.valueOf(val));
        });
        return out;
    }

    private static String text(Map<?, ?> m, String key, String where, boolean required) {
        Object v = m.get(key);
        if (v == null || String.valueOf(v).isBlank()) {
            if (required) {
                throw new IllegalArgumentException(where + ": missing '" + key + "'");
            }
            return null;
        }
        return String.valueOf(v);
    }
}
