package io.slowburn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ingest otlp --input}: the file path a backtest or a test uses, and the errors a user sees. */
class OtlpIngestCommandTest {

    /** Collector-style OTLP JSON of module ingest (tests run in detector/). */
    private static final Path COLLECTOR_JSON = Path.of("..", "ingest", "src", "test", "resources", "otlp", "collector-jvm.jsonl");

    private static List<JsonNode> lines(Path file) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            out.add(json.readTree(line));
        }
        return out;
    }

    @Test
    void aFileOfCollectorJsonBecomesContractJsonLines(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("metrics.jsonl");
        Cli cli = new Cli();
        assertThat(cli.run("ingest", "otlp", "--input", COLLECTOR_JSON.toString(), "--output", out.toString()))
                .as(cli.toString()).isZero();
        List<JsonNode> records = lines(out);
        assertThat(records).extracting(n -> n.path("metric").asText())
                .containsExactly("jvm.memory.used", "jvm.gc.time", "jvm.threads.live",
                        "jvm.memory.used", "jvm.gc.time", "jvm.threads.live");
        JsonNode heap = records.get(3);
        assertThat(heap.path("stream").asText()).isEqualTo("metric");
        assertThat(heap.path("source").asText()).isEqualTo("host-17");
        assertThat(heap.path("ts").asLong()).isEqualTo(1_772_409_660_000L);
        assertThat(heap.path("value").asDouble()).isEqualTo(5.3e8);
        assertThat(heap.path("limit").asDouble()).isEqualTo(4_294_967_296.0);
        assertThat(heap.path("labels").path("area").asText()).isEqualTo("heap");
        assertThat(records.get(4).path("type").asText()).isEqualTo("counter");
        assertThat(cli.err()).contains("2 resource(s) read, 6 record(s) published");
    }

    @Test
    void badInputIsExit2NamingTheFileAndLine(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.jsonl"), "{\"resourceMetrics\": \"x\"}\n");
        Cli cli = new Cli();
        assertThat(cli.run("ingest", "otlp", "--input", bad.toString(), "--output", dir.resolve("o.jsonl").toString())).isEqualTo(2);
        assertThat(cli.err()).contains("bad.jsonl: line 1:");

        Cli mapping = new Cli();
        assertThat(mapping.run("ingest", "otlp", "--input", COLLECTOR_JSON.toString(), "--output", dir.resolve("o.jsonl").toString(),
                "--mapping", "nodeexporter")).isEqualTo(2);
        assertThat(mapping.err()).contains("not a built-in mapping (built-in: node_exporter, micrometer, otel)");

        Cli encoding = new Cli();
        assertThat(encoding.run("ingest", "otlp", "--encoding", "otlp_avro", "--output", dir.resolve("o.jsonl").toString())).isEqualTo(2);
        assertThat(encoding.err()).contains("otlp_proto or otlp_json");
    }

    @Test
    void prometheusTakesABuiltInMappingByName(@TempDir Path dir) throws Exception {
        Cli cli = new Cli();
        // No endpoint is needed to see the name resolve: a bad name fails before any scrape, a good one does not.
        assertThat(cli.run("ingest", "prometheus", "--url", "http://127.0.0.1:1/metrics", "--mapping", "no_such_mapping", "--once",
                "--output", dir.resolve("p.jsonl").toString())).isEqualTo(2);
        assertThat(cli.err()).contains("--mapping: mapping 'no_such_mapping': no such file");
    }
}
