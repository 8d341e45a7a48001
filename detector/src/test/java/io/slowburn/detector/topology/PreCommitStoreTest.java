package io.slowburn.detector.topology;

import static io.slowburn.detector.topology.Harness.MIN;
import static io.slowburn.detector.topology.Harness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.DetectorMetrics;
import io.slowburn.detector.service.DetectorSetup;
import io.slowburn.detector.service.TrustedKeySource;
import io.slowburn.engine.RuleBook;
import io.slowburn.model.MetricSample;
import io.slowburn.model.RecordCodec;
import io.slowburn.verdict.TrustedKeys;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * Live, the series stage keeps rule states as objects between samples: they must reach the state store (and so its
 * changelog, inside the transaction) at every commit, or a restarted task would resume from older states than the
 * offsets it committed. TopologyTestDriver commits after every record, as Kafka Streams would at each commit interval.
 */
class PreCommitStoreTest {

    @Test
    void shouldWriteTheRuleStatesOfTheSeriesStageIntoItsStoreAtEveryCommit() {
        DetectorConfig config = DetectorConfig.of(Map.of("state.store.type", "memory", DetectorConfig.INTAKE_PARTITIONS, 1));
        RuleBook rules = new RuleBook(Harness.rules(Harness.QUEUE_TREND));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "pre-commit-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        RecordCodec codec = new RecordCodec();
        try (TopologyTestDriver driver = new TopologyTestDriver(DetectorTopology.build(config,
                DetectorSetup.of(config, rules, TrustedKeySource.fixed(TrustedKeys.empty())), DetectorMetrics.detached()), p)) {
            TestInputTopic<String, byte[]> metrics = driver.createInputTopic(config.topics().metrics(), new StringSerializer(),
                    new ByteArraySerializer());
            KeyValueStore<String, byte[]> store = driver.getKeyValueStore(StoreNames.SERIES_STATE);
            MetricSample first = MetricSample.gauge(T0, "host-1", "app.queue.depth", Map.of("queue", "orders"), 80);
            String key = "queue-trend|" + first.seriesId();

            metrics.pipeInput(first.seriesId(), codec.bytes(codec.toJson(first)));
            byte[] afterFirst = store.get(key);
            MetricSample second = MetricSample.gauge(T0 + MIN, "host-1", "app.queue.depth", Map.of("queue", "orders"), 81);
            metrics.pipeInput(second.seriesId(), codec.bytes(codec.toJson(second)));
            byte[] afterSecond = store.get(key);

            assertThat(afterFirst).as("the state after the first commit").isNotNull();
            assertThat(afterSecond).as("the state after the second commit holds the second sample").isNotNull()
                    .isNotEqualTo(afterFirst);
        }
    }
}
