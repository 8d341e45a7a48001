package io.slowburn.model;

import java.util.Map;
import java.util.Objects;

/**
 * A metric sample as in the contract. Labels are kept sorted so that the series id is stable.
 *
 * @param limit capacity (heap max, fd limit, ...) or {@code null} when unknown
 * @param unit free-form unit or {@code null}
 */
public record MetricSample(long ts, String source, String metric, Map<String, String> labels,
                           double value, MetricType type, Double limit, String unit) implements Observation {

    public MetricSample {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(metric, "metric");
        // Another sample's labels are kept as they are: already a sorted copy that nothing can change.
        labels = labels == null || labels.isEmpty() ? Map.of() : labels instanceof SortedLabels ? labels : new SortedLabels(labels);
        type = type == null ? MetricType.GAUGE : type;
    }

    /** A gauge with no limit or unit: the common case in tests. */
    public static MetricSample gauge(long ts, String source, String metric, Map<String, String> labels, double value) {
        return new MetricSample(ts, source, metric, labels, value, MetricType.GAUGE, null, null);
    }

    /** A counter with no limit or unit. */
    public static MetricSample counter(long ts, String source, String metric, Map<String, String> labels, double value) {
        return new MetricSample(ts, source, metric, labels, value, MetricType.COUNTER, null, null);
    }

    /** The same sample with a capacity. */
    public MetricSample withLimit(double newLimit) {
        return new MetricSample(ts, source, metric, labels, value, type, newLimit, unit);
    }

    /** The contract's series id and record key: {@code source|metric|k=v,...} with labels sorted. */
    public String seriesId() {
        return SeriesId.of(source, metric, labels);
    }
}
