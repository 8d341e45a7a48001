package io.slowburn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.slowburn.broker.EmbeddedKafkaBroker;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertsForwardCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void refusesToStartWithoutAnOutputOrWithABadOne() {
        Cli none = new Cli();
        assertThat(none.run("alerts", "forward", "--bootstrap-servers", "127.0.0.1:1")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(none.err()).contains("no output").contains("--webhook-url");

        Cli ftp = new Cli();
        assertThat(ftp.run("alerts", "forward", "--webhook-url", "ftp://x/y")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(ftp.err()).contains("'ftp://x/y'");

        Cli mode = new Cli();
        assertThat(mode.run("alerts", "forward", "--cloudevents-url", "http://x/", "--cloudevents-mode", "batch"))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(mode.err()).contains("'batch' is not binary or structured");

        Cli retry = new Cli();
        assertThat(retry.run("alerts", "forward", "--webhook-url", "http://x/", "--retry-for", "0s")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(retry.err()).contains("--retry-for must be positive");

        Cli own = new Cli();
        assertThat(own.run("alerts", "forward", "--webhook-url", "http://x/", "--kafka-property", "enable.auto.commit=true"))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(own.err()).contains("--kafka-property enable.auto.commit: set by alerts forward itself");
    }

    @Tag("integration")
    @Test
    void forwardsToEveryOutputGivenAndSaysSo(@TempDir Path dir) throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            JsonNode body = JSON.readTree(ex.getRequestBody());
            received.add(ex.getRequestURI().getPath() + " " + body.path("id").asText());
            ex.sendResponseHeaders(ex.getRequestURI().getPath().equals("/refuse") ? 403 : 200, -1);
            ex.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            Cli topics = new Cli();
            assertThat(topics.run("topics", "create", "--bootstrap-servers", broker.bootstrapServers(), "--partitions", "1",
                    "--topic-prefix", "fwd.")).as(topics.toString()).isZero();
            try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    broker.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
                p.send(new ProducerRecord<>("fwd.alerts", "h-1", "{\"id\":\"h-1\",\"ts\":1772460300000,\"status\":\"firing\","
                        + "\"verdict\":\"suspicious\",\"signal\":\"memory_drift\",\"severity\":\"critical\",\"source\":\"host-1\","
                        + "\"labels\":{},\"experiment\":null,\"rule\":\"heap-floor-drift\",\"evidence\":{},\"containment\":[],"
                        + "\"summary\":\"heap floor rising\"}")).get();
            }
            Cli forward = new Cli();
            Path dead = dir.resolve("dead.jsonl");
            assertThat(forward.run("alerts", "forward", "--bootstrap-servers", broker.bootstrapServers(), "--topic-prefix", "fwd.",
                    "--from-beginning", "--webhook-url", base + "/hook", "--cloudevents-url", base + "/ce", "--cloudevents-mode",
                    "structured", "--slack-webhook-url", base + "/refuse", "--dead-letter", dead.toString(), "--max", "1",
                    "--timeout", "30s", "--metrics-port", "0")).as(forward.toString()).isZero();
            assertThat(forward.err()).containsPattern("slowburn alerts forward: metrics on http://127\\.0\\.0\\.1:[1-9][0-9]*/metrics");
            assertThat(received).containsExactlyInAnyOrder("/hook h-1:firing", "/ce h-1:firing", "/refuse ");
            assertThat(forward.out()).startsWith("2026-03-02T14:05:00Z FIRING   CRITICAL suspicious").contains("(dead letter: slack)");
            assertThat(forward.err()).contains("1 alert(s) forwarded, 2 delivery(ies), 1 dead-lettered (" + dead.toAbsolutePath() + ")");
        } finally {
            server.stop(0);
        }
    }
}
