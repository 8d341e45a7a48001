package io.slowburn.ingest.otlp;

import static io.slowburn.ingest.otlp.Otlp.SECOND;
import static io.slowburn.ingest.otlp.Otlp.T0_NANOS;
import static io.slowburn.ingest.otlp.Otlp.attrs;
import static io.slowburn.ingest.otlp.Otlp.histogram;
import static io.slowburn.ingest.otlp.Otlp.histogramPoint;
import static io.slowburn.ingest.otlp.Otlp.point;
import static io.slowburn.ingest.otlp.Otlp.request;
import static io.slowburn.ingest.otlp.Otlp.resource;
import static io.slowburn.ingest.otlp.Otlp.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.slowburn.ingest.prometheus.PrometheusMapping;
import io.slowburn.model.MetricSample;
import io.slowburn.model.MetricType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtlpConverterTest {

    private static final long T0_MS = T0_NANOS / 1_000_000;
    private static final List<Double> HTTP_BOUNDS =
            List.of(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);

    private final OtlpConverter otel = new OtlpConverter(PrometheusMapping.builtin("otel"), "fallback-host", 1000);
    private final OtlpConverter identity = new OtlpConverter(PrometheusMapping.identity(), "fallback-host", 1000);

    private static List<MetricSample> named(List<MetricSample> samples, String metric) {
        return samples.stream().filter(s -> s.metric().equals(metric)).toList();
    }

    private static MetricSample only(List<MetricSample> samples, String metric) {
        List<MetricSample> found = named(samples, metric);
        assertThat(found).as(metric + " in " + samples).hasSize(1);
        return found.get(0);
    }

    private static List<Long> counts(long... c) {
        return java.util.Arrays.stream(c).boxed().toList();
    }

    @Test
    void javaAgentJvmMetricsBecomeHeapGcAndThreadsOfTheHost() {
        var jvm = resource(attrs("host.name", "host-17", "service.name", "checkout", "service.instance.id", "0f1e2d3c",
                        "telemetry.sdk.language", "java"),
                sum("jvm.memory.used", false, false,
                        point(1.0e8, T0_NANOS, "jvm.memory.type", "heap", "jvm.memory.pool.name", "G1 Eden Space"),
                        point(5.0e8, T0_NANOS, "jvm.memory.type", "heap", "jvm.memory.pool.name", "G1 Old Gen"),
                        point(1.0e7, T0_NANOS, "jvm.memory.type", "heap", "jvm.memory.pool.name", "G1 Survivor Space"),
                        point(6.0e7, T0_NANOS, "jvm.memory.type", "non_heap", "jvm.memory.pool.name", "Metaspace")),
                sum("jvm.memory.limit", false, false,
                        point(4.0e9, T0_NANOS, "jvm.memory.type", "heap", "jvm.memory.pool.name", "G1 Old Gen")),
                histogram("jvm.gc.duration", false,
                        histogramPoint(T0_NANOS - 60 * SECOND, T0_NANOS, 1.5, List.of(0.01, 0.1, 1.0), counts(2, 6, 2, 0),
                                "jvm.gc.name", "G1 Young Generation", "jvm.gc.action", "end of minor GC"),
                        histogramPoint(T0_NANOS - 60 * SECOND, T0_NANOS, 0.5, List.of(0.01, 0.1, 1.0), counts(0, 0, 1, 0),
                                "jvm.gc.name", "G1 Old Generation", "jvm.gc.action", "end of major GC")),
                sum("jvm.thread.count", false, false,
                        point(10, T0_NANOS, "jvm.thread.daemon", "true", "jvm.thread.state", "runnable"),
                        point(5, T0_NANOS, "jvm.thread.daemon", "false", "jvm.thread.state", "waiting")));

        List<MetricSample> s = otel.convert(request(jvm), 0);

        MetricSample heap = only(s, "jvm.memory.used");
        assertThat(heap.source()).isEqualTo("host-17");
        assertThat(heap.labels()).isEqualTo(Map.of("area", "heap", "service", "checkout"));
        assertThat(heap.value()).isEqualTo(6.1e8);
        assertThat(heap.limit()).isEqualTo(4.0e9);
        assertThat(heap.type()).isEqualTo(MetricType.GAUGE);
        assertThat(heap.ts()).isEqualTo(T0_MS);
        MetricSample gc = only(s, "jvm.gc.time");
        assertThat(gc.value()).isEqualTo(2.0);
        assertThat(gc.type()).isEqualTo(MetricType.COUNTER);
        assertThat(gc.labels()).isEqualTo(Map.of("service", "checkout"));
        assertThat(only(s, "jvm.threads.live").value()).isEqualTo(15.0);
        // The built-in otel mapping publishes the contract metrics only.
        assertThat(s).extracting(MetricSample::metric).containsOnly("jvm.memory.used", "jvm.gc.time", "jvm.threads.live");
    }

    @Test
    void olderJavaAgentNamesInMillisecondsAreScaledToSeconds() {
        var jvm = resource(attrs("host.name", "host-3", "service.name", "billing"),
                sum("process.runtime.jvm.memory.usage", false, false,
                        point(2.0e8, T0_NANOS, "type", "heap", "pool", "G1 Old Gen"),
                        point(3.0e7, T0_NANOS, "type", "non_heap", "pool", "Metaspace")),
                sum("process.runtime.jvm.memory.limit", false, false, point(1.0e9, T0_NANOS, "type", "heap", "pool", "G1 Old Gen")),
                histogram("process.runtime.jvm.gc.duration", false,
                        histogramPoint(T0_NANOS - 60 * SECOND, T0_NANOS, 1250.0, List.of(10.0, 100.0), counts(5, 5, 0),
                                "gc", "G1 Young Generation", "action", "end of minor GC")));
        List<MetricSample> s = otel.convert(request(jvm), 0);
        assertThat(only(s, "jvm.memory.used").value()).isEqualTo(2.0e8);
        assertThat(only(s, "jvm.memory.used").limit()).isEqualTo(1.0e9);
        assertThat(only(s, "jvm.gc.time").value()).isCloseTo(1.25, within(1e-12));
    }

    @Test
    void hostmetricsBecomeHostMemoryProcessCountAndProcessFds() {
        var host = resource(attrs("host.name", "host-17", "os.type", "linux"),
                sum("system.memory.usage", false, false,
                        point(4.0e9, T0_NANOS, "state", "used"), point(2.0e9, T0_NANOS, "state", "free"),
                        point(1.0e8, T0_NANOS, "state", "buffered"), point(1.9e9, T0_NANOS, "state", "cached"),
                        point(1.0e8, T0_NANOS, "state", "slab_reclaimable"), point(5.0e7, T0_NANOS, "state", "slab_unreclaimable")),
                sum("system.processes.count", false, false,
                        point(3, T0_NANOS, "status", "running"), point(200, T0_NANOS, "status", "sleeping"),
                        point(1, T0_NANOS, "status", "zombies")));
        var process = resource(attrs("host.name", "host-17", "process.pid", 4242L, "process.executable.name", "java"),
                sum("process.open_file_descriptor.count", false, false, point(120, T0_NANOS)));
        List<MetricSample> s = otel.convert(request(host, process), 0);
        MetricSample mem = only(s, "os.memory.used");
        assertThat(mem.value()).isEqualTo(4.0e9);
        assertThat(mem.limit()).as("used + free + buffered + cached: the slab states overlap them").isEqualTo(8.0e9);
        assertThat(mem.labels()).isEmpty();
        assertThat(only(s, "os.process.count").value()).isEqualTo(204.0);
        MetricSample fds = only(s, "os.fd.open");
        assertThat(fds.labels()).isEqualTo(Map.of("scope", "process", "process", "java", "pid", "4242"));
        assertThat(fds.value()).isEqualTo(120.0);
        assertThat(s).allMatch(x -> x.source().equals("host-17"));
    }

    @Test
    void httpServerHistogramGivesRequestsErrorsAndTheP99OfEachInterval() {
        long start = T0_NANOS - 600 * SECOND;
        var first = resource(attrs("host.name", "web-1", "service.name", "shop"),
                histogram("http.server.request.duration", false,
                        histogramPoint(start, T0_NANOS, 3.0, HTTP_BOUNDS, counts(0, 0, 10, 80, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
                                "http.request.method", "GET", "http.route", "/cart", "http.response.status_code", 200L),
                        histogramPoint(start, T0_NANOS, 1.0, HTTP_BOUNDS, counts(0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0),
                                "http.request.method", "GET", "http.route", "/cart", "http.response.status_code", 503L)));
        List<MetricSample> s1 = otel.convert(request(first), 0);
        assertThat(named(s1, "app.requests")).extracting(MetricSample::value).containsExactlyInAnyOrder(100.0, 1.0);
        MetricSample errors = only(s1, "app.errors");
        assertThat(errors.value()).isEqualTo(1.0);
        assertThat(errors.labels()).containsEntry("http.response.status_code", "503").containsEntry("service", "shop");
        assertThat(named(s1, "app.latency.p99")).as("the first cumulative point has no interval").isEmpty();

        // A minute later: 98 more requests in (0.05, 0.075] and 2 in (0.5, 0.75]. The p99 of that minute is the first of the two.
        var second = resource(attrs("host.name", "web-1", "service.name", "shop"),
                histogram("http.server.request.duration", false,
                        histogramPoint(start, T0_NANOS + 60 * SECOND, 10.0, HTTP_BOUNDS,
                                counts(0, 0, 10, 80, 108, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0),
                                "http.request.method", "GET", "http.route", "/cart", "http.response.status_code", 200L)));
        List<MetricSample> s2 = otel.convert(request(second), 0);
        MetricSample p99 = only(s2, "app.latency.p99");
        assertThat(p99.value()).isCloseTo(0.5 + 0.25 * 0.5, within(1e-9));
        assertThat(p99.unit()).isEqualTo("seconds");
        assertThat(p99.labels()).doesNotContainKey("quantile").containsEntry("http.route", "/cart");
        assertThat(p99.ts()).isEqualTo(T0_MS + 60_000);
        assertThat(only(s2, "app.requests").value()).isEqualTo(200.0);
    }

    @Test
    void olderHttpNamesInMillisecondsAndTheJvmsOwnDescriptorsMapToo() {
        long start = T0_NANOS - 600 * SECOND;
        List<Double> bounds = List.of(100.0, 1000.0);
        var app = resource(attrs("host.name", "web-2", "service.name", "legacy"),
                histogram("http.server.duration", false,
                        histogramPoint(start, T0_NANOS, 0, bounds, counts(0, 0, 0), "http.method", "GET", "http.status_code", 200L),
                        histogramPoint(start, T0_NANOS, 0, bounds, counts(0, 0, 0), "http.method", "GET", "http.status_code", 500L)),
                sum("jvm.file_descriptor.count", false, false, point(900, T0_NANOS)),
                sum("jvm.file_descriptor.limit", false, false, point(1024, T0_NANOS)),
                sum("process.unix.file_descriptor.count", false, false, point(40, T0_NANOS, "unused", "x")));
        otel.convert(request(app), 0);
        var later = resource(attrs("host.name", "web-2", "service.name", "legacy"),
                histogram("http.server.duration", false,
                        histogramPoint(start, T0_NANOS + 60 * SECOND, 5000, bounds, counts(90, 10, 0),
                                "http.method", "GET", "http.status_code", 200L),
                        histogramPoint(start, T0_NANOS + 60 * SECOND, 50, bounds, counts(1, 0, 0),
                                "http.method", "GET", "http.status_code", 500L)));
        List<MetricSample> s = otel.convert(request(later), 0);
        assertThat(named(s, "app.requests")).extracting(MetricSample::value).containsExactlyInAnyOrder(100.0, 1.0);
        assertThat(only(s, "app.errors").value()).isEqualTo(1.0);
        // The p99 of the 200s: rank 99 of 100, the 9th of 10 in (100, 1000] ms = 910 ms.
        assertThat(named(s, "app.latency.p99")).filteredOn(x -> "200".equals(x.labels().get("http.status_code"))).singleElement()
                .satisfies(x -> assertThat(x.value()).isCloseTo(0.91, within(1e-9)));

        List<MetricSample> fds = named(otel.convert(request(resource(attrs("host.name", "web-2"),
                sum("jvm.file_descriptor.count", false, false, point(900, T0_NANOS)),
                sum("jvm.file_descriptor.limit", false, false, point(1024, T0_NANOS)))), 0), "os.fd.open");
        assertThat(fds).singleElement().satisfies(x -> {
            assertThat(x.value()).isEqualTo(900.0);
            assertThat(x.limit()).isEqualTo(1024.0);
            assertThat(x.labels()).isEqualTo(Map.of("scope", "process"));
        });
    }

    @Test
    void deltaSumsAccumulateToCountersAndARedeliveredPointIsNotCountedTwice() {
        var attrs = attrs("host.name", "h", "service.name", "pay");
        List<Double> totals = new java.util.ArrayList<>();
        long[] times = {T0_NANOS, T0_NANOS + 10 * SECOND, T0_NANOS + 10 * SECOND, T0_NANOS + 20 * SECOND};
        double[] deltas = {5, 3, 3, 2};
        for (int i = 0; i < times.length; i++) {
            var r = resource(attrs, sum("orders.placed", true, true, point(deltas[i], times[i])));
            identity.convert(request(r), 0).forEach(x -> {
                assertThat(x.type()).isEqualTo(MetricType.COUNTER);
                totals.add(x.value());
            });
        }
        assertThat(totals).containsExactly(5.0, 8.0, 10.0);
        assertThat(identity.replayedPoints()).isEqualTo(1);
        // A non-monotonic sum is a gauge.
        var updown = resource(attrs, sum("queue.size", false, false, point(7, T0_NANOS)));
        assertThat(identity.convert(request(updown), 0)).singleElement().satisfies(x -> assertThat(x.type()).isEqualTo(MetricType.GAUGE));
    }

    @Test
    void deltaHistogramsGiveTheirOwnIntervalAndRunningTotals() {
        var a = resource(attrs("host.name", "h"), histogram("rpc.duration", true,
                histogramPoint(T0_NANOS, T0_NANOS + 10 * SECOND, 2.0, List.of(1.0), counts(4, 0))));
        List<MetricSample> s = identity.convert(request(a), 0);
        assertThat(only(s, "rpc.duration.avg").value()).isEqualTo(0.5);
        assertThat(named(s, "rpc.duration")).extracting(x -> x.labels().get("quantile")).containsExactly("0.5", "0.9", "0.99");
        var b = resource(attrs("host.name", "h"), histogram("rpc.duration", true,
                histogramPoint(T0_NANOS + 10 * SECOND, T0_NANOS + 20 * SECOND, 6.0, List.of(1.0), counts(2, 0))));
        List<MetricSample> s2 = identity.convert(request(b), 0);
        assertThat(only(s2, "rpc.duration.count").value()).isEqualTo(6.0);
        assertThat(only(s2, "rpc.duration.sum").value()).isEqualTo(8.0);
        assertThat(only(s2, "rpc.duration.avg").value()).isEqualTo(3.0);
    }

    @Test
    void summariesKeepTheirQuantilesAsALabel() {
        Metric m = Metric.newBuilder().setName("db.query.time").setSummary(Summary.newBuilder().addDataPoints(SummaryDataPoint.newBuilder()
                .setStartTimeUnixNano(T0_NANOS - SECOND).setTimeUnixNano(T0_NANOS).setCount(40).setSum(8.0)
                .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.5).setValue(0.1))
                .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.99).setValue(0.9)))).build();
        List<MetricSample> s = identity.convert(request(resource(attrs("host.name", "h"), m)), 0);
        assertThat(named(s, "db.query.time")).extracting(x -> x.labels().get("quantile") + "=" + x.value())
                .containsExactly("0.5=0.1", "0.99=0.9");
        assertThat(only(s, "db.query.time.count").type()).isEqualTo(MetricType.COUNTER);
        assertThat(only(s, "db.query.time.sum").value()).isEqualTo(8.0);
    }

    @Test
    void exponentialHistogramQuantilesInterpolateWithinTheirBuckets() {
        // Scale 0: base 2; positive bucket offset 0 holds (1, 2], offset 1 holds (2, 4].
        Metric m = Metric.newBuilder().setName("payload.size").setExponentialHistogram(ExponentialHistogram.newBuilder()
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setStartTimeUnixNano(T0_NANOS).setTimeUnixNano(T0_NANOS + SECOND)
                        .setScale(0).setCount(10).setSum(30).setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder()
                                .setOffset(0).addBucketCounts(0).addBucketCounts(10)))).build();
        List<MetricSample> s = identity.convert(request(resource(attrs("host.name", "h"), m)), 0);
        MetricSample p50 = named(s, "payload.size").stream().filter(x -> "0.5".equals(x.labels().get("quantile")))
                .findFirst().orElseThrow();
        assertThat(p50.value()).isCloseTo(3.0, within(1e-9));
        assertThat(only(s, "payload.size.avg").value()).isEqualTo(3.0);
    }

    @Test
    void aResourceWithoutHostOrServiceTakesTheFallbackSourceAndSaysSo() {
        var r = resource(attrs("cloud.region", "eu-west-1"), Otlp.gauge("temperature", point(21.5, 0)));
        List<MetricSample> s = identity.convert(request(r), 1234L);
        assertThat(s).singleElement().satisfies(x -> {
            assertThat(x.source()).isEqualTo("fallback-host");
            assertThat(x.ts()).as("a point without a time takes the record's").isEqualTo(1234L);
        });
        assertThat(identity.capabilities()).anyMatch(c -> c.contains("fallback-host"));
    }

    @Test
    void streamStateIsBounded() {
        OtlpConverter small = new OtlpConverter(PrometheusMapping.identity(), "h", 2);
        for (int i = 0; i < 5; i++) {
            small.convert(request(resource(attrs("host.name", "h"), sum("c" + i, true, true, point(1, T0_NANOS)))), 0);
        }
        assertThat(small.capabilities()).anyMatch(c -> c.contains("stream limit"));
    }
}
