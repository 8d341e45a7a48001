package io.slowburn.ingest.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.slowburn.model.MetricSample;
import io.slowburn.model.MetricType;
import io.slowburn.model.RecordCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mappings shipped in the jar, on real expositions: each feeds the metrics the default rules read. */
class BuiltinMappingsTest {

    private static final long NOW = 1_772_409_600_000L;

    private static List<MetricSample> map(String mapping, String fixture) throws Exception {
        ParseResult parsed = new PrometheusTextParser().parse(Fixtures.text(fixture));
        assertThat(parsed.errors()).as("parse errors of " + fixture).isEmpty();
        List<MetricSample> out = PrometheusMapping.resolve(mapping).map(parsed.samples(), "host-17", NOW);
        RecordCodec codec = new RecordCodec();
        for (MetricSample s : out) {
            // What the publisher sends is what the detector's reader accepts.
            assertThat(codec.readMetric(codec.bytes(codec.toJson(s)))).isEqualTo(s);
        }
        return out;
    }

    private static MetricSample only(List<MetricSample> samples, String metric) {
        List<MetricSample> found = samples.stream().filter(s -> s.metric().equals(metric)).toList();
        assertThat(found).as(metric + " in " + samples).hasSize(1);
        return found.get(0);
    }

    @Test
    void nodeExporterFeedsHostMemoryFdsAndProcessCount() throws Exception {
        List<MetricSample> s = map("node_exporter", "node_exporter_e2e.txt");
        // The fixture's kernel has no MemAvailable: used = MemTotal - (MemFree + Buffers + Cached).
        MetricSample mem = only(s, "os.memory.used");
        assertThat(mem.value()).isCloseTo(3.831959552e9 - (2.30883328e8 + 2.256896e7 + 9.53229312e8), within(1.0));
        assertThat(mem.limit()).isEqualTo(3.831959552e9);
        assertThat(mem.labels()).isEmpty();
        assertThat(mem.unit()).isEqualTo("bytes");
        MetricSample fds = only(s, "os.fd.open");
        assertThat(fds.value()).isEqualTo(1024.0);
        assertThat(fds.limit()).isEqualTo(1.631329e6);
        MetricSample procs = only(s, "os.process.count");
        assertThat(procs.value()).isEqualTo(3.0);
        assertThat(procs.limit()).isEqualTo(123.0);
        assertThat(procs.type()).isEqualTo(MetricType.GAUGE);
        // About five thousand lines in; only contract metrics out.
        assertThat(s).extracting(MetricSample::metric).containsOnly("os.memory.used", "os.fd.open", "os.process.count", "os.oom.kills");
        assertThat(only(s, "os.oom.kills").type()).isEqualTo(MetricType.COUNTER);
    }

    @Test
    void nodeExporterOnAModernKernelUsesMemAvailableAndNotTheEstimate() {
        String text = """
                # TYPE node_memory_MemAvailable_bytes gauge
                node_memory_MemAvailable_bytes 6.0e9
                # TYPE node_memory_MemFree_bytes gauge
                node_memory_MemFree_bytes 1.0e9
                # TYPE node_memory_MemTotal_bytes gauge
                node_memory_MemTotal_bytes 1.6e10
                # TYPE node_memory_Buffers_bytes gauge
                node_memory_Buffers_bytes 1.0e8
                # TYPE node_memory_Cached_bytes gauge
                node_memory_Cached_bytes 4.0e9
                """;
        List<MetricSample> s = PrometheusMapping.builtin("node_exporter").map(new PrometheusTextParser().parse(text).samples(), "h", NOW);
        MetricSample mem = only(s, "os.memory.used");
        assertThat(mem.value()).isEqualTo(1.0e10);
        assertThat(mem.limit()).isEqualTo(1.6e10);
    }

    @Test
    void springBootActuatorScrapeFeedsHeapGcThreadsFdsAndRequests() throws Exception {
        List<MetricSample> s = map("builtin:micrometer", "spring_boot_actuator.txt");
        MetricSample heap = only(s, "jvm.memory.used");
        // Eden + old generation + survivor; the metaspace and code cache are not heap.
        assertThat(heap.value()).isEqualTo(6291456.0 + 1.5906816E7 + 3151488.0);
        assertThat(heap.labels()).isEqualTo(Map.of("area", "heap"));
        assertThat(heap.limit()).as("only the old generation has a maximum under G1").isEqualTo(4.294967296E9);
        MetricSample gc = only(s, "jvm.gc.time");
        assertThat(gc.value()).isEqualTo(0.003);
        assertThat(gc.type()).isEqualTo(MetricType.COUNTER);
        assertThat(gc.labels()).isEmpty();
        assertThat(only(s, "jvm.threads.live").value()).isEqualTo(22.0);
        MetricSample fds = only(s, "os.fd.open");
        assertThat(fds.value()).isEqualTo(65.0);
        assertThat(fds.limit()).isEqualTo(10240.0);
        assertThat(fds.labels()).isEqualTo(Map.of("scope", "process"));
        MetricSample requests = only(s, "app.requests");
        assertThat(requests.type()).isEqualTo(MetricType.COUNTER);
        assertThat(requests.labels()).containsEntry("uri", "/actuator").containsEntry("outcome", "SUCCESS");
        assertThat(s).noneMatch(x -> x.metric().equals("app.errors"));
        MetricSample queue = only(s, "app.queue.depth");
        assertThat(queue.labels()).isEqualTo(Map.of("queue", "applicationTaskExecutor"));
    }

