package io.slowburn.detector.topology;

import static io.slowburn.detector.topology.DetectorEndToEndTest.MIN;
import static io.slowburn.detector.topology.DetectorEndToEndTest.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slowburn.broker.EmbeddedKafkaBroker;
import io.slowburn.cli.SlowburnMain;
import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.DetectorService;
import io.slowburn.detector.service.DetectorSetup;
import io.slowburn.detector.service.RuleSources;
import io.slowburn.detector.service.TrustedKeySource;
import io.slowburn.engine.RuleBook;
import io.slowburn.verdict.TrustedKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot reload in a running service on a real broker: a directory change is swapped in without losing series state
 * (a firing alert's lifecycle continues to its resolution), an invalid change is rejected while the old rules keep
 * alerting, and a rule published on the rules topic takes effect. Each reload is on the audit topic.
 */
@Tag("integration")
class RulesHotReloadTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void shouldSwapValidChangesKeepStateRejectInvalidOnesAndApplyTheRulesTopic() throws Exception {
        Path rules = Files.createDirectories(tmp.resolve("rules"));
        Files.writeString(rules.resolve("tuned.yaml"), "overrides:\n  - {name: crash-loop, resolve_after: 15m}\n");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            Map<String, Object> props = new HashMap<>();
            props.put(DetectorConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
            props.put(DetectorConfig.METRICS_PORT, 0);
            props.put(DetectorConfig.TOPICS_PARTITIONS, 1);
            props.put(DetectorConfig.STATE_DIR, tmp.resolve("state").toString());
            props.put(DetectorConfig.RULES_DIR, rules.toString());
            props.put(DetectorConfig.RULES_RELOAD_INTERVAL_MS, 200L);
            DetectorConfig config = DetectorConfig.of(props);
            DetectorSetup setup = DetectorSetup.of(config, new RuleBook(RuleSources.load(config).orThrow()),
                    TrustedKeySource.fixed(TrustedKeys.empty()));
            try (DetectorService service = DetectorService.start(config, setup);
                 Reader alerts = new Reader(broker.bootstrapServers(), config.topics().alerts());
                 Reader audit = new Reader(broker.bootstrapServers(), config.topics().audit())) {
                assertThat(service.awaitRunning(Duration.ofSeconds(60))).isTrue();
                // the rules topic is read from the start: an (empty) first reload may come; wait until it settles
                Thread.sleep(1_000);

                // 1. a crash loop on host-1 fires
                List<String> lines = new ArrayList<>();
                for (int k = 0; k < 4; k++) {
                    lines.add(DetectorEndToEndTest.kill(T0 + k * MIN, "host-1"));
                }
                DetectorEndToEndTest.publish(broker.bootstrapServers(), config, lines);
                JsonNode firing = alerts.await(a -> a.get("source").asText().equals("host-1") && a.get("status").asText().equals("firing"));

                // 2. a valid change (another severity, a longer hold) is swapped in without a restart
                write(rules.resolve("tuned.yaml"), "overrides:\n  - {name: crash-loop, severity: warning, resolve_after: 20m}\n");
                JsonNode reloaded = audit.await(a -> a.get("type").asText().equals("rules_reloaded"));
                assertThat(reloaded.get("origin").asText()).startsWith("directory");
                assertThat(setup.rules().rules().get("crash-loop").orElseThrow().resolveAfter()).isEqualTo(Duration.ofMinutes(20));

                // ... and the series state survived: the firing alert resolves (same id) as stream time moves on
                lines.clear();
                for (int m = 5; m <= 60; m += 5) {
                    lines.add("{\"stream\":\"event\",\"ts\":" + (T0 + m * MIN) + ",\"source\":\"host-9\",\"event\":\"process.start\","
                            + "\"attrs\":{\"pid\":" + m + "}}");
                }
                DetectorEndToEndTest.publish(broker.bootstrapServers(), config, lines);
                JsonNode resolved = alerts.await(a -> a.get("status").asText().equals("resolved"));
                assertThat(resolved.get("id").asText()).isEqualTo(firing.get("id").asText());

                // 3. an invalid change is rejected, with its problems; the last good rules keep alerting
                write(rules.resolve("broken.yaml"), "overrides:\n  - {name: crash-lop, severity: info}\n");
                JsonNode rejected = audit.await(a -> a.get("type").asText().equals("rules_rejected"));
                assertThat(rejected.get("problems").toString()).contains("broken.yaml:2:12: override of unknown rule 'crash-lop'");
                lines.clear();
                for (int k = 0; k < 4; k++) {
                    lines.add(DetectorEndToEndTest.kill(T0 + (70 + k) * MIN, "host-2"));
                }
                DetectorEndToEndTest.publish(broker.bootstrapServers(), config, lines);
                JsonNode still = alerts.await(a -> a.get("source").asText().equals("host-2"));
                assertThat(still.get("severity").asText()).isEqualTo("warning");
                assertThat(service.metrics().reloadCount(false)).isGreaterThanOrEqualTo(1.0);

                // 4. fixed, then a new rule published on the rules topic takes effect
                Files.delete(rules.resolve("broken.yaml"));
                audit.await(a -> a.get("type").asText().equals("rules_reloaded"));
                Path kw = Files.writeString(tmp.resolve("kill-watch.yaml"), """
                        rules:
                          - name: kill-watch
                            signal: process_churn
                            severity: warning
                            select: {events: [signal], sources: [host-3]}
                            analysis: {type: event_count, window: 10m, min_count: 1}
                        """);
                assertThat(SlowburnMain.execute("rules", "publish", kw.toString(), "--bootstrap-servers",
                        broker.bootstrapServers())).isZero();
                JsonNode fromTopic = audit.await(a -> a.get("type").asText().equals("rules_reloaded")
                        && a.get("origin").asText().startsWith("topic") && a.get("rules").toString().contains("kill-watch"));
                assertThat(fromTopic.get("problems")).isEmpty();
                DetectorEndToEndTest.publish(broker.bootstrapServers(), config, List.of("{\"stream\":\"event\",\"ts\":" + (T0 + 80 * MIN)
                        + ",\"source\":\"host-3\",\"event\":\"signal\",\"attrs\":{\"signal\":\"SIGKILL\"}}"));
                JsonNode exec = alerts.await(a -> a.get("rule").asText().equals("kill-watch"));
                assertThat(exec.get("source").asText()).isEqualTo("host-3");
                // both outcomes are registered at 0 from the start: what counts is that each was counted
                assertThat(service.scrape()).containsPattern("slowburn_rules_reloads_total\\{outcome=\"accepted\"} [1-9]")
                        .containsPattern("slowburn_rules_reloads_total\\{outcome=\"rejected\"} [1-9]");
            }
        }
    }

    /** Writes a file so the watcher sees it changed even within one mtime tick. */
    private static void write(Path p, String text) throws Exception {
        Files.writeString(p, text);
        Files.setLastModifiedTime(p, FileTime.fromMillis(System.currentTimeMillis() + 1_000));
    }

    /** Reads a topic (committed records) from the beginning; {@link #await} returns the first new match. */
    private static final class Reader implements AutoCloseable {
        private final KafkaConsumer<String, String> consumer;
        private final List<JsonNode> seen = new ArrayList<>();
        private int consumed;

        Reader(String bootstrap, String topic) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.GROUP_ID_CONFIG, "hot-reload-" + topic + "-" + System.nanoTime());
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
            consumer.subscribe(List.of(topic));
        }

        JsonNode await(Predicate<JsonNode> match) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                while (consumed < seen.size()) {
                    JsonNode n = seen.get(consumed++);
                    if (match.test(n)) {
                        return n;
                    }
                }
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    try {
                        seen.add(JSON.readTree(r.value().getBytes(StandardCharsets.UTF_8)));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
            throw new AssertionError("no matching record within 60s; seen: " + seen);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
