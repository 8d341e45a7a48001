package io.slowburn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.slowburn.broker.EmbeddedKafkaBroker;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The new subcommands against a real broker: experiments declare, alerts tail, ingest to Kafka with a topic prefix. */
@Tag("integration")
class CliAgainstBrokerTest {

    private static final String PREFIX = "it.";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start();
        Cli topics = new Cli();
        assertThat(topics.run("topics", "create", "--bootstrap-servers", broker.bootstrapServers(), "--partitions", "2",
                "--topic-prefix", PREFIX)).as(topics.toString()).isZero();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String topic, int atLeast) {
        Map<String, Object> p = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (out.size() < atLeast && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    @Test
    void declarePublishesTheExactBytesKeyedByIdAndWarnsWithoutApproval(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("exp-42.json");
        Files.writeString(in, ExperimentsCommandTest.DECLARATION, StandardCharsets.UTF_8);
        Cli declare = new Cli();
        assertThat(declare.run("experiments", "declare", "--bootstrap-servers", broker.bootstrapServers(), "--in", in.toString(),
                "--topic-prefix", PREFIX)).as(declare.toString()).isZero();
        assertThat(declare.err()).contains("warning").contains("no approval");
        assertThat(declare.out()).contains("declared exp-42 on it.experiments-0@");

        List<ConsumerRecord<String, byte[]>> records = readAll(PREFIX + "experiments", 1);
        assertThat(records).hasSize(1);
        ConsumerRecord<String, byte[]> r = records.get(0);
        assertThat(r.key()).isEqualTo("exp-42");
        assertThat(r.value()).isEqualTo(Files.readAllBytes(in));
        assertThat(r.timestamp()).isEqualTo(1_772_404_200_000L);

        // A topic that does not exist: exit 1 with a hint (automatic topic creation is off).
        Cli missing = new Cli();
        assertThat(missing.run("experiments", "declare", "--bootstrap-servers", broker.bootstrapServers(), "--in", in.toString(),
                "--topic-prefix", "nope.", "--timeout", "3s")).isEqualTo(1);
        assertThat(missing.err()).contains("nope.experiments");
    }

    private static String alert(String id, String verdict, String severity) {
        return "{\"id\":\"" + id + "\",\"ts\":1772460300000,\"status\":\"firing\",\"verdict\":\"" + verdict
                + "\",\"signal\":\"memory_drift\",\"severity\":\"" + severity + "\",\"source\":\"host-17\",\"labels\":{\"area\":\"heap\"},"
                + "\"experiment\":null,\"rule\":\"heap-floor-drift\",\"evidence\":{\"slope_per_hour\":2.1e7},"
                + "\"containment\":[\"isolate_node\",\"capture_forensics\"],\"summary\":\"heap floor rising 2.1e7/h\"}";
    }

    @Test
    void alertsTailShowsCommittedAlertsThatPassTheFilters() throws Exception {
        Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "cli-it-alerts");
        String topic = PREFIX + "alerts";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "s-1", alert("s-1", "suspicious", "critical")));
            producer.send(new ProducerRecord<>(topic, "x-1", alert("x-1", "sanctioned", "critical")));
            producer.send(new ProducerRecord<>(topic, "s-2", alert("s-2", "suspicious", "warning")));
            producer.send(new ProducerRecord<>(topic, "b-1", alert("b-1", "breach", "info")));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "aborted", alert("aborted", "suspicious", "critical")));
            producer.flush();
            producer.abortTransaction();
        }

        Cli tail = new Cli();
        assertThat(tail.run("alerts", "tail", "--bootstrap-servers", broker.bootstrapServers(), "--topic-prefix", PREFIX,
                "--from-beginning", "--verdict", "suspicious", "--max", "2", "--timeout", "30s")).as(tail.toString()).isZero();
        List<String> lines = tail.out().lines().toList();
        assertThat(lines).hasSize(2).allMatch(l -> l.startsWith("2026-03-02T14:05:00Z FIRING   ") && l.contains(" suspicious "));
        assertThat(lines).anyMatch(l -> l.contains("CRITICAL")).anyMatch(l -> l.contains("WARNING"));
        assertThat(tail.err()).contains("2 alert(s) shown");
        System.out.println("alerts tail output:\n" + tail.out());

        // --json with a minimum severity, ending on --timeout; the aborted alert never shows.
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        HttpServer alertmanager = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        alertmanager.createContext("/api/v2/alerts", ex -> {
            received.add(JSON.readTree(ex.getRequestBody()));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        alertmanager.start();
        try {
            Cli json = new Cli();
            assertThat(json.run("alerts", "tail", "--bootstrap-servers", broker.bootstrapServers(), "--topic-prefix", PREFIX,
                    "--from-beginning", "--severity", "critical", "--json", "--timeout", "4s", "--alertmanager-url",
                    "http://127.0.0.1:" + alertmanager.getAddress().getPort())).as(json.toString()).isZero();
            List<String> ids = new ArrayList<>();
            for (String l : json.out().lines().toList()) {
                ids.add(JSON.readTree(l).path("id").asText());
            }
            assertThat(ids).containsExactlyInAnyOrder("s-1", "x-1");
            assertThat(received).hasSize(2);
            assertThat(received).allMatch(b -> b.get(0).path("labels").path("alertname").asText().equals("heap-floor-drift"));
            assertThat(json.err()).contains("Alertmanager took 2, failed 0");
        } finally {
            alertmanager.stop(0);
        }

        // Without --from-beginning only new alerts show: none arrive.
        Cli live = new Cli();
        assertThat(live.run("alerts", "tail", "--bootstrap-servers", broker.bootstrapServers(), "--topic-prefix", PREFIX,
                "--timeout", "2s")).isZero();
        assertThat(live.out()).isEmpty();

        Cli noTopic = new Cli();
        assertThat(noTopic.run("alerts", "tail", "--bootstrap-servers", broker.bootstrapServers(), "--topic-prefix", "nope.",
                "--timeout", "2s")).isEqualTo(1);
        assertThat(noTopic.err()).contains("'nope.alerts' does not exist");
    }

    @Test
    void ingestOsOncePublishesToThePrefixedMetricsTopic() {
        assumeThat(Path.of("/proc/meminfo")).exists();
        Cli ingest = new Cli();
        assertThat(ingest.run("ingest", "os", "--once", "--bootstrap-servers", broker.bootstrapServers(), "--topic-prefix", PREFIX,
                "--source", "it-host")).as(ingest.toString()).isZero();
        List<ConsumerRecord<String, byte[]>> records = readAll(PREFIX + "metrics", 2);
        assertThat(records).isNotEmpty().anyMatch(r -> r.key().startsWith("it-host|os.memory.used|"));
    }
}