    @Test
    void micrometerServerErrorsCountAsErrorsAndAsRequests() {
        String text = """
                # TYPE http_server_requests_seconds summary
                http_server_requests_seconds_count{method="GET",outcome="SUCCESS",status="200",uri="/cart"} 90
                http_server_requests_seconds_sum{method="GET",outcome="SUCCESS",status="200",uri="/cart"} 4.5
                http_server_requests_seconds_count{method="GET",outcome="SERVER_ERROR",status="503",uri="/cart"} 10
                http_server_requests_seconds_sum{method="GET",outcome="SERVER_ERROR",status="503",uri="/cart"} 0.5
                # TYPE jvm_gc_pause_seconds summary
                jvm_gc_pause_seconds_sum{action="end of minor GC",cause="G1 Evacuation Pause",gc="G1 Young Generation"} 1.5
                jvm_gc_pause_seconds_sum{action="end of major GC",cause="G1 Compaction Pause",gc="G1 Old Generation"} 0.25
                # TYPE jvm_gc_concurrent_phase_time_seconds summary
                jvm_gc_concurrent_phase_time_seconds_sum{action="concurrent mark",cause="No GC",gc="G1 Concurrent GC"} 2.0
                """;
        List<MetricSample> s = PrometheusMapping.builtin("micrometer").map(new PrometheusTextParser().parse(text).samples(), "h", NOW);
        assertThat(only(s, "app.errors").value()).isEqualTo(10.0);
        assertThat(s.stream().filter(x -> x.metric().equals("app.requests")).mapToDouble(MetricSample::value).sum()).isEqualTo(100.0);
        assertThat(only(s, "jvm.gc.time").value()).isEqualTo(3.75);
    }

    @Test
    void mappingsResolveByNameByPrefixOrAsAFile(@TempDir Path dir) throws Exception {
        for (String name : PrometheusMapping.BUILTINS) {
            assertThat(PrometheusMapping.resolve(name)).isNotNull();
            assertThat(PrometheusMapping.resolve("builtin:" + name)).isNotNull();
        }
        Path file = Files.writeString(dir.resolve("m.yaml"), "metrics:\n  - {match: up, metric: app.up}\n");
        // A file named like a built-in is the file (what the user wrote runs); builtin:NAME is never a file.
        Path shadow = Files.writeString(dir.resolve("otel"), "metrics:\n  - {match: up, metric: mine}\n");
        assertThat(PrometheusMapping.resolve(shadow.toString()).map(new PrometheusTextParser().parse("up 1\n").samples(), "h", NOW))
                .extracting(MetricSample::metric).containsExactly("mine");
        assertThat(PrometheusMapping.resolve(file.toString()).map(new PrometheusTextParser().parse("up 1\n").samples(), "h", NOW))
                .extracting(MetricSample::metric).containsExactly("app.up");
        assertThatThrownBy(() -> PrometheusMapping.resolve("node-exporter"))
                .hasMessageContaining("no such file, and not a built-in mapping (built-in: node_exporter, micrometer, otel)");
        assertThatThrownBy(() -> PrometheusMapping.resolve("builtin:nope")).hasMessageContaining("no built-in mapping 'nope'");
    }

    @Test
    void combinedMappingsTryRulesInOrderAndKeepUnmappedIfAnyKeeps() {
        PrometheusMapping extra = PrometheusMapping.parse("unmapped: keep\nmetrics:\n  - {match: up, metric: app.up}\n", "extra");
        PrometheusMapping both = PrometheusMapping.combine(List.of(PrometheusMapping.builtin("node_exporter"), extra));
        List<MetricSample> s = both.map(new PrometheusTextParser().parse(
                "node_filefd_allocated 5\nnode_filefd_maximum 10\nup 1\nother 2\n").samples(), "h", NOW);
        assertThat(s).extracting(MetricSample::metric).containsExactly("os.fd.open", "node_filefd_maximum", "app.up", "other");
    }
}
