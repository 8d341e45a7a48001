package io.slowburn.report;

import io.slowburn.model.MetricSample;
import io.slowburn.model.MetricType;
import java.util.Map;
import java.util.TreeMap;

/**
 * One series of one panel, reduced as it streams by: its drawing envelope (a counter as its rate per second) and,
 * when the panel needs them, per-bucket statistics (lowest, mean, counter increase) on buckets aligned to the epoch
 * as the analyses align theirs. Memory: the envelope's columns plus one entry per bucket of the panel's range.
 */
final class SeriesTrace {

    final String seriesId;
    final String source;
    final String metric;
    final Map<String, String> labels;
    private final long bucketMs;
    private final ColumnEnvelope envelope;
    private final TreeMap<Long, double[]> buckets = new TreeMap<>();
    private MetricType type = MetricType.GAUGE;
    private Double limit;
    private long prevTs = Long.MIN_VALUE;
    private double prevValue;

    SeriesTrace(MetricSample first, long from, long to, long maxTo, int columns, long bucketMs) {
        this.seriesId = first.seriesId();
        this.source = first.source();
        this.metric = first.metric();
        this.labels = first.labels();
        this.bucketMs = bucketMs;
        this.envelope = new ColumnEnvelope(from, to, maxTo, columns);
    }

    void add(MetricSample s) {
        type = s.type();
        if (s.limit() != null) {
            limit = s.limit();
        }
        double increase = Double.NaN;
        if (type == MetricType.COUNTER) {
            if (prevTs != Long.MIN_VALUE && s.ts() > prevTs) {
                // A drop is a reset (a restart): the counter started again from zero.
                increase = s.value() >= prevValue ? s.value() - prevValue : s.value();
                envelope.add(s.ts(), increase * 1000.0 / (s.ts() - prevTs));
            }
            prevTs = s.ts();
            prevValue = s.value();
        } else {
            envelope.add(s.ts(), s.value());
        }
        if (bucketMs > 0) {
            double[] b = buckets.computeIfAbsent(Math.floorDiv(s.ts(), bucketMs) * bucketMs,
                    k -> new double[] {Double.POSITIVE_INFINITY, 0, 0, 0});
            b[0] = Math.min(b[0], s.value());
            b[1] += s.value();
            b[2]++;
            if (Double.isFinite(increase)) {
                b[3] += increase;
            }
        }
    }

    boolean counter() {
        return type == MetricType.COUNTER;
    }

    Double limit() {
        return limit;
    }

    ColumnEnvelope envelope() {
        return envelope;
    }

    long bucketMs() {
        return bucketMs;
    }

    /** Bucket start to {lowest, sum, count, counter increase}. */
    TreeMap<Long, double[]> buckets() {
        return buckets;
    }
}
