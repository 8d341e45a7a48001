package io.slowburn.ingest.otlp;

import static io.slowburn.ingest.otlp.Otlp.T0_NANOS;
import static io.slowburn.ingest.otlp.Otlp.attrs;
import static io.slowburn.ingest.otlp.Otlp.point;
import static io.slowburn.ingest.otlp.Otlp.request;
import static io.slowburn.ingest.otlp.Otlp.resource;
import static io.slowburn.ingest.otlp.Otlp.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.slowburn.ingest.prometheus.PrometheusMapping;
import io.slowburn.model.MetricSample;
import io.slowburn.model.MetricType;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OTLP JSON as the Collector and the spec's own example write it, and length-prefixed protobuf files. */
class OtlpFileReaderTest {

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(OtlpFileReaderTest.class.getResource("/otlp/" + name).toURI());
    }

    private static List<ExportMetricsServiceRequest> readAll(Path file) throws Exception {
        List<ExportMetricsServiceRequest> out = new ArrayList<>();
        OtlpFileReader.read(file, out::add);
        return out;
    }

    @Test
    void collectorStyleJsonWithHexIdsStringIntegersAndEnumNumbersParses() throws Exception {
        List<ExportMetricsServiceRequest> requests = readAll(fixture("collector-jvm.jsonl"));
        assertThat(requests).hasSize(2);
        Metric gc = requests.get(0).getResourceMetrics(0).getScopeMetrics(0).getMetrics(2);
        assertThat(gc.getHistogram().getAggregationTemporalityValue()).isEqualTo(2);
        var exemplar = gc.getHistogram().getDataPoints(0).getExemplars(0);
        // Hex in OTLP JSON, bytes in the message: the same 16 bytes, not a base64 reading of the hex text.
        assertThat(exemplar.getTraceId().size()).isEqualTo(16);
        assertThat(java.util.HexFormat.of().formatHex(exemplar.getTraceId().toByteArray())).isEqualTo("5b8efff798038103d269b633813fc60c");
        assertThat(exemplar.getSpanId().size()).isEqualTo(8);
        assertThat(requests.get(0).getResourceMetrics(0).getScopeMetrics(0).getMetrics(0).getSum().getDataPoints(0).getAsInt())
                .isEqualTo(500_000_000L);

        OtlpConverter converter = new OtlpConverter(PrometheusMapping.builtin("otel"), "fallback", 100);
        List<MetricSample> first = converter.convert(requests.get(0), 0);
        List<MetricSample> second = converter.convert(requests.get(1), 0);
        MetricSample heap = second.stream().filter(s -> s.metric().equals("jvm.memory.used")).findFirst().orElseThrow();
        assertThat(heap.value()).isEqualTo(530_000_000.0);
        assertThat(heap.limit()).isEqualTo(4_294_967_296.0);
        assertThat(heap.labels()).isEqualTo(Map.of("area", "heap", "service", "checkout"));
        assertThat(heap.source()).isEqualTo("host-17");
        assertThat(heap.ts()).isEqualTo(1_772_409_660_000L);
        assertThat(first).filteredOn(s -> s.metric().equals("jvm.gc.time")).singleElement()
                .satisfies(s -> assertThat(s.value()).isEqualTo(0.25));
        assertThat(second).filteredOn(s -> s.metric().equals("jvm.threads.live")).singleElement()
                .satisfies(s -> assertThat(s.value()).isEqualTo(19.0));
    }

    @Test
    void theSpecsOwnPrettyPrintedExampleParses() throws Exception {
        // opentelemetry-proto/examples/metrics.json (ac2c4b5d): delta histograms, explicit and exponential.
        List<ExportMetricsServiceRequest> requests = readAll(fixture("proto-example-metrics.json"));
        assertThat(requests).hasSize(1);
        List<MetricSample> s = new OtlpConverter(PrometheusMapping.identity(), "fallback", 100).convert(requests.get(0), 0);
        assertThat(s).extracting(MetricSample::metric).containsExactly("my.counter", "my.gauge",
                "my.histogram.count", "my.histogram.sum", "my.histogram.avg", "my.histogram", "my.histogram", "my.histogram",
                "my.exponential.histogram.count", "my.exponential.histogram.sum", "my.exponential.histogram.avg",
                "my.exponential.histogram", "my.exponential.histogram", "my.exponential.histogram");
        // Zero bucket 1, (4, 8] 2: the median's rank 1.5 falls a quarter into (4, 8]. The example's max is 5.
        assertThat(s).filteredOn(x -> x.metric().equals("my.exponential.histogram") && "0.5".equals(x.labels().get("quantile")))
                .singleElement().satisfies(x -> assertThat(x.value()).isEqualTo(5.0));
        assertThat(s.get(0).type()).isEqualTo(MetricType.COUNTER);
        assertThat(s.get(0).source()).isEqualTo("my.service");
        assertThat(s.get(0).labels()).isEqualTo(Map.of("my.counter.attr", "some value", "service", "my.service"));
        assertThat(s.get(0).ts()).isEqualTo(1_544_712_660_300L);
    }

    @Test
    void lengthPrefixedProtobufFilesAreReadInOrder(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (int i = 0; i < 3; i++) {
            byte[] r = request(resource(attrs("host.name", "h" + i), sum("c", true, false, point(i, T0_NANOS)))).toByteArray();
            out.writeInt(r.length);
            out.write(r);
        }
        Path file = Files.write(dir.resolve("metrics.binpb"), bytes.toByteArray());
        assertThat(readAll(file)).extracting(r -> r.getResourceMetrics(0).getResource().getAttributes(0).getValue().getStringValue())
                .containsExactly("h0", "h1", "h2");

        byte[] truncated = java.util.Arrays.copyOf(bytes.toByteArray(), bytes.size() - 3);
        Path bad = Files.write(dir.resolve("truncated.binpb"), truncated);
        List<ExportMetricsServiceRequest> before = new ArrayList<>();
        assertThatThrownBy(() -> OtlpFileReader.read(bad, before::add)).isInstanceOf(InvalidOtlpException.class)
                .hasMessageContaining("truncated.binpb: record 3 at byte").hasMessageContaining("truncated");
        assertThat(before).hasSize(2);
    }

    @Test
    void badJsonNamesTheFileAndLine(@TempDir Path dir) throws Exception {
        String good = Files.readAllLines(fixture("collector-jvm.jsonl")).get(0);
        Path file = Files.writeString(dir.resolve("m.jsonl"), good + "\n{\"resourceMetrics\": 7}\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> readAll(file)).isInstanceOf(InvalidOtlpException.class).hasMessageContaining("m.jsonl: line 2:");
        Path notJson = Files.writeString(dir.resolve("n.jsonl"), good + "\n{oops\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> readAll(notJson)).isInstanceOf(InvalidOtlpException.class)
                .hasMessageContaining("n.jsonl: line 2: not JSON");
        Path garbage = Files.write(dir.resolve("g.bin"), new byte[] {0x7f, 0x7f, 0x7f, 0x7f, 1});
        assertThatThrownBy(() -> readAll(garbage)).hasMessageContaining("g.bin: record 1 at byte 0: length prefix");
    }

    @Test
    void bothEncodingsDecodeTheSameRequestAndUnknownJsonFieldsAreIgnored() throws Exception {
        ExportMetricsServiceRequest r = request(resource(attrs("host.name", "h"), sum("c", true, false, point(3, T0_NANOS))));
        assertThat(OtlpEncoding.OTLP_PROTO.decode(r.toByteArray())).isEqualTo(r);
        String json = com.google.protobuf.util.JsonFormat.printer().print(r).replaceFirst("\\{", "{\"someFutureField\": {\"x\": 1},");
        assertThat(OtlpEncoding.OTLP_JSON.decode(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(r);
        assertThatThrownBy(() -> OtlpEncoding.OTLP_PROTO.decode(new byte[] {(byte) 0xff, 0x01})).isInstanceOf(InvalidOtlpException.class);
        assertThatThrownBy(() -> OtlpEncoding.fromWire("otlp_yaml")).hasMessageContaining("otlp_proto or otlp_json");
    }
}
