package io.slowburn.detector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.broker.EmbeddedKafkaBroker;
import io.slowburn.cli.SlowburnMain;
import io.slowburn.detector.backtest.OfflineDetector;
import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.DetectorMetrics;
import io.slowburn.detector.service.DetectorService;
import io.slowburn.detector.service.DetectorSetup;
import io.slowburn.detector.service.RuleSources;
import io.slowburn.detector.service.TrustedKeySource;
import io.slowburn.engine.LineRouting;
import io.slowburn.engine.RuleBook;
import io.slowburn.model.Stream;
import io.slowburn.verdict.DeclarationSigner;
import io.slowburn.verdict.ExperimentKeys;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slowburn run} on a real broker turns telemetry into alerts, and a backtest of the same records gives the
 * same alerts, byte for byte.
 */
@Tag("integration")
class DetectorEndToEndTest {

    static final long T0 = 1_772_409_600_000L;
    static final long MIN = 60_000L;

    @TempDir
    Path tmp;

    /** A signed kill experiment on host-4, its kill storm, an undeclared one later on host-5, a fork bomb, a bad record. */
    static List<String> scenario(KeyPair approver) throws Exception {
        List<String> lines = new ArrayList<>();
        String declaration = """
                {"stream":"experiment","id":"exp-42","ts":%d,"title":"kill checkout","scope":{"sources":["host-4"]},
                 "faults":["process.kill"],"start":%d,"end":%d,"blast_radius":{"max_sources":1},"abort_when":[]}"""
                .formatted(T0, T0 + 10 * MIN, T0 + 70 * MIN).replace("\n", "");
        lines.add(new DeclarationSigner().sign(declaration, approver.getPrivate(), "sre-lead"));
        for (int m = 0; m <= 300; m++) {
            long ts = T0 + m * MIN;
            double procs = m >= 240 && m < 250 ? 100 + (m - 239) * 40 : 100 + (m % 3);
            for (String host : List.of("host-4", "host-5", "host-6")) {
                lines.add(metric(ts, host, "os.process.count", host.equals("host-6") ? procs : 100 + (m % 3), 32768));
            }
            if (m >= 20 && m < 24) {
                lines.add(kill(ts + 1_000, "host-4"));
            }
            if (m >= 200 && m < 204) {
                lines.add(kill(ts + 1_000, "host-5"));
            }
            if (m == 150) {
                lines.add("{\"stream\":\"metric\",\"ts\":" + ts + ",\"source\":\"host-4\",\"metric\":\"os.fd.open\",\"value\":\"NaN\"}");
            }
        }
        return lines;
    }

    static String metric(long ts, String host, String metric, double value, double limit) {
        return String.format(Locale.ROOT, "{\"stream\":\"metric\",\"ts\":%d,\"source\":\"%s\",\"metric\":\"%s\",\"value\":%.1f,"
                + "\"limit\":%.1f}", ts, host, metric, value, limit);
    }

    static String kill(long ts, String host) {
        return "{\"stream\":\"event\",\"ts\":" + ts + ",\"source\":\"" + host + "\",\"event\":\"process.exit\","
                + "\"attrs\":{\"pid\":4242,\"exe\":\"/usr/bin/java\",\"signal\":\"SIGKILL\",\"exit_code\":137}}";
    }

    @Test
    void shouldGiveTheSameAlertsOnARealBrokerAsABacktestOfTheSameRecords() throws Exception {
        KeyPair approver = ExperimentKeys.generate();
        Path keys = Files.createDirectories(tmp.resolve("keys"));
        Files.writeString(keys.resolve("sre-lead.pub"), ExperimentKeys.publicPem(approver.getPublic()));
        List<String> lines = scenario(approver);

        Map<String, Object> props = new HashMap<>();
        props.put(DetectorConfig.TRUSTED_KEYS_DIR, keys.toString());
        props.put(DetectorConfig.TOPICS_PARTITIONS, 3);
        props.put(DetectorConfig.METRICS_PORT, 0);
        props.put(DetectorConfig.STATE_DIR, tmp.resolve("state").toString());
        List<String> expected = backtest(DetectorConfig.of(props), lines);
        assertThat(expected).extracting(a -> a.replaceAll(".*\"status\":\"(\\w+)\",\"verdict\":\"(\\w+)\",\"signal\":\"(\\w+)\".*"
                + "\"source\":\"([\\w-]+)\".*", "$1 $2 $3 $4")).contains(
                "firing sanctioned crash_loop host-4", "firing suspicious crash_loop host-5", "firing suspicious process_churn host-6");

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            props.put(DetectorConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
            props.put(DetectorConfig.METRICS_PORT, freePort());
            // A partition may get no data here: let it stop holding the watermark back after 5 s, not 30.
            props.put(DetectorConfig.WATERMARK_IDLE_MS, 5_000);
            DetectorConfig config = DetectorConfig.of(props);
            DetectorSetup setup = DetectorSetup.of(config, new RuleBook(RuleSources.load((Path) null).orThrow()),
                    TrustedKeySource.watching(keys, 1_000, System::currentTimeMillis));
            try (DetectorService service = DetectorService.start(config, setup)) {
                assertThat(service.awaitRunning(Duration.ofSeconds(60))).isTrue();
                // All at once, the declaration first as in the file: the verdict stage keeps its own copy of the
                // registry, fed in order with the findings, so no wait for a global table is needed.
                publish(broker.bootstrapServers(), config, lines);

                List<String> actual = readCommitted(broker.bootstrapServers(), config.topics().alerts(), expected.size(),
                        Duration.ofSeconds(90));
                // The same alerts, byte for byte, and per incident in the same order. Across incidents the order may
                // differ when a partition is idle (here one may get no data): the watermark then stops waiting for it
                // after watermark.idle.ms of wall-clock time, and stages release their input at different moments.
                assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
                assertThat(perIncident(actual)).isEqualTo(perIncident(expected));
                assertThat(readCommitted(broker.bootstrapServers(), config.topics().dlq(), 1, Duration.ofSeconds(10)))
                        .singleElement().asString().contains("field 'value' must be a number");

                // The audit trail on the topic is one unbroken hash chain of the verdict stage's records, as written
                // under exactly-once (slowburn audit verify against the broker), declarations included: nothing unchained.
                StringWriter verifyOut = new StringWriter();
                StringWriter verifyErr = new StringWriter();
                picocli.CommandLine verify = SlowburnMain.commandLine();
                verify.setOut(new PrintWriter(verifyOut, true));
                verify.setErr(new PrintWriter(verifyErr, true));
                assertThat(verify.execute("audit", "verify", "--bootstrap-servers", broker.bootstrapServers(), "--topic-prefix",
                        config.topics().audit().replaceFirst("audit$", ""))).as(verifyOut + "\n" + verifyErr).isZero();
                assertThat(verifyOut.toString()).containsPattern("intact: writer verdict \\d+ records; 0 unchained");

                String scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + service.metricsPort().orElseThrow() + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(scrape).contains("slowburn_alerts_total{verdict=\"sanctioned\"}", "slowburn_dlq_records_total 1.0",
                        "slowburn_series_tracked", "slowburn_state_bytes", "kafka_stream");
            }
        }
    }

