package io.slowburn.ingest.prometheus;

import io.slowburn.ingest.SourceNames;
import io.slowburn.model.MetricSample;
import io.slowburn.model.MetricType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Turns parsed samples into contract samples. Types, by default:
 * <ul>
 * <li>counter → {@code counter} ({@code _created} samples are dropped: a timestamp, not a count);</li>
 * <li>gauge, untyped, info, stateset → {@code gauge};</li>
 * <li>summary quantiles → {@code gauge} with the {@code quantile} label; {@code _sum}/{@code _count} → counters;</li>
 * <li>histogram buckets → {@code counter} labelled {@code le}; {@code _sum}/{@code _count} → counters. Buckets are
 *     published as they are rather than as computed quantiles: a quantile over cumulative buckets is meaningless
 *     without the rate between two scrapes, which the detector computes over the stream anyway;</li>
 * <li>gauge histograms → gauges.</li>
 * </ul>
 * A mapping file (YAML) renames and retypes selected samples; unmapped samples keep their Prometheus name unless
 * {@code unmapped: drop}:
 * <pre>
 * unmapped: keep            # or drop: publish only what is mapped
 * metrics:
 *   - match: 'http_request_duration_seconds{quantile="0.99"}'
 *     metric: app.latency.p99
 *     type: gauge           # optional: gauge or counter
 *     unit: seconds         # optional
 *   - match: process_open_fds
 *     metric: os.fd.open
 *     limit_from: process_max_fds   # or limit: 1024
 *     keep_labels: false    # default: selector labels are dropped from the output
 * </pre>
 */
public final class PrometheusMapping {

    private final List<MappingRule> rules;
    private final boolean keepUnmapped;

    PrometheusMapping(List<MappingRule> rules, boolean keepUnmapped) {
        this.rules = List.copyOf(rules);
        this.keepUnmapped = keepUnmapped;
    }

    /** No renames: every sample under its Prometheus name. */
    public static PrometheusMapping identity() {
        return new PrometheusMapping(List.of(), true);
    }

    /** Reads a mapping file; a bad file is an {@link IllegalArgumentException} naming the file and the entry. */
    public static PrometheusMapping load(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read mapping file '" + file + "': " + e.getMessage(), e);
        }
    }

    static PrometheusMapping parse(String yaml, String origin) {
        Object root;
        try {
            root = new Load(LoadSettings.builder().setLabel(origin).build()).loadFromString(yaml);
        } catch (YamlEngineException e) {
            throw new IllegalArgumentException("mapping file '" + origin + "' is not valid YAML: " + e.getMessage(), e);
        }
        if (root == null) {
            return identity();
        }
        if (!(root instanceof Map<?, ?> top)) {
            throw new IllegalArgumentException("mapping file '" + origin + "' must be a YAML mapping with 'metrics:'");
        }
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
        return new PrometheusMapping(rules, keep);
    }

    private static MappingRule rule(Object entry, String where) {
        if (!(entry instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(where + ": must be a mapping with 'match' and 'metric'");
        }
        String match = text(m, "match", where, true);
        String metric = text(m, "metric", where, true);
        ParseResult selector = new PrometheusTextParser().parse(match + " 0", PrometheusTextParser.Format.TEXT_0_0_4);
        if (selector.samples().size() != 1) {
            throw new IllegalArgumentException(where + ": 'match' is not a selector like name{label=\"value\"}: '" + match + "'");
        }
        PromSample s = selector.samples().get(0);
        String typeText = text(m, "type", where, false);
        MetricType type = typeText == null ? null : MetricType.fromWire(typeText.toLowerCase(Locale.ROOT));
        if (typeText != null && type == null) {
            throw new IllegalArgumentException(where + ": 'type' must be gauge or counter, got '" + typeText + "'");
        }
        Double limit = null;
        Object l = m.get("limit");
        if (l != null) {
            try {
                limit = Double.parseDouble(String.valueOf(l));
            } catch (NumberFormatException e) {
                limit = null;
            }
            if (limit == null || !(limit > 0) || limit.isInfinite()) {
                throw new IllegalArgumentException(where + ": 'limit' must be a positive number, got '" + l + "'");
            }
        }
        boolean keepLabels = Boolean.parseBoolean(String.valueOf(m.get("keep_labels")));
        return new MappingRule(s.name(), s.labels(), metric, type, limit, text(m, "limit_from", where, false),
                text(m, "unit", where, false), keepLabels);
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

    /**
     * Maps one scrape. {@code scrapeTimeMs} stamps samples that carry no timestamp of their own. Label values are
     * sanitized for series ids ({@code ,} and {@code |} become {@code _}).
     */
    public List<MetricSample> map(List<PromSample> samples, String source, long scrapeTimeMs) {
        Map<String, PromSample> byIdentity = new HashMap<>();
        for (PromSample s : samples) {
            byIdentity.put(identity(s.name(), s.labels()), s);
        }
        List<MetricSample> out = new ArrayList<>(samples.size());
        for (PromSample s : samples) {
            if (s.suffix().equals("_created")) {
                continue;
            }
            MappingRule rule = ruleFor(s);
            if (rule == null && !keepUnmapped) {
                continue;
            }
            MetricType type = rule != null && rule.type() != null ? rule.type() : defaultType(s);
            Map<String, String> labels = new TreeMap<>();
            s.labels().forEach((k, v) -> {
                if (rule == null || rule.keepLabels() || !rule.labels().containsKey(k)) {
                    labels.put(k, SourceNames.sanitize(v));
                }
            });
            Double limit = rule == null ? null : rule.limit();
            if (rule != null && rule.limitFrom() != null) {
                PromSample l = byIdentity.get(identity(rule.limitFrom(), s.labels()));
                if (l == null) {
                    l = byIdentity.get(identity(rule.limitFrom(), Map.of()));
                }
                limit = l != null && l.value() > 0 ? l.value() : limit;
            }
            long ts = s.timestampMs() != null ? s.timestampMs() : scrapeTimeMs;
            String name = rule == null ? s.name() : rule.metric();
            out.add(new MetricSample(ts, source, name, labels, s.value(), type, limit, rule == null ? null : rule.unit()));
        }
        return out;
    }

    private MappingRule ruleFor(PromSample s) {
        for (MappingRule r : rules) {
            if (r.matches(s)) {
                return r;
            }
        }
        return null;
    }

    private static String identity(String name, Map<String, String> labels) {
        return name + new TreeMap<>(labels);
    }

    static MetricType defaultType(PromSample s) {
        String suffix = s.suffix();
        switch (s.type()) {
            case COUNTER:
                return MetricType.COUNTER;
            case SUMMARY:
            case HISTOGRAM:
                // _sum of negative observations can go down: only a non-negative sum is published as a counter.
                if (suffix.equals("_bucket") || suffix.equals("_count") || (suffix.equals("_sum") && s.value() >= 0)) {
                    return MetricType.COUNTER;
                }
                return MetricType.GAUGE;
            default:
                return MetricType.GAUGE;
        }
    }
}
