package io.slowburn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.broker.EmbeddedKafkaBroker;
import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.DetectorService;
import io.slowburn.engine.LineRouting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety: {@code slowburn run} in a child JVM (exactly-once, RocksDB state) on a real broker, under a steady
 * stream of telemetry, is SIGKILLed at random points five times and restarted each time with the same application id
 * and state directory. Each kill falls 0.2 to 4 s after the instance has joined the group and gone RUNNING: while it
 * restores its state from the changelogs, or while it processes. Read with {@code read_committed}, every alert a
 * backtest of the same records expects appears exactly once, byte for byte (firing and resolved: the state survived),
 * and the one abort command appears once.
 *
 * <p>The scenario is dated in the past (March 2026), like any replay: the telemetry topics stamp records on arrival, so
 * the broker's retention check does not delete the records before the restarted detector reads them (it did, before
 * they did: see {@code TopicSpec}).
 */
@Tag("integration")
class CrashSafetyTest {

    static final int KILLS = Integer.getInteger("crash.kills", 5);
    static final long SEED = 8_675_309L;

    @TempDir
    Path tmp;

    @Test
    void shouldNeitherLoseNorDuplicateAlertsOrAbortsAcrossFiveSigkills() throws Exception {
        TrustedApprover approver = TrustedApprover.create(tmp.resolve("keys"));
        Path keys = approver.trustedKeys();
        List<String> lines = approver.scenario(300);

        Map<String, Object> props = new HashMap<>();
        props.put(DetectorConfig.TRUSTED_KEYS_DIR, keys.toString());
        props.put(DetectorConfig.TOPICS_PARTITIONS, 3);
        props.put(DetectorConfig.METRICS_PORT, 0);
        props.put(DetectorConfig.STATE_DIR, tmp.resolve("state").toString());
        props.put(DetectorConfig.APPLICATION_ID, "slowburn-crash-test");
        // A killed instance's group member lingers until its session times out: keep that short (the broker's minimum)
        // so that each restart gets its tasks back in seconds rather than the default 45 s.
        props.put("kafka.session.timeout.ms", 6_000);
        props.put("kafka.heartbeat.interval.ms", 1_500);
        Fixtures.Outputs expected = Fixtures.backtest(DetectorConfig.of(props), lines);
        assertThat(expected.alerts).anyMatch(a -> a.contains("\"status\":\"resolved\""));
        assertThat(expected.control).hasSize(1);

        Random rnd = new Random(SEED);
        List<String> killedAt = new ArrayList<>();
        long started = System.nanoTime();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            props.put(DetectorConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
            DetectorConfig config = DetectorConfig.of(props);
            DetectorService.createTopics(config);
            Path configFile = tmp.resolve("detector.properties");
            StringBuilder file = new StringBuilder();
            props.forEach((k, v) -> file.append(k).append('=').append(v).append('\n'));
            Files.writeString(configFile, file.toString());

            // A steady stream: the scenario's records, in order, over about 40 seconds, whatever the detector's state.
            AtomicInteger sent = new AtomicInteger();
            AtomicReference<Throwable> feedFailure = new AtomicReference<>();
            Thread feeder = new Thread(() -> {
                LineRouting routing = new LineRouting();
                try (var producer = Fixtures.producer(broker.bootstrapServers())) {
                    for (String line : lines) {
                        producer.send(Fixtures.record(config, routing.route(line)));
                        if (sent.incrementAndGet() % 20 == 0) {
                            producer.flush();
                            Thread.sleep(400);
                        }
                    }
                    producer.flush();
                } catch (Throwable t) {
                    feedFailure.set(t);
                }
            }, "feeder");

            ChildDetector child = ChildDetector.start(configFile, logs().resolve("detector-0.log"));
            feeder.start();
            for (int k = 1; k <= KILLS; k++) {
                child.awaitRunning(1, 90);
                long after = 200 + rnd.nextInt(3_800);
                Thread.sleep(after);
                killedAt.add(String.format(java.util.Locale.ROOT, "kill %d: %.1f s after RUNNING, %d/%d records sent", k,
                        after / 1000.0, sent.get(), lines.size()));
                child.kill(); // SIGKILL: no shutdown hook, no commit, no store flush
                child = ChildDetector.start(configFile, logs().resolve("detector-" + k + ".log"));
            }
            try {
                feeder.join(120_000);
                assertThat(feedFailure.get()).isNull();
                assertThat(sent.get()).isEqualTo(lines.size());
                List<String> alerts = Fixtures.readCommitted(broker.bootstrapServers(), config.topics().alerts(),
                        expected.alerts.size(), Duration.ofSeconds(3), Duration.ofSeconds(120));
                List<String> control = Fixtures.readCommitted(broker.bootstrapServers(), config.topics().control(),
                        expected.control.size(), Duration.ofSeconds(1), Duration.ofSeconds(30));

                assertThat(alerts).as("every expected alert exactly once, byte for byte").containsExactlyInAnyOrderElementsOf(
                        expected.alerts);
                assertThat(Fixtures.perIncident(alerts)).as("each incident's alerts in order").isEqualTo(
                        Fixtures.perIncident(expected.alerts));
                assertThat(control).as("the abort command exactly once").containsExactlyElementsOf(expected.control);
                // Five SIGKILLs later the audit trail is still one unbroken hash chain: its head commits with the records.
                java.io.StringWriter verifyOut = new java.io.StringWriter();
                picocli.CommandLine verify = io.slowburn.cli.SlowburnMain.commandLine();
                verify.setOut(new java.io.PrintWriter(verifyOut, true));
                verify.setErr(new java.io.PrintWriter(verifyOut, true));
                assertThat(verify.execute("audit", "verify", "--bootstrap-servers", broker.bootstrapServers(), "--topic-prefix",
                        config.topics().audit().replaceFirst("audit$", ""))).as(verifyOut.toString()).isZero();
                assertThat(verifyOut.toString()).containsPattern("intact: writer verdict [1-9]\\d* records");
            } finally {
                child.stop();
            }
        }
        System.out.printf(java.util.Locale.ROOT, "crash safety: %d SIGKILLs in %.1f s; %d records; %d alerts and %d abort command, "
                + "none lost or duplicated; %s%n", KILLS, (System.nanoTime() - started) / 1e9, lines.size(), expected.alerts.size(),
                expected.control.size(), killedAt);
    }

    /** The children's logs, kept for a look after a failure. */
    private static Path logs() throws java.io.IOException {
        return Files.createDirectories(Path.of("target", "crash-safety"));
    }
}