    /**
     * The telemetry topics stamp records on arrival, so a topic written late (events held back by their shipper while
     * the metrics went out) carries later Kafka timestamps than the samples of the same minutes. Kafka Streams must
     * still read each intake task's partitions in event-time order ({@link EventTimeExtractor}), or the kills would
     * reach the source stage hours behind the watermark: the same alerts as a backtest, byte for byte.
     */
    @Test
    void shouldReadTelemetryInEventTimeOrderWhateverOrderItArrivedIn() throws Exception {
        KeyPair approver = ExperimentKeys.generate();
        Path keys = Files.createDirectories(tmp.resolve("keys"));
        Files.writeString(keys.resolve("sre-lead.pub"), ExperimentKeys.publicPem(approver.getPublic()));
        List<String> lines = scenario(approver);
        Map<String, Object> props = new HashMap<>();
        props.put(DetectorConfig.TRUSTED_KEYS_DIR, keys.toString());
        props.put(DetectorConfig.TOPICS_PARTITIONS, 1); // one intake task: nothing else holds the watermark back
        props.put(DetectorConfig.METRICS_PORT, 0);
        props.put(DetectorConfig.STATE_DIR, tmp.resolve("state").toString());
        props.put(DetectorConfig.WATERMARK_IDLE_MS, 5_000);
        List<String> expected = backtest(DetectorConfig.of(props), lines);

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            props.put(DetectorConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
            DetectorConfig config = DetectorConfig.of(props);
            DetectorService.createTopics(config);
            // Everything is on the broker before the detector starts: first the declaration and every metric sample
            // (five hours of them), then, arriving last, the events of those five hours.
            publish(broker.bootstrapServers(), config, lines.stream().filter(l -> !l.contains("\"stream\":\"event\"")).toList());
            Thread.sleep(50);
            publish(broker.bootstrapServers(), config, lines.stream().filter(l -> l.contains("\"stream\":\"event\"")).toList());
            DetectorSetup setup = DetectorSetup.of(config, new RuleBook(RuleSources.load((Path) null).orThrow()),
                    TrustedKeySource.watching(keys, 1_000, System::currentTimeMillis));
            try (DetectorService service = DetectorService.start(config, setup)) {
                assertThat(service.awaitRunning(Duration.ofSeconds(60))).isTrue();
                List<String> actual = readCommitted(broker.bootstrapServers(), config.topics().alerts(), expected.size(),
                        Duration.ofSeconds(90));
                assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
                assertThat(perIncident(actual)).isEqualTo(perIncident(expected));
            }
        }
    }

    static Map<String, List<String>> perIncident(List<String> alerts) {
        Map<String, List<String>> m = new TreeMap<>();
        alerts.forEach(a -> m.computeIfAbsent(a.substring(0, a.indexOf(',')), k -> new ArrayList<>()).add(a));
        return m;
    }

    static List<String> backtest(DetectorConfig config, List<String> lines) throws Exception {
        DetectorSetup setup = DetectorSetup.of(config, new RuleBook(RuleSources.load((Path) null).orThrow()),
                TrustedKeySource.loadOnce(Path.of(config.getString(DetectorConfig.TRUSTED_KEYS_DIR))));
        List<String> alerts = new ArrayList<>();
        try (OfflineDetector d = new OfflineDetector(config, setup, DetectorMetrics.detached())) {
            for (String line : lines) {
                d.pipeLine(line);
                d.drainAlerts().forEach(kv -> alerts.add(new String(kv.value, StandardCharsets.UTF_8)));
            }
        }
        return alerts;
    }

    static void publish(String bootstrap, DetectorConfig config, List<String> lines) throws Exception {
        LineRouting routing = new LineRouting();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (String line : lines) {
                LineRouting.Routed r = routing.route(line);
                String topic = r.stream() == Stream.METRIC ? config.topics().metrics()
                        : r.stream() == Stream.EVENT ? config.topics().events() : config.topics().experiments();
                producer.send(new ProducerRecord<>(topic, null, r.timestamp(), r.key(), r.value()));
            }
            producer.flush();
        }
    }

    static List<String> readCommitted(String bootstrap, String topic, int expected, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + topic + "-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (var consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> out.add(new String(r.value(), StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    static int freePort() throws Exception {
        try (var s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
