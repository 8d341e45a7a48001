package io.slowburn.ingest.otlp;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.ArrayList;
import java.util.List;

/** Builds OTLP requests with the official generated classes, as an OpenTelemetry SDK or the Collector would. */
final class Otlp {

    static final long T0_NANOS = 1_772_409_600_000L * 1_000_000;
    static final long SECOND = 1_000_000_000L;

    private Otlp() {
    }

    static List<KeyValue> attrs(Object... kv) {
        List<KeyValue> out = new ArrayList<>();
        for (int i = 0; i < kv.length; i += 2) {
            AnyValue.Builder v = AnyValue.newBuilder();
            if (kv[i + 1] instanceof Long l) {
                v.setIntValue(l);
            } else if (kv[i + 1] instanceof Integer n) {
                v.setIntValue(n);
            } else {
                v.setStringValue(String.valueOf(kv[i + 1]));
            }
            out.add(KeyValue.newBuilder().setKey(String.valueOf(kv[i])).setValue(v).build());
        }
        return out;
    }

    static NumberDataPoint point(double value, long timeNanos, Object... attributes) {
        return NumberDataPoint.newBuilder().setAsDouble(value).setStartTimeUnixNano(T0_NANOS - 3600 * SECOND)
                .setTimeUnixNano(timeNanos).addAllAttributes(attrs(attributes)).build();
    }

    static Metric gauge(String name, NumberDataPoint... points) {
        return Metric.newBuilder().setName(name).setGauge(Gauge.newBuilder().addAllDataPoints(List.of(points))).build();
    }

    /** A sum: monotonic or not (up-down counters: jvm.memory.used is one), cumulative or delta. */
    static Metric sum(String name, boolean monotonic, boolean delta, NumberDataPoint... points) {
        return Metric.newBuilder().setName(name).setSum(Sum.newBuilder().setIsMonotonic(monotonic)
                .setAggregationTemporality(delta ? AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA
                        : AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                .addAllDataPoints(List.of(points))).build();
    }

    static HistogramDataPoint histogramPoint(long startNanos, long timeNanos, double sum, List<Double> bounds, List<Long> counts,
                                             Object... attributes) {
        long count = counts.stream().mapToLong(Long::longValue).sum();
        return HistogramDataPoint.newBuilder().setStartTimeUnixNano(startNanos).setTimeUnixNano(timeNanos).setCount(count).setSum(sum)
                .addAllExplicitBounds(bounds).addAllBucketCounts(counts).addAllAttributes(attrs(attributes)).build();
    }

    static Metric histogram(String name, boolean delta, HistogramDataPoint... points) {
        return Metric.newBuilder().setName(name).setUnit("s").setHistogram(Histogram.newBuilder()
                .setAggregationTemporality(delta ? AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA
                        : AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                .addAllDataPoints(List.of(points))).build();
    }

    static ResourceMetrics resource(List<KeyValue> attributes, Metric... metrics) {
        return ResourceMetrics.newBuilder().setResource(Resource.newBuilder().addAllAttributes(attributes))
                .addScopeMetrics(ScopeMetrics.newBuilder().setScope(InstrumentationScope.newBuilder().setName("io.opentelemetry.test"))
                        .addAllMetrics(List.of(metrics)))
                .build();
    }

    static ExportMetricsServiceRequest request(ResourceMetrics... resources) {
        return ExportMetricsServiceRequest.newBuilder().addAllResourceMetrics(List.of(resources)).build();
    }
}
