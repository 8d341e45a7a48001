package io.slowburn.ingest.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slowburn.model.MetricSample;
import io.slowburn.model.MetricType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrometheusMappingTest {

    private static final long NOW = 1_772_409_600_000L;

    private static List<MetricSample> map(PrometheusMapping mapping, String fixture) {
        return mapping.map(new PrometheusTextParser().parse(Fixtures.text(fixture)).samples(), "svc-1", NOW);
    }

    private static MetricSample find(List<MetricSample> samples, String metric, Map<String, String> labels) {
        return samples.stream().filter(s -> s.metric().equals(metric) && s.labels().entrySet().containsAll(labels.entrySet()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + metric + labels + " in " + samples));
    }

    @Test
    void defaultTypesPerFamily() {
        List<MetricSample> s = map(PrometheusMapping.identity(), "micrometer_jvm.txt");
        assertThat(find(s, "jvm_memory_used_bytes", Map.of("id", "G1 Old Gen")).type()).isEqualTo(MetricType.GAUGE);
        MetricSample bucket = find(s, "http_server_requests_seconds_bucket", Map.of("le", "0.05"));
        assertThat(bucket.type()).isEqualTo(MetricType.COUNTER);
        assertThat(bucket.value()).isEqualTo(950.0);
        assertThat(find(s, "http_server_requests_seconds_sum", Map.of()).type()).isEqualTo(MetricType.COUNTER);
        MetricSample q = find(s, "http_request_duration_seconds", Map.of("quantile", "0.99"));
        assertThat(q.type()).isEqualTo(MetricType.GAUGE);
        assertThat(q.ts()).isEqualTo(NOW);
        assertThat(q.source()).isEqualTo("svc-1");
    }

    @Test
    void mappingFileRenamesRetypesAndSetsLimits() {
        PrometheusMapping m = PrometheusMapping.load(Fixtures.path("mapping.yaml"));
        List<MetricSample> s = map(m, "micrometer_jvm.txt");
        MetricSample p99 = find(s, "app.latency.p99", Map.of());
        assertThat(p99.value()).isEqualTo(0.231);
        assertThat(p99.labels()).isEqualTo(Map.of("application", "checkout"));
        assertThat(p99.unit()).isEqualTo("seconds");
        // The p50 is not mapped: kept under its Prometheus name.
        assertThat(find(s, "http_request_duration_seconds", Map.of("quantile", "0.5")).value()).isEqualTo(0.012);
        MetricSample old = find(s, "app.old_gen.used", Map.of("id", "G1 Old Gen"));
        assertThat(old.limit()).isEqualTo(4.294967296e9);
        MetricSample queue = find(s, "app.queue.depth", Map.of("name", "orders"));
        assertThat(queue.limit()).isEqualTo(1000.0);
        MetricSample requests = find(s, "app.requests", Map.of("uri", "/api/cart"));
        assertThat(requests.type()).isEqualTo(MetricType.COUNTER);
        assertThat(requests.value()).isEqualTo(1002.0);
    }

    @Test
    void unmappedDropAndOpenMetricsDetails() {
        PrometheusMapping m = PrometheusMapping.parse("""
                unmapped: drop
                metrics:
                  - match: acme_retries_total
                    metric: app.retries
                  - match: acme_queue_depth
                    metric: app.queue.depth
                  - match: acme_build_info
                    metric: app.build
                """, "inline");
        List<MetricSample> s = map(m, "openmetrics.txt");
        assertThat(s).extracting(MetricSample::metric).containsExactly("app.retries", "app.build", "app.queue.depth");
        assertThat(find(s, "app.retries", Map.of()).type()).isEqualTo(MetricType.COUNTER);
        // Label values may not carry ',' or '|' in a series id.
        assertThat(find(s, "app.build", Map.of()).labels()).containsEntry("revision", "abc_123_x");
        List<MetricSample> all = map(PrometheusMapping.identity(), "openmetrics.txt");
        assertThat(all).noneMatch(x -> x.metric().endsWith("_created"));
        assertThat(find(all, "acme_http_requests_total", Map.of("code", "500")).ts()).isEqualTo(1_772_409_600_123L);
    }

    @Test
    void selectorsTakeDottedNamesRegexAndNegativeMatchers() {
        PrometheusMapping m = PrometheusMapping.parse("""
                unmapped: drop
                metrics:
                  - match: 'http.server.request.duration.count{http.response.status_code=~"5..", "odd key"!="skip"}'
                    metric: app.errors
                  - match: 'queue_len{name!~"tmp-.*"}'
                    metric: app.queue.depth
                    rename_labels: {name: queue}
                """, "inline");
        List<MetricSample> s = m.map(new PrometheusTextParser().parse("""
                queue_len{name="orders"} 3
                queue_len{name="tmp-1"} 9
                """).samples(), "h", NOW);
        assertThat(s).singleElement().satisfies(x -> {
            assertThat(x.metric()).isEqualTo("app.queue.depth");
            assertThat(x.labels()).isEqualTo(Map.of("queue", "orders"));
        });
        Selector sel = Selector.parse("http.server.request.duration.count{http.response.status_code=~\"5..\"}");
        assertThat(sel.name()).isEqualTo("http.server.request.duration.count");
        assertThat(sel.matches(new PromSample("http.server.request.duration.count", "x", PromType.COUNTER,
                Map.of("http.response.status_code", "503"), 1, null))).isTrue();
        assertThat(sel.matches(new PromSample("http.server.request.duration.count", "x", PromType.COUNTER,
                Map.of("http.response.status_code", "5030"), 1, null))).as("regexes match the whole value").isFalse();
        assertThat(Selector.parse("x{a=\"=~y\"}").matches(new PromSample("x", "x", PromType.GAUGE, Map.of("a", "=~y"), 1, null)))
                .as("an = value is literal").isTrue();
    }

    @Test
    void fromLimitSubtractsAndAMissingLimitPublishesNothing() {
        PrometheusMapping m = PrometheusMapping.parse("""
                metrics:
                  - {match: free_bytes, metric: used, limit_from: total_bytes, from_limit: true}
                  - {match: total_bytes, metric: total}
                """, "inline");
        assertThat(m.map(new PrometheusTextParser().parse("free_bytes 3\ntotal_bytes 10\n").samples(), "h", NOW))
                .extracting(x -> x.metric() + "=" + x.value() + "/" + x.limit()).containsExactly("used=7.0/10.0", "total=10.0/null");
        assertThat(m.map(new PrometheusTextParser().parse("free_bytes 3\n").samples(), "h", NOW)).isEmpty();
    }

    @Test
    void badMappingFilesNameTheProblem(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> PrometheusMapping.parse("metrics:\n  - match: x\n", "f.yaml"))
                .hasMessage("f.yaml:2:5: missing required key 'metric'");
        assertThatThrownBy(() -> PrometheusMapping.parse("metrics:\n  - {match: 'x{', metric: y}\n", "f.yaml"))
                .hasMessageContaining("not a selector");
        assertThatThrownBy(() -> PrometheusMapping.parse("metrics:\n  - {match: x, metric: y, type: histogram}\n", "f.yaml"))
                .hasMessageContaining("'type' must be gauge or counter");
        assertThatThrownBy(() -> PrometheusMapping.parse("metrics:\n  - {match: x, metric: y, limit: -3}\n", "f.yaml"))
                .hasMessageContaining("'limit' must be a positive number");
        assertThatThrownBy(() -> PrometheusMapping.parse("unmapped: maybe\n", "f.yaml")).hasMessageContaining("keep or drop");
        assertThatThrownBy(() -> PrometheusMapping.parse("metrics:\n  - {match: x, metric: y, limit_form: z}\n", "f.yaml"))
                .hasMessage("f.yaml:2:27: unknown key 'limit_form' in a 'metrics' entry (did you mean 'limit_from'?)");
        assertThatThrownBy(() -> PrometheusMapping.parse("metrics:\n  - {match: x, metric: y, from_limit: true}\n", "f.yaml"))
                .hasMessageContaining("'from_limit' needs 'limit' or 'limit_from'");
        assertThatThrownBy(() -> PrometheusMapping.parse("metrics:\n  - {match: x, metric: y, sum: yes please}\n", "f.yaml"))
                .hasMessageContaining("'sum' must be true or false");
        assertThatThrownBy(() -> PrometheusMapping.parse("metrics:\n  - {match: 'x{a=~\"(\"}', metric: y}\n", "f.yaml"))
                .hasMessageStartingWith("f.yaml:2:13: 'match': ").hasMessageContaining("bad regular expression");
        assertThatThrownBy(() -> PrometheusMapping.parse("a: [\n", "f.yaml"))
                .hasMessage("f.yaml:2:1: invalid YAML: the file ends in the middle of a value "
                        + "(close every '[', '{' and quote that is opened)");
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> PrometheusMapping.load(missing)).hasMessageContaining("nope.yaml");
        Path empty = Files.writeString(dir.resolve("empty.yaml"), "");
        assertThat(PrometheusMapping.load(empty).map(List.of(), "s", NOW)).isEmpty();
    }
}
