package io.slowburn.ingest.prometheus;

import io.slowburn.ingest.SourceNames;
import io.slowburn.model.MetricSample;
import io.slowburn.model.MetricType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
 * A mapping file (YAML) renames, retypes, relabels and combines selected samples; unmapped samples keep their name
 * unless {@code unmapped: drop}. The format, with every key, is documented in ingest/MAPPINGS.md:
 * <pre>
 * unmapped: keep            # or drop: publish only what is mapped
 * metrics:
 *   - match: 'http_request_duration_seconds{quantile="0.99"}'
 *     metric: app.latency.p99
 *   - match: 'jvm_memory_used_bytes{area="heap"}'
 *     metric: jvm.memory.used
 *     labels: {area: heap}
 *     drop_labels: [id]
 *     limit_from: jvm_memory_max_bytes
 *     sum: true             # the heap is the sum of its pools
 * </pre>
 * Rules are tried in order; the first that matches maps the sample (unless it says {@code continue: true}). Built-in
 * mappings ({@link #BUILTINS}) ship in the jar. The same mappings serve OpenTelemetry input, whose names and attributes
 * contain dots ({@code jvm.memory.used{jvm.memory.type="heap"}}), with a {@code resource:} section.
 */
public final class PrometheusMapping {

    /** The mappings shipped in the jar, selectable as {@code --mapping NAME} or {@code --mapping builtin:NAME}. */
    public static final List<String> BUILTINS = List.of("node_exporter", "micrometer", "otel");
    private static final String BUILTIN_PREFIX = "builtin:";

    private final List<MappingRule> rules;
    private final boolean keepUnmapped;
    /** {@code null}: the file has no {@code resource:} section. */
    private final ResourceMapping resource;

    PrometheusMapping(List<MappingRule> rules, boolean keepUnmapped, ResourceMapping resource) {
        this.rules = List.copyOf(rules);
        this.keepUnmapped = keepUnmapped;
        this.resource = resource;
    }

    /** No renames: every sample under its Prometheus name. */
    public static PrometheusMapping identity() {
        return new PrometheusMapping(List.of(), true, null);
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
        return MappingFileParser.parse(yaml, origin);
    }

    /** A mapping shipped in the jar, by name ({@link #BUILTINS}). */
    public static PrometheusMapping builtin(String name) {
        if (!BUILTINS.contains(name)) {
            throw new IllegalArgumentException("no built-in mapping '" + name + "' (built-in: " + String.join(", ", BUILTINS) + ")");
        }
        String resource = "/io/slowburn/mappings/" + name + ".yaml";
        try (InputStream in = PrometheusMapping.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("built-in mapping '" + name + "' is missing from the jar (" + resource + ")");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), BUILTIN_PREFIX + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code builtin:NAME}, a file, or a bare built-in name when no such file exists (a file named like a built-in
     * wins: what the user wrote is what runs).
     */
    public static PrometheusMapping resolve(String spec) {
        if (spec.startsWith(BUILTIN_PREFIX)) {
            return builtin(spec.substring(BUILTIN_PREFIX.length()));
        }
        Path file = Path.of(spec);
        if (Files.exists(file)) {
            if (!Files.isReadable(file) || Files.isDirectory(file)) {
                throw new IllegalArgumentException("mapping file '" + spec + "': cannot read the file");
            }
            return load(file);
        }
        if (BUILTINS.contains(spec)) {
            return builtin(spec);
        }
        throw new IllegalArgumentException("mapping '" + spec + "': no such file, and not a built-in mapping (built-in: "
                + String.join(", ", BUILTINS) + ")");
    }

    /**
     * Several mappings as one: their rules in the order given, unmapped samples kept if any of them keeps them, the
     * first {@code resource:} section given.
     */
    public static PrometheusMapping combine(List<PrometheusMapping> mappings) {
        if (mappings.size() == 1) {
            return mappings.get(0);
        }
        List<MappingRule> rules = new ArrayList<>();
        boolean keep = mappings.isEmpty();
        ResourceMapping resource = null;
        for (PrometheusMapping m : mappings) {
            rules.addAll(m.rules);
            keep |= m.keepUnmapped;
            resource = resource == null ? m.resource : resource;
        }
        return new PrometheusMapping(rules, keep, resource);
    }

    /** How OpenTelemetry resources become sources and labels: the file's {@code resource:} section, or the default. */
    public ResourceMapping resource() {
        return resource == null ? ResourceMapping.DEFAULT : resource;
    }

    public boolean keepsUnmapped() {
        return keepUnmapped;
    }

    /**
     * Maps one scrape (or the samples of one OpenTelemetry resource). {@code scrapeTimeMs} stamps samples that carry no
     * timestamp of their own. Label values are sanitized for series ids ({@code ,} and {@code |} become {@code _}). A
     * sample whose rule needs a limit or an addend the batch does not have is not published: never a wrong value.
     */
    public List<MetricSample> map(List<PromSample> samples, String source, long scrapeTimeMs) {
        SampleBatch batch = new SampleBatch(samples);
        List<Output> out = new ArrayList<>(samples.size());
        Map<String, Output> sums = new HashMap<>();
        for (PromSample s : samples) {
            if (s.suffix().equals("_created")) {
                continue;
            }
            boolean matched = false;
            for (MappingRule rule : rules) {
                if (!rule.matches(s) || (rule.unless() != null && batch.any(rule.unless()))) {
                    continue;
                }
                matched = true;
                Output o = apply(rule, s, batch, source, scrapeTimeMs);
                if (o != null && rule.sum()) {
                    Output prior = sums.putIfAbsent(o.seriesId(), o);
                    if (prior != null) {
                        prior.add(o);
                    } else {
                        out.add(o);
                    }
                } else if (o != null) {
                    out.add(o);
                }
                if (!rule.continueMatching()) {
                    break;
                }
            }
            if (!matched && keepUnmapped) {
                Map<String, String> labels = new TreeMap<>();
                s.labels().forEach((k, v) -> labels.put(k, SourceNames.sanitize(v)));
                out.add(new Output(ts(s, scrapeTimeMs), source, s.name(), labels, s.value(), defaultType(s), null, null));
            }
        }
        List<MetricSample> result = new ArrayList<>(out.size());
        for (Output o : out) {
            result.add(o.toSample());
        }
        return result;
    }

    private static Output apply(MappingRule rule, PromSample s, SampleBatch batch, String source, long scrapeTimeMs) {
        Double limit = rule.limit();
        if (rule.limitFrom() != null) {
            Double l = batch.lookup(rule.limitFrom(), s);
            limit = l != null && l > 0 ? l : limit;
        }
        double value = s.value();
        for (Selector addend : rule.add()) {
            Double a = batch.lookup(addend, s);
            if (a == null) {
                return null;
            }
            value += a;
        }
        if (rule.fromLimit()) {
            if (limit == null) {
                return null;
            }
            value = limit - value;
        }
        value *= rule.scale();
        limit = limit == null ? null : limit * rule.scale();
        Map<String, String> labels = new TreeMap<>();
        s.labels().forEach((k, v) -> {
            if (rule.keepsLabel(k)) {
                labels.put(rule.renameLabels().getOrDefault(k, k), SourceNames.sanitize(v));
            }
        });
        rule.setLabels().forEach((k, v) -> labels.put(k, SourceNames.sanitize(v)));
        MetricType type = rule.type() != null ? rule.type() : defaultType(s);
        return new Output(ts(s, scrapeTimeMs), source, rule.metric(), labels, value, type, limit, rule.unit());
    }

    private static long ts(PromSample s, long scrapeTimeMs) {
        return s.timestampMs() != null ? s.timestampMs() : scrapeTimeMs;
    }

    /** One output series of a batch; summed ones accumulate here before they become a {@link MetricSample}. */
    private static final class Output {
        private long ts;
        private final String source;
        private final String metric;
        private final Map<String, String> labels;
        private double value;
        private final MetricType type;
        private Double limit;
        private final String unit;

        Output(long ts, String source, String metric, Map<String, String> labels, double value, MetricType type, Double limit,
               String unit) {
            this.ts = ts;
            this.source = source;
            this.metric = metric;
            this.labels = labels;
            this.value = value;
            this.type = type;
            this.limit = limit;
            this.unit = unit;
        }

        String seriesId() {
            return metric + "|" + labels;
        }

        void add(Output other) {
            value += other.value;
            ts = Math.max(ts, other.ts);
            if (other.limit != null) {
                limit = limit == null ? other.limit : limit + other.limit;
            }
        }

        MetricSample toSample() {
            return new MetricSample(ts, source, metric, labels, value, type, limit, unit);
        }
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
