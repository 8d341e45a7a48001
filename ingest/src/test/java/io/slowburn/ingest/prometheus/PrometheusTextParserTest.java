package io.slowburn.ingest.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextParserTest {

    private final PrometheusTextParser parser = new PrometheusTextParser();

    private static PromSample find(ParseResult r, String name, Map<String, String> labels) {
        return r.samples().stream().filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + labels));
    }

    @Test
    void nodeExporterExcerpt() {
        ParseResult r = parser.parse(Fixtures.text("node_exporter.txt"));
        assertThat(r.errors()).isEmpty();
        assertThat(r.nonFiniteSkipped()).isZero();
        assertThat(r.sawEof()).isFalse();
        assertThat(r.samples()).hasSize(25);
        PromSample cpu = find(r, "node_cpu_seconds_total", Map.of("mode", "idle"));
        assertThat(cpu.type()).isEqualTo(PromType.COUNTER);
        assertThat(cpu.value()).isEqualTo(1.2345678e6);
        assertThat(cpu.labels()).containsExactly(Map.entry("cpu", "0"), Map.entry("mode", "idle"));
        PromSample gc = find(r, "go_gc_duration_seconds_count", Map.of());
        assertThat(gc.family()).isEqualTo("go_gc_duration_seconds");
        assertThat(gc.type()).isEqualTo(PromType.SUMMARY);
        assertThat(gc.suffix()).isEqualTo("_count");
        assertThat(find(r, "node_vmstat_oom_kill", Map.of()).type()).isEqualTo(PromType.UNKNOWN);
        assertThat(find(r, "node_filefd_maximum", Map.of()).value()).isEqualTo(9.223372036854776e18);
        assertThat(cpu.timestampMs()).isNull();
    }

    @Test
    void micrometerJvmExcerptWithTrailingCommas() {
        ParseResult r = parser.parse(Fixtures.text("micrometer_jvm.txt"));
        assertThat(r.errors()).isEmpty();
        PromSample old = find(r, "jvm_memory_used_bytes", Map.of("id", "G1 Old Gen"));
        assertThat(old.value()).isEqualTo(5.6361472e7);
        assertThat(old.labels()).containsEntry("area", "heap").containsEntry("application", "checkout");
        PromSample bucket = find(r, "http_server_requests_seconds_bucket", Map.of("le", "+Inf"));
        assertThat(bucket.type()).isEqualTo(PromType.HISTOGRAM);
        assertThat(bucket.family()).isEqualTo("http_server_requests_seconds");
        assertThat(find(r, "jvm_gc_pause_seconds_max", Map.of()).type()).isEqualTo(PromType.GAUGE);
        // A negative value is a legal gauge value (-1 = undefined max in Micrometer).
        assertThat(find(r, "jvm_memory_max_bytes", Map.of("id", "G1 Eden Space")).value()).isEqualTo(-1.0);
    }

    @Test
    void openMetricsWithExemplarsCreatedAndEof() {
        ParseResult r = parser.parse(Fixtures.text("openmetrics.txt"));
        assertThat(r.errors()).isEmpty();
        assertThat(r.sawEof()).isTrue();
        assertThat(r.samples()).noneMatch(s -> s.name().equals("ignored_after_eof"));
        PromSample req = find(r, "acme_http_requests_total", Map.of("code", "200"));
        assertThat(req.family()).isEqualTo("acme_http_requests");
        assertThat(req.type()).isEqualTo(PromType.COUNTER);
        // OpenMetrics timestamps are seconds.
        assertThat(req.timestampMs()).isEqualTo(1_772_409_600_123L);
        PromSample retries = find(r, "acme_retries_total", Map.of());
        assertThat(retries.value()).isEqualTo(12.0);
        assertThat(retries.timestampMs()).isNull();
        assertThat(find(r, "acme_latency_seconds_bucket", Map.of("le", "0.1")).value()).isEqualTo(8.0);
        assertThat(find(r, "acme_build_info", Map.of()).type()).isEqualTo(PromType.INFO);
        assertThat(find(r, "acme_http_requests_created", Map.of("code", "200")).suffix()).isEqualTo("_created");
    }

    @Test
    void edgeCases() {
        ParseResult r = parser.parse(Fixtures.text("edge_cases.txt"));
        PromSample escaped = find(r, "escaped", Map.of());
        assertThat(escaped.labels()).containsEntry("path", "C:\\dir\\file").containsEntry("quote", "say \"hi\"")
                .containsEntry("nl", "a\nb");
        PromSample spaced = find(r, "spaces_around", Map.of());
        assertThat(spaced.labels()).isEqualTo(Map.of("a", "1", "b", "2"));
        assertThat(spaced.value()).isEqualTo(2.5);
        assertThat(spaced.timestampMs()).isEqualTo(1_772_409_600_000L);
        assertThat(find(r, "negative_gauge", Map.of()).value()).isEqualTo(-0.0125);
        assertThat(find(r, "untyped_ts", Map.of()).timestampMs()).isEqualTo(1_772_409_600_000L);
        assertThat(r.nonFiniteSkipped()).isEqualTo(3);
        assertThat(r.samples()).extracting(PromSample::name)
                .containsExactly("escaped", "spaces_around", "negative_gauge", "untyped_ts");
        List<String> errors = r.errors();
        assertThat(errors).hasSize(6);
        assertThat(errors).anyMatch(e -> e.startsWith("line 8: no value") && e.contains("'no_value{a=\"b\"}'"));
        assertThat(errors).anyMatch(e -> e.contains("'1.2.3' is not a number"));
        assertThat(errors).anyMatch(e -> e.contains("unterminated"));
        assertThat(errors).anyMatch(e -> e.contains("'Infinity' is not a number"));
        assertThat(errors).anyMatch(e -> e.contains("unexpected text"));
    }

    @Test
    void crlfLineEndingsAndEmptyInput() {
        ParseResult r = parser.parse(Fixtures.text("crlf.txt"));
        assertThat(r.samples()).singleElement().satisfies(s -> assertThat(s.labels()).isEqualTo(Map.of("a", "1")));
        assertThat(r.sawEof()).isTrue();
        assertThat(parser.parse("").samples()).isEmpty();
    }
}
