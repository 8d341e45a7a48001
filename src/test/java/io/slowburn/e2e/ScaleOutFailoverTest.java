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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-out and fail-over (issue 12 item 6): three {@code slowburn run} instances in child JVMs share one application
 * id over 6 partitions with {@code num.standby.replicas=1} (each its own RocksDB state directory), under a steady feed
 * of the fleet scenario. One instance is SIGKILLed a fifth of the way in; once the others have taken its partitions
 * over, it is started again on its old state directory and rejoins; the last fifth of the feed waits for that. Read
 * with {@code read_committed}, the alerts and the abort command equal a backtest's of the same records, exactly once.
 *
 * <p>Measured and printed: the take-over gap (from the SIGKILL until every input and internal partition the killed
 * instance owned has its committed offset moving again: the session timeout, 6 s here, is most of it), and what the
 * survivors restored from the changelogs to take over (the standbys hold the rest). Asserted: the gap is under a
 * generous bound, and the take-over restored less than the changelogs hold (no full restore).
 */
@Tag("integration")
class ScaleOutFailoverTest {

    static final String APP = "slowburn-failover-test";
    static final Pattern RESTORED = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) .*Finished restoring changelog (\\S+) "
            + "to store \\S+ with a total number of (\\d+) records");

    @TempDir
    Path tmp;

    @Test
    void shouldKeepAlertsAndAbortsExactlyOnceWhenOneOfThreeInstancesIsKilledAndRejoins() throws Exception {
        TrustedApprover approver = TrustedApprover.create(tmp.resolve("keys"));
        Path keys = approver.trustedKeys();
        List<String> lines = approver.scenario(300);

        Map<String, Object> props = new HashMap<>();
        props.put(DetectorConfig.TRUSTED_KEYS_DIR, keys.toString());
        props.put(DetectorConfig.TOPICS_PARTITIONS, 6);
        props.put(DetectorConfig.NUM_STANDBY_REPLICAS, 1);
        props.put(DetectorConfig.METRICS_PORT, 0);
        props.put(DetectorConfig.APPLICATION_ID, APP);
        // A killed member lingers until its session times out: the broker's minimum, so that the take-over takes seconds.
        props.put("kafka.session.timeout.ms", 6_000);
        props.put("kafka.heartbeat.interval.ms", 1_500);
        Fixtures.Outputs expected = Fixtures.backtest(DetectorConfig.of(props), lines);
        assertThat(expected.control).hasSize(1);
        Path log4j = Files.writeString(tmp.resolve("log4j2-failover.xml"), LOG4J);

        long started = System.nanoTime();
        List<ChildDetector> children = new ArrayList<>();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            props.put(DetectorConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
            DetectorConfig config = DetectorConfig.of(props);
            DetectorService.createTopics(config);
            List<Path> configs = new ArrayList<>();
            for (String name : List.of("a", "b", "c")) {
                Map<String, Object> own = new TreeMap<>(props);
                own.put(DetectorConfig.STATE_DIR, tmp.resolve("state-" + name).toString());
                StringBuilder file = new StringBuilder();
                own.forEach((k, v) -> file.append(k).append('=').append(v).append('\n'));
                configs.add(Files.writeString(tmp.resolve(name + ".properties"), file.toString()));
            }
            String jvmLog = "-Dlog4j2.configurationFile=" + log4j;
            for (int i = 0; i < 3; i++) {
                children.add(ChildDetector.start(configs.get(i), logs().resolve("instance-" + "abc".charAt(i) + "-0.log"), jvmLog));
            }
            for (ChildDetector c : children) {
                c.awaitRunning(1, 120);
            }

            AtomicInteger sent = new AtomicInteger();
            AtomicReference<Throwable> feedFailure = new AtomicReference<>();
            // The last fifth of the records waits for the killed instance to have rejoined: processed after the rejoin.
            CountDownLatch rejoined = new CountDownLatch(1);
            int holdAt = lines.size() * 4 / 5;
            Thread feeder = new Thread(() -> {
                LineRouting routing = new LineRouting();
                try (var producer = Fixtures.producer(broker.bootstrapServers())) {
                    for (String line : lines) {
                        if (sent.get() == holdAt && !rejoined.await(180, TimeUnit.SECONDS)) {
                            throw new AssertionError("the killed instance did not rejoin");
                        }
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
            feeder.setDaemon(true);
            feeder.start();
            while (sent.get() < lines.size() / 5 && feeder.isAlive()) {
                Thread.sleep(50);
            }

            // The killed instance's partitions: the member of the group that is gone after the kill.
            Map<String, Set<TopicPartition>> before = assignment(admin);
            Map<TopicPartition, Long> committedAtKill = committed(admin);
            ChildDetector victim = children.get(1);
            long killedAt = System.nanoTime();
            long killedWall = System.currentTimeMillis();
            int survivorLogA = children.get(0).text().length();
            int survivorLogC = children.get(2).text().length();
            victim.kill();
            int sentAtKill = sent.get();
            Set<TopicPartition> orphaned = orphaned(admin, before);
            double gap = awaitTakeOver(admin, orphaned, committedAtKill, killedAt);
            long restoredAfterKill = restored(children.get(0).text().substring(survivorLogA))
                    + restored(children.get(2).text().substring(survivorLogC));
            long changelogRecords = changelogRecords(admin);

            // Added back on its old state directory, while the feed goes on.
            children.set(1, ChildDetector.start(configs.get(1), logs().resolve("instance-b-1.log"), jvmLog));
            children.get(1).awaitRunning(1, 120);
            int sentAtRejoin = sent.get();
            rejoined.countDown();

            feeder.join(120_000);
            assertThat(feedFailure.get()).isNull();
            assertThat(sent.get()).isEqualTo(lines.size());
            List<String> alerts = Fixtures.readCommitted(broker.bootstrapServers(), config.topics().alerts(), expected.alerts.size(),
                    Duration.ofSeconds(3), Duration.ofSeconds(120));
            List<String> control = Fixtures.readCommitted(broker.bootstrapServers(), config.topics().control(),
                    expected.control.size(), Duration.ofSeconds(1), Duration.ofSeconds(30));

            assertThat(alerts).as("every expected alert exactly once, byte for byte").containsExactlyInAnyOrderElementsOf(
                    expected.alerts);
            assertThat(Fixtures.perIncident(alerts)).as("each incident's alerts in order").isEqualTo(
                    Fixtures.perIncident(expected.alerts));
            assertThat(control).as("the abort command exactly once").containsExactlyElementsOf(expected.control);
            assertThat(orphaned).as("the killed instance owned partitions").isNotEmpty();
            assertThat(gap).as("take-over gap, seconds").isLessThan(60);
            assertThat(restoredAfterKill).as("records restored to take over vs in the changelogs").isLessThan(changelogRecords);

            System.out.printf(Locale.ROOT, "fail-over: 3 instances, 6 partitions, 1 standby; instance b SIGKILLed at %d/%d records "
                    + "(wall %d), owning %d partitions; take-over gap %.1f s (session timeout 6 s); the survivors restored %,d "
                    + "records to take over, of %,d in the changelogs; b rejoined at %d/%d; %d alerts and %d abort command, "
                    + "none lost or duplicated; %.1f s in all%n", sentAtKill, lines.size(), killedWall, orphaned.size(), gap,
                    restoredAfterKill, changelogRecords, sentAtRejoin, lines.size(), alerts.size(), control.size(),
                    (System.nanoTime() - started) / 1e9);
        } finally {
            for (ChildDetector c : children) {
                c.kill(); // the outputs are read; a graceful stop of each took up to 30 s on a loaded machine
            }
        }
    }

    /** Each group member's assigned partitions, by member id. */
    private static Map<String, Set<TopicPartition>> assignment(Admin admin) throws Exception {
        ConsumerGroupDescription g = admin.describeConsumerGroups(List.of(APP)).all().get(30, TimeUnit.SECONDS).get(APP);
        Map<String, Set<TopicPartition>> out = new TreeMap<>();
        for (MemberDescription m : g.members()) {
            out.put(m.consumerId(), new TreeSet<>(java.util.Comparator.comparing(TopicPartition::toString)));
            out.get(m.consumerId()).addAll(m.assignment().topicPartitions());
        }
        return out;
    }

    /** The partitions of the member that left the group (waits for its session to time out and the group to settle). */
    private static Set<TopicPartition> orphaned(Admin admin, Map<String, Set<TopicPartition>> before) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Map<String, Set<TopicPartition>> now = assignment(admin);
            if (now.size() == before.size() - 1) {
                Set<TopicPartition> gone = new TreeSet<>(java.util.Comparator.comparing(TopicPartition::toString));
                before.forEach((member, tps) -> {
                    if (!now.containsKey(member)) {
                        gone.addAll(tps);
                    }
                });
                return gone;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the killed member did not leave the group: " + assignment(admin).keySet());
    }

    /** Seconds from the kill until every orphaned partition with records to process has its committed offset moving. */
    private static double awaitTakeOver(Admin admin, Set<TopicPartition> orphaned, Map<TopicPartition, Long> atKill, long killedAt)
            throws Exception {
        long deadline = killedAt + TimeUnit.SECONDS.toNanos(90);
        Set<TopicPartition> waiting = new TreeSet<>(java.util.Comparator.comparing(TopicPartition::toString));
        waiting.addAll(orphaned);
        long last = killedAt;
        while (!waiting.isEmpty() && System.nanoTime() < deadline) {
            Map<TopicPartition, Long> now = committed(admin);
            Map<TopicPartition, Long> ends = ends(admin, waiting);
            long t = System.nanoTime();
            for (var it = waiting.iterator(); it.hasNext(); ) {
                TopicPartition tp = it.next();
                long committed = now.getOrDefault(tp, 0L);
                long end = ends.getOrDefault(tp, 0L);
                if (committed > atKill.getOrDefault(tp, 0L)) {
                    it.remove();
                    last = t;
                } else if (end == 0 || committed >= end && t - killedAt > TimeUnit.SECONDS.toNanos(30)) {
                    it.remove(); // no record for it (no key hashes to it), or none since the kill: it cannot show progress
                }
            }
            Thread.sleep(100);
        }
        assertThat(waiting).as("orphaned partitions that never resumed").isEmpty();
        return (last - killedAt) / 1e9;
    }

    private static Map<TopicPartition, Long> committed(Admin admin) throws Exception {
        return admin.listConsumerGroupOffsets(APP).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS).entrySet().stream()
                .filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> ((OffsetAndMetadata) e.getValue()).offset()));
    }

    private static Map<TopicPartition, Long> ends(Admin admin, Set<TopicPartition> tps) throws Exception {
        Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> spec = new HashMap<>();
        tps.forEach(tp -> spec.put(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()));
        return admin.listOffsets(spec).all().get(30, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /** Records in all of the application's changelog topics (their end offsets). */
    private static long changelogRecords(Admin admin) throws Exception {
        Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                .filter(t -> t.startsWith(APP) && t.endsWith("-changelog")).collect(Collectors.toSet());
        Set<TopicPartition> tps = new TreeSet<>(java.util.Comparator.comparing(TopicPartition::toString));
        admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).forEach((name, d) ->
                d.partitions().forEach(p -> tps.add(new TopicPartition(name, p.partition()))));
        return ends(admin, tps).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Records restored from changelogs, as Kafka Streams' restore log lines in {@code log} say. */
    private static long restored(String log) {
        long n = 0;
        for (String line : log.lines().toList()) {
            Matcher m = RESTORED.matcher(line);
            if (m.find()) {
                n += Long.parseLong(m.group(3));
            }
        }
        return n;
    }

    private static Path logs() throws java.io.IOException {
        return Files.createDirectories(Path.of("target", "failover"));
    }

    /** The children's logging: the test's, plus Kafka Streams' restore lines (how much each take-over restored). */
    static final String LOG4J = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Configuration status="WARN">
              <Appenders>
                <Console name="stderr" target="SYSTEM_ERR">
                  <PatternLayout pattern="%d{HH:mm:ss.SSS} %-5level [%t] %c{1} - %msg%n"/>
                </Console>
              </Appenders>
              <Loggers>
                <Logger name="kafka" level="error"/>
                <Logger name="org.apache.kafka" level="error"/>
                <Logger name="org.apache.kafka.streams.processor.internals.StoreChangelogReader" level="info"/>
                <Logger name="io.slowburn" level="info"/>
                <Root level="warn">
                  <AppenderRef ref="stderr"/>
                </Root>
              </Loggers>
            </Configuration>
            """;
}
