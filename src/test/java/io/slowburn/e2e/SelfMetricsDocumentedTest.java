package io.slowburn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.broker.EmbeddedKafkaBroker;
import io.slowburn.deploy.DocumentedMetrics;
import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.DetectorService;
import io.slowburn.detector.service.DetectorSetup;
import io.slowburn.detector.service.RuleSources;
import io.slowburn.detector.service.TrustedKeySource;
import io.slowburn.engine.LineRouting;
import io.slowburn.engine.RuleBook;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Self-metrics paragraph and a running detector's {@code /metrics} name the same {@code slowburn_*}
 * families, and by default the scrape carries no other Kafka metric than the documented allow-list. The detector runs
 * on a real broker over a fleet scenario that exercises every family: alerts, a crash loop an exception suppresses,
 * a dead letter, every stage's watermark.
 */
@Tag("integration")
class SelfMetricsDocumentedTest {

    private static final Pattern TYPE = Pattern.compile("^# TYPE (\\S+) (\\S+)$", Pattern.MULTILINE);

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void shouldExposeExactlyTheDocumentedSelfMetrics() throws Exception {
        TrustedApprover approver = TrustedApprover.create(tmp.resolve("keys"));
        Path keys = approver.trustedKeys();
        Path rules = Files.createDirectories(tmp.resolve("rules"));
        Files.writeString(rules.resolve("exceptions.yaml"), """
                exceptions:
                  - name: host-5-drills
                    rule: crash-loop
                    sources: ["=~host-5"]
                    reason: host-5 runs kill drills
                """);
        Map<String, Object> props = new HashMap<>();
        props.put(DetectorConfig.TRUSTED_KEYS_DIR, keys.toString());
        props.put(DetectorConfig.RULES_DIR, rules.toString());
        props.put(DetectorConfig.TOPICS_PARTITIONS, 1);
        props.put(DetectorConfig.STATE_DIR, tmp.resolve("state").toString());
        props.put(DetectorConfig.WATERMARK_IDLE_MS, 5_000);
        props.put(DetectorConfig.METRICS_PORT, Fixtures.freePort());
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            props.put(DetectorConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
            DetectorConfig config = DetectorConfig.of(props);
            DetectorSetup setup = DetectorSetup.of(config, new RuleBook(RuleSources.load(rules).orThrow()),
                    TrustedKeySource.watching(keys, 1_000, System::currentTimeMillis));
            try (DetectorService service = DetectorService.start(config, setup)) {
                assertThat(service.awaitRunning(Duration.ofSeconds(60))).isTrue();
                try (KafkaProducer<String, byte[]> producer = Fixtures.producer(broker.bootstrapServers())) {
                    LineRouting routing = new LineRouting();
                    for (String line : approver.scenario(90)) {
                        producer.send(Fixtures.record(config, routing.route(line)));
                    }
                    producer.send(new ProducerRecord<>(config.topics().metrics(), "host-4", "{not json".getBytes(StandardCharsets.UTF_8)));
                }
                int port = service.metricsPort().orElseThrow();
                Set<String> documented = DocumentedMetrics.names("slowburn_");
                Set<String> families = Set.of();
                String scrape = "";
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (System.nanoTime() < deadline && !families.containsAll(documented)) {
                    Thread.sleep(500);
                    scrape = get(port, null).body();
                    families = families(scrape);
                }
                assertThat(filter(families, "slowburn_")).as("slowburn_* on /metrics vs README Self-metrics")
                        .containsExactlyInAnyOrderElementsOf(documented);
                assertThat(filter(families, "kafka_")).as("Kafka metrics by default").isNotEmpty()
                        .isSubsetOf(DocumentedMetrics.names("kafka_"));
                assertThat(families).allMatch(f -> f.startsWith("slowburn_") || f.startsWith("kafka_"));
                // host-5's kill storm (minute 30) is covered by the exception: counted, by its name.
                assertThat(scrape).contains("slowburn_findings_suppressed_total{exception=\"host-5-drills\"} ",
                        "slowburn_dlq_records_total 1.0", "slowburn_ready 1.0", "slowburn_watermark{stage=\"verdict\"}");
                int bytes = scrape.getBytes(StandardCharsets.UTF_8).length;
                System.out.printf("scrape with metrics.kafka.clients=false: %d bytes, %d samples%n", bytes,
                        scrape.lines().filter(l -> !l.startsWith("#")).count());
                assertThat(bytes).as("README: a default scrape stays under 64 KB").isLessThan(64 * 1024);

                HttpResponse<String> open = get(port, "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
                assertThat(open.headers().firstValue("Content-Type")).hasValueSatisfying(
                        t -> assertThat(t).startsWith("application/openmetrics-text; version=1.0.0"));
                assertThat(open.body()).endsWith("# EOF\n");
                // OpenMetrics names a counter's family without _total; its samples keep it.
                Set<String> openFamilies = new TreeSet<>();
                Matcher m = TYPE.matcher(open.body());
                while (m.find()) {
                    openFamilies.add(m.group(2).equals("counter") ? m.group(1) + "_total" : m.group(1));
                }
                assertThat(filter(openFamilies, "slowburn_")).containsExactlyInAnyOrderElementsOf(documented);
                HttpResponse<String> text = get(port, "text/plain");
                assertThat(text.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
                assertThat(text.body()).doesNotContain("# EOF");
            }
        }
    }

    private HttpResponse<String> get(int port, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(10));
        if (accept != null) {
            b.header("Accept", accept);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Set<String> families(String scrape) {
        Set<String> out = new TreeSet<>();
        Matcher m = TYPE.matcher(scrape);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static Set<String> filter(Set<String> names, String prefix) {
        Set<String> out = new TreeSet<>();
        names.stream().filter(n -> n.startsWith(prefix)).forEach(out::add);
        return out;
    }
}
