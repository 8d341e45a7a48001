package io.slowburn.ingest.otlp;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.slowburn.ingest.SourceNames;
import io.slowburn.ingest.prometheus.PromSample;
import io.slowburn.ingest.prometheus.PromType;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Turns the data points of one OTLP metric into samples under OpenTelemetry's names, ready for a mapping:
 * <ul>
 * <li>gauge → gauge;</li>
 * <li>monotonic sum → counter: cumulative as it is, delta accumulated to a running total per stream (a repeated or
 *     older delta point of a stream, a redelivery, is skipped rather than counted twice);</li>
 * <li>non-monotonic sum → gauge (delta ones accumulated from zero: the level is relative to the first point seen);</li>
 * <li>histogram and exponential histogram → {@code NAME.count} and {@code NAME.sum} (cumulative counters),
 *     {@code NAME.avg} (gauge: the mean observation of the interval since the stream's previous point) and
 *     {@code NAME{quantile="0.5"|"0.9"|"0.99"}} (gauges: quantiles of that interval, interpolated within buckets as
 *     Prometheus's histogram_quantile does). The first cumulative point of a stream has no interval;</li>
 * <li>summary → {@code NAME{quantile="q"}} gauges as reported, {@code NAME.count}, {@code NAME.sum}, {@code NAME.avg}.</li>
 * </ul>
 * Points flagged "no recorded value" and non-finite values are skipped and counted.
 */
final class MetricFlattener {

    static final double[] QUANTILES = {0.5, 0.9, 0.99};
    private static final int NO_RECORDED_VALUE = 1;

    private final StreamStates states;
    private long skippedPoints;
    private long replayedPoints;

    MetricFlattener(StreamStates states) {
        this.states = states;
    }

    long skippedPoints() {
        return skippedPoints;
    }

    long replayedPoints() {
        return replayedPoints;
    }

    /** @param stream identifies the resource and scope; with the metric name and the point's attributes, the stream */
    void flatten(Metric m, String stream, Map<String, String> resourceLabels, List<PromSample> out) {
        String name = m.getName();
        switch (m.getDataCase()) {
            case GAUGE -> m.getGauge().getDataPointsList()
                    .forEach(p -> number(name, p, PromType.GAUGE, false, stream, resourceLabels, out));
            case SUM -> {
                boolean delta = m.getSum().getAggregationTemporality() == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;
                PromType type = m.getSum().getIsMonotonic() ? PromType.COUNTER : PromType.GAUGE;
                m.getSum().getDataPointsList().forEach(p -> number(name, p, type, delta, stream, resourceLabels, out));
            }
            case HISTOGRAM -> {
                boolean delta = m.getHistogram().getAggregationTemporality() == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;
                for (HistogramDataPoint p : m.getHistogram().getDataPointsList()) {
                    if ((p.getFlags() & NO_RECORDED_VALUE) != 0) {
                        skippedPoints++;
                        continue;
                    }
                    histogram(name, labels(p.getAttributesList(), resourceLabels), HistogramPoint.of(p), delta, p.getStartTimeUnixNano(),
                            p.getTimeUnixNano(), stream, true, out);
                }
            }
            case EXPONENTIAL_HISTOGRAM -> {
                boolean delta = m.getExponentialHistogram().getAggregationTemporality()
                        == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;
                for (ExponentialHistogramDataPoint p : m.getExponentialHistogram().getDataPointsList()) {
                    if ((p.getFlags() & NO_RECORDED_VALUE) != 0) {
                        skippedPoints++;
                        continue;
                    }
                    histogram(name, labels(p.getAttributesList(), resourceLabels), HistogramPoint.of(p), delta, p.getStartTimeUnixNano(),
                            p.getTimeUnixNano(), stream, true, out);
                }
            }
            case SUMMARY -> m.getSummary().getDataPointsList().forEach(p -> summary(name, p, stream, resourceLabels, out));
            default -> skippedPoints++;
        }
    }

    private void number(String name, NumberDataPoint p, PromType type, boolean delta, String stream, Map<String, String> resourceLabels,
                        List<PromSample> out) {
        double value = p.hasAsInt() ? p.getAsInt() : p.getAsDouble();
        if ((p.getFlags() & NO_RECORDED_VALUE) != 0 || !Double.isFinite(value)) {
            skippedPoints++;
            return;
        }
        Map<String, String> labels = labels(p.getAttributesList(), resourceLabels);
        if (delta) {
            StreamStates.Total total = states.total(key(stream, name, labels));
            if (p.getTimeUnixNano() <= total.lastTimeNanos) {
                replayedPoints++;
                return;
            }
            total.value += value;
            total.lastTimeNanos = p.getTimeUnixNano();
            value = total.value;
        }
        out.add(sample(name, type, labels, value, p.getTimeUnixNano()));
    }

    private void summary(String name, SummaryDataPoint p, String stream, Map<String, String> resourceLabels, List<PromSample> out) {
        if ((p.getFlags() & NO_RECORDED_VALUE) != 0) {
            skippedPoints++;
            return;
        }
        Map<String, String> labels = labels(p.getAttributesList(), resourceLabels);
        for (SummaryDataPoint.ValueAtQuantile q : p.getQuantileValuesList()) {
            if (Double.isFinite(q.getValue())) {
                out.add(sample(name, PromType.GAUGE, withQuantile(labels, q.getQuantile()), q.getValue(), p.getTimeUnixNano()));
            }
        }
        // Summaries are cumulative (the OTLP spec has no delta summary).
        histogram(name, labels, HistogramPoint.countAndSum(p.getCount(), p.getSum()), false, p.getStartTimeUnixNano(),
                p.getTimeUnixNano(), stream, false, out);
    }

    private void histogram(String name, Map<String, String> labels, HistogramPoint point, boolean delta, long startNanos, long timeNanos,
                           String stream, boolean quantiles, List<PromSample> out) {
        StreamStates.Last last = states.last(key(stream, name, labels));
        if (timeNanos <= last.lastTimeNanos) {
            replayedPoints++;
            return;
        }
        HistogramPoint cumulative;
        HistogramPoint interval;
        if (delta) {
            interval = point;
            cumulative = last.point != null && last.point.sameBuckets(point) ? last.point.plus(point) : point;
        } else {
            cumulative = point;
            boolean sameRun = last.point != null && last.startTimeNanos == startNanos && point.count() >= last.point.count()
                    && point.sameBuckets(last.point);
            boolean restarted = last.point != null && (last.startTimeNanos != startNanos || point.count() < last.point.count());
            // After a restart the new point holds exactly what was observed since it; the first point of a stream has no interval.
            interval = sameRun ? point.minus(last.point) : restarted ? point : null;
        }
        last.point = cumulative;
        last.startTimeNanos = startNanos;
        last.lastTimeNanos = timeNanos;
        out.add(sample(name + ".count", PromType.COUNTER, labels, cumulative.count(), timeNanos));
        if (!Double.isNaN(cumulative.sum())) {
            // A sum of negative observations can go down: a counter only while it is not negative.
            out.add(sample(name + ".sum", cumulative.sum() >= 0 ? PromType.COUNTER : PromType.GAUGE, labels, cumulative.sum(), timeNanos));
        }
        if (interval == null || interval.count() <= 0) {
            return;
        }
        double avg = interval.average();
        if (Double.isFinite(avg)) {
            out.add(sample(name + ".avg", PromType.GAUGE, labels, avg, timeNanos));
        }
        if (quantiles) {
            for (double q : QUANTILES) {
                double v = interval.quantile(q);
                if (Double.isFinite(v)) {
                    out.add(sample(name, PromType.GAUGE, withQuantile(labels, q), v, timeNanos));
                }
            }
        }
    }

    private static PromSample sample(String name, PromType type, Map<String, String> labels, double value, long timeNanos) {
        Long ts = timeNanos > 0 ? timeNanos / 1_000_000 : null;
        return new PromSample(name, name, type, labels, value, ts);
    }

    private static Map<String, String> withQuantile(Map<String, String> labels, double q) {
        Map<String, String> out = new TreeMap<>(labels);
        out.put("quantile", BigDecimal.valueOf(q).stripTrailingZeros().toPlainString());
        return out;
    }

    private static String key(String stream, String name, Map<String, String> labels) {
        return stream + '\u0000' + name + '\u0000' + labels;
    }

    /** Point attributes, then the resource's labels (which win: they say whose sample it is). */
    static Map<String, String> labels(List<KeyValue> attributes, Map<String, String> resourceLabels) {
        Map<String, String> out = new TreeMap<>(attributes(attributes));
        out.putAll(resourceLabels);
        return out;
    }

    /** Attributes as label-safe text: keys without {@code = , |}, values sanitized for series ids. */
    static Map<String, String> attributes(List<KeyValue> attributes) {
        Map<String, String> out = new TreeMap<>();
        for (KeyValue kv : attributes) {
            String key = kv.getKey().replace('=', '_').replace(',', '_').replace('|', '_');
            if (!key.isEmpty()) {
                out.put(key, SourceNames.sanitize(text(kv.getValue())));
            }
        }
        return out;
    }

    static String text(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
            case INT_VALUE -> Long.toString(v.getIntValue());
            case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
            case BYTES_VALUE -> Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray());
            case ARRAY_VALUE -> v.getArrayValue().getValuesList().stream().map(MetricFlattener::text)
                    .collect(Collectors.joining(";", "[", "]"));
            case KVLIST_VALUE -> v.getKvlistValue().getValuesList().stream().map(kv -> kv.getKey() + ":" + text(kv.getValue()))
                    .collect(Collectors.joining(";", "{", "}"));
            default -> "";
        };
    }
}
