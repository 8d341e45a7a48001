package io.slowburn.ingest.otlp;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.slowburn.ingest.Capabilities;
import io.slowburn.ingest.prometheus.PromSample;
import io.slowburn.ingest.prometheus.PrometheusMapping;
import io.slowburn.model.MetricSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * OTLP metrics to contract samples: each resource's source and labels by the mapping's {@code resource:} section,
 * its metrics flattened by {@link MetricFlattener}, then renamed by the mapping's rules (by default the built-in
 * {@code otel} mapping of semantic-convention names). Keeps per-stream state for delta sums and histogram intervals,
 * bounded by {@code maxStreams}. One converter per input; calls are serialized.
 */
public final class OtlpConverter {

    public static final int DEFAULT_MAX_STREAMS = 100_000;

    private final PrometheusMapping mapping;
    private final String fallbackSource;
    private final StreamStates states;
    private final MetricFlattener flattener;
    private final Capabilities capabilities = new Capabilities();
    private long resources;

    /** @param fallbackSource the source of a resource that has none of the mapping's source attributes */
    public OtlpConverter(PrometheusMapping mapping, String fallbackSource, int maxStreams) {
        this.mapping = Objects.requireNonNull(mapping, "mapping");
        this.fallbackSource = Objects.requireNonNull(fallbackSource, "fallbackSource");
        this.states = new StreamStates(maxStreams);
        this.flattener = new MetricFlattener(states);
    }

    /**
     * Converts one request. {@code receivedAtMs} stamps points without a time of their own (the Kafka record's
     * timestamp, or the time of receipt).
     */
    public synchronized List<MetricSample> convert(ExportMetricsServiceRequest request, long receivedAtMs) {
        List<MetricSample> out = new ArrayList<>();
        for (ResourceMetrics rm : request.getResourceMetricsList()) {
            resources++;
            Map<String, String> attributes = MetricFlattener.attributes(rm.getResource().getAttributesList());
            String source = mapping.resource().source(attributes, fallbackSource);
            if (source.equals(fallbackSource) && !attributes.isEmpty()) {
                capabilities.note("no-source-attribute", "a resource has none of " + mapping.resource().source()
                        + ": its samples carry the source '" + fallbackSource + "' (--source)");
            }
            Map<String, String> resourceLabels = mapping.resource().labels(attributes);
            List<PromSample> samples = new ArrayList<>();
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                String stream = attributes + "\u0000" + sm.getScope().getName();
                for (Metric m : sm.getMetricsList()) {
                    flattener.flatten(m, stream, resourceLabels, samples);
                }
            }
            out.addAll(mapping.map(samples, source, receivedAtMs));
        }
        if (flattener.skippedPoints() > 0) {
            capabilities.note("skipped-points", "data points without a recorded value, with a non-finite value or of an unknown "
                    + "type are skipped");
        }
        if (flattener.replayedPoints() > 0) {
            capabilities.note("replayed-points", "delta and histogram points not newer than their stream's last one are skipped "
                    + "(a redelivery must not count twice)");
        }
        if (states.evicted() > 0) {
            capabilities.note("streams-evicted", "more than the stream limit of distinct streams: the least recently seen are "
                    + "forgotten (a delta sum restarts from zero: a counter reset)");
        }
        return out;
    }

    public List<String> capabilities() {
        return capabilities.summary();
    }

    public synchronized long skippedPoints() {
        return flattener.skippedPoints();
    }

    public synchronized long replayedPoints() {
        return flattener.replayedPoints();
    }

    public synchronized long resources() {
        return resources;
    }
}
