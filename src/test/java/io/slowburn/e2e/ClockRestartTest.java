package io.slowburn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.broker.EmbeddedKafkaBroker;
import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.DetectorService;
import io.slowburn.detector.service.TrustedKeySource;
import io.slowburn.engine.LineRouting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The intake clock survives a restart (finding 1 of issue 12, its live half). The real topology on the embedded broker
 * takes the first hour of the scenario, stops, and starts again on the same state; the first record after the restart
 * is a forged metric of a new source dated 2000. Before, every restart started the clock afresh from its first record:
 * that one became the head, and every later record was "too far ahead" (dead-lettered: no alert after the restart).
 * Now the restored clock sees a new source far behind what three sources have reached: that record, and only that
 * one, goes to the dead-letter topic, and the alerts equal a backtest's of the same records byte for byte.
 */
@Tag("integration")
class ClockRestartTest {

    static final long Y2000 = 946_684_800_000L;

    @TempDir
    Path tmp;

    @Test
    void shouldKeepItsClockAcrossARestartAndDeadLetterAnOldHeadRecord() throws Exception {
        TrustedApprover approver = TrustedApprover.create(tmp.resolve("keys"));
        Path keys = approver.trustedKeys();
        List<String> scenario = approver.scenario(300);
        int split = 1 + 60 * 6; // the declaration, then the first hour's samples (a few events beyond: harmless)
        List<String> before = scenario.subList(0, split);
        List<String> after = new ArrayList<>();
        after.add(Fixtures.metric(Y2000, "mallory", "os.process.count", 100, 32768));
        after.addAll(scenario.subList(split, scenario.size()));
        List<String> all = new ArrayList<>(before);
        all.addAll(after);

        Map<String, Object> props = new HashMap<>();
        props.put(DetectorConfig.TRUSTED_KEYS_DIR, keys.toString());
        props.put(DetectorConfig.TOPICS_PARTITIONS, 1);
        props.put(DetectorConfig.METRICS_PORT, 0);
        props.put(DetectorConfig.STATE_DIR, tmp.resolve("state").toString());
        props.put(DetectorConfig.APPLICATION_ID, "slowburn-clock-restart");
        Fixtures.Outputs expected = Fixtures.backtest(DetectorConfig.of(props), all);
        assertThat(expected.dlq).hasSize(1);
        assertThat(expected.dlq.get(0)).contains("first record of source 'mallory'");
        assertThat(expected.alerts).anyMatch(a -> a.contains("\"source\":\"host-6\"")); // the fork bomb, after the restart

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            props.put(DetectorConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
            DetectorConfig config = DetectorConfig.of(props);
            DetectorService.createTopics(config);
            try (DetectorService first = start(config, keys)) {
                publish(broker.bootstrapServers(), config, before);
                List<String> early = Fixtures.readCommitted(broker.bootstrapServers(), config.topics().alerts(), 1,
                        Duration.ofSeconds(2), Duration.ofSeconds(60));
                assertThat(early).as("the first hour was processed before the restart").isNotEmpty();
                awaitRead(first, before.size());
            }
            try (DetectorService second = start(config, keys)) {
                publish(broker.bootstrapServers(), config, after);
                List<String> alerts = Fixtures.readCommitted(broker.bootstrapServers(), config.topics().alerts(),
                        expected.alerts.size(), Duration.ofSeconds(3), Duration.ofSeconds(90));
                List<String> dlq = Fixtures.readCommitted(broker.bootstrapServers(), config.topics().dlq(), 1,
                        Duration.ofSeconds(1), Duration.ofSeconds(30));

                assertThat(dlq).as("only the forged record").hasSize(1);
                assertThat(dlq.get(0)).contains("first record of source 'mallory'", "behind what this partition has seen");
                assertThat(alerts).as("the alerts of a backtest, byte for byte").containsExactlyInAnyOrderElementsOf(
                        expected.alerts);
            }
        }
    }

    private static DetectorService start(DetectorConfig config, Path keys) throws Exception {
        DetectorService service = DetectorService.start(config, Fixtures.setup(config,
                TrustedKeySource.watching(keys, 1_000, System::currentTimeMillis)));
        assertThat(service.awaitRunning(Duration.ofSeconds(60))).isTrue();
        return service;
    }

    /** Waits until the detector has read {@code n} records, so the forged one is the first after the restart. */
    private static void awaitRead(DetectorService service, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            double read = service.metrics().registry().find("slowburn.records.in").counters().stream()
                    .mapToDouble(c -> c.count()).sum();
            if (read >= n) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the detector did not read " + n + " records");
    }

    private static void publish(String bootstrap, DetectorConfig config, List<String> lines) throws Exception {
        LineRouting routing = new LineRouting();
        try (var producer = Fixtures.producer(bootstrap)) {
            for (String line : lines) {
                producer.send(Fixtures.record(config, routing.route(line)));
            }
            producer.flush();
        }
    }
}
