package io.slowburn.detector.topology;

import static io.slowburn.detector.topology.Harness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.DetectorMetrics;
import io.slowburn.detector.service.DetectorSetup;
import io.slowburn.detector.service.TrustedKeySource;
import io.slowburn.engine.RuleBook;
import io.slowburn.engine.Watermarks;
import io.slowburn.model.MetricSample;
import io.slowburn.model.RecordCodec;
import io.slowburn.verdict.TrustedKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

/**
 * An intake task's watermark heartbeats, in the real topology: the ones owed while a batch of records is processed
 * are held, and the next wall-clock punctuation sends the newest of them, once, to the source stages (by-source topic)
 * and to the verdict stage (findings-from-series). A heartbeat carries the task's progress where it crossed a grid
 * point of {@code watermark.interval.ms}, as before; the older ones it supersedes are never written.
 */
class HeldHeartbeatsTest {

    private static final String APP = "held-heartbeats-test";
    private static final String NO_RULES = "rules: []\n";
    private static final Duration COMMIT = Duration.ofMillis(100);

    @Test
    void shouldSendOnlyTheNewestHeartbeatOwedAtThePunctuation() {
        try (Driver d = new Driver()) {
            d.sample(T0);             // owed: the first progress
            d.sample(T0 + 1_000);     // not a grid point further
            d.sample(T0 + 6_000);     // owed
            d.sample(T0 + 7_000);     // not owed: the heartbeat still says T0 + 6 s, as it did when sent at once

            assertThat(d.bySource()).as("held until the punctuation").isEmpty();
            assertThat(d.fromSeries()).isEmpty();

            d.driver.advanceWallClockTime(COMMIT);

            assertThat(d.bySource()).containsExactly("intake-0_0\n" + (T0 + 6_000));
            assertThat(d.fromSeries()).containsExactly("intake-0_0\n" + (T0 + 6_000));
        }
    }

    @Test
    void shouldSendNothingWhenNoHeartbeatWasOwedSinceTheLastOneSent() {
        try (Driver d = new Driver()) {
            d.sample(T0);
            d.driver.advanceWallClockTime(COMMIT);
            assertThat(d.bySource()).hasSize(1);
            assertThat(d.fromSeries()).hasSize(1);

            d.sample(T0 + 2_000); // progress moved, but not past the next grid point
            d.driver.advanceWallClockTime(COMMIT);
            d.driver.advanceWallClockTime(COMMIT);

            assertThat(d.bySource()).isEmpty();
            assertThat(d.fromSeries()).isEmpty();

            d.sample(T0 + 5_000); // the next grid point
            d.driver.advanceWallClockTime(COMMIT);

            assertThat(d.bySource()).containsExactly("intake-0_0\n" + (T0 + 5_000));
            assertThat(d.fromSeries()).containsExactly("intake-0_0\n" + (T0 + 5_000));
        }
    }

    /** The real topology over TopologyTestDriver, one intake task, no rules; reads the heartbeats it writes. */
    private static final class Driver implements AutoCloseable {
        final TopologyTestDriver driver;
        final TestInputTopic<String, byte[]> metrics;
        final TestOutputTopic<String, byte[]> bySource;
        final TestOutputTopic<byte[], byte[]> fromSeries;
        final RecordCodec codec = new RecordCodec();

        Driver() {
            DetectorConfig config = DetectorConfig.of(Map.of("state.store.type", "memory", DetectorConfig.INTAKE_PARTITIONS, 1,
                    DetectorConfig.COMMIT_INTERVAL_MS, COMMIT.toMillis()));
            RuleBook rules = new RuleBook(Harness.rules(NO_RULES));
            Properties p = new Properties();
            p.put(StreamsConfig.APPLICATION_ID_CONFIG, APP);
            p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            driver = new TopologyTestDriver(DetectorTopology.build(config,
                    DetectorSetup.of(config, rules, TrustedKeySource.fixed(TrustedKeys.empty())), DetectorMetrics.detached()), p);
            metrics = driver.createInputTopic(config.topics().metrics(), new StringSerializer(), new ByteArraySerializer());
            bySource = driver.createOutputTopic(APP + "-" + StoreNames.BY_SOURCE + "-repartition", new StringDeserializer(),
                    new ByteArrayDeserializer());
            fromSeries = driver.createOutputTopic(APP + "-" + StoreNames.FINDINGS_FROM_SERIES + "-repartition",
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }

        void sample(long ts) {
            MetricSample s = MetricSample.gauge(ts, "host-1", "app.queue.depth", Map.of("queue", "orders"), 80);
            metrics.pipeInput(s.seriesId(), codec.bytes(codec.toJson(s)));
        }

        /** The heartbeats written to the by-source topic since the last call, as text. */
        List<String> bySource() {
            return bySource.readKeyValuesToList().stream().filter(kv -> Watermarks.isHeartbeat(kv.key))
                    .map(kv -> new String(kv.value, StandardCharsets.UTF_8)).collect(Collectors.toList());
        }

        /** The heartbeats written to findings-from-series since the last call, as text. */
        List<String> fromSeries() {
            return fromSeries.readKeyValuesToList().stream().filter(kv -> Watermarks.isHeartbeat(kv.key))
                    .map(kv -> new String(kv.value, StandardCharsets.UTF_8)).collect(Collectors.toList());
        }

        @Override
        public void close() {
            driver.close();
        }
    }
}
