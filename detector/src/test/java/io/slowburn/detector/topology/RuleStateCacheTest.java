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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

/**
 * {@code state.cache.rule.states}: how many rule states a stage task keeps as objects between samples. In the real
 * topology, a task whose series outnumber it reads their states back from its store ({@code
 * slowburn_rule_states_loaded_total} counts each) and alerts exactly as a task that holds them all; with the default
 * size, a task of a few series never reads one back; with a cache smaller than its round of series, part of the round
 * stays in memory.
 */
class RuleStateCacheTest {

    private static final int HOSTS = 3;
    private static final int STEPS = 12 * 10; // ten hours at five-minute steps

    private record Run(List<String> alerts, double loaded, long tracked) {
    }

    @Test
    void shouldAlertAlikeWhateverTheCacheHoldsAndCountTheStatesReadBack() {
        Run all = run(4096);
        Run two = run(2);
        Run one = run(1);
        Run none = run(0);

        assertThat(all.alerts()).as("every host's queue leaks toward its limit").hasSize(HOSTS);
        assertThat(two.alerts()).isEqualTo(all.alerts());
        assertThat(one.alerts()).isEqualTo(all.alerts());
        assertThat(none.alerts()).isEqualTo(all.alerts());

        assertThat(List.of(all.tracked(), two.tracked(), one.tracked(), none.tracked())).as("rule states tracked")
                .containsOnly((long) HOSTS);
        assertThat(all.loaded()).as("three series fit a cache of 4,096: read from the store never").isZero();
        // One state in memory, three series in turn: every sample but a series' first finds its state in the store.
        assertThat(one.loaded()).isEqualTo(HOSTS * (STEPS - 1));
        assertThat(none.loaded()).isEqualTo(HOSTS * (STEPS - 1));
        // Two states in memory, three series in the same round at every step (as live, scrape after scrape): a cache that
        // drops the least recently used would drop each state just before its next sample and read every one back (as
        // with one); the cache keeps a series' state in memory and reads back only the others' (242 here).
        assertThat(two.loaded()).as("a round larger than the cache still hits for part of it")
                .isLessThan((HOSTS - 1) * (STEPS - 1) + STEPS / 2.0);
    }

    @Test
    void shouldRefuseANegativeSize() {
        assertThat(DetectorConfig.validate(Map.of(DetectorConfig.STATE_CACHE_RULE_STATES, "-1")))
                .anySatisfy(problem -> assertThat(problem).contains(DetectorConfig.STATE_CACHE_RULE_STATES));
    }

    /** Three hosts' queues rising from 40 toward 100 by 5 an hour, interleaved, through the real topology. */
    private static Run run(int cachedStates) {
        DetectorConfig config = DetectorConfig.of(Map.of("state.store.type", "memory", DetectorConfig.INTAKE_PARTITIONS, 1,
                DetectorConfig.STATE_CACHE_RULE_STATES, cachedStates));
        RuleBook rules = new RuleBook(Harness.rules(Harness.QUEUE_TREND));
        DetectorMetrics metrics = DetectorMetrics.detached();
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "rule-state-cache-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        RecordCodec codec = new RecordCodec();
        List<String> alerts = new ArrayList<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(DetectorTopology.build(config,
                DetectorSetup.of(config, rules, TrustedKeySource.fixed(TrustedKeys.empty())), metrics), p)) {
            TestInputTopic<String, byte[]> in = driver.createInputTopic(config.topics().metrics(), new StringSerializer(),
                    new ByteArraySerializer());
            TestOutputTopic<String, String> out = driver.createOutputTopic(config.topics().alerts(), new StringDeserializer(),
                    new StringDeserializer());
            for (int step = 0; step < STEPS; step++) {
                long ts = T0 + step * 5 * MIN;
                for (int host = 1; host <= HOSTS; host++) {
                    MetricSample s = MetricSample.gauge(ts, "host-" + host, "app.queue.depth", Map.of("queue", "orders"),
                            40 + 5.0 * step / 12 + host * 0.1 * (step % 3));
                    in.pipeInput(s.seriesId(), codec.bytes(codec.toJson(s)));
                }
                driver.advanceWallClockTime(Duration.ofMillis(config.getLong(DetectorConfig.COMMIT_INTERVAL_MS)));
            }
            out.readValuesToList().forEach(alerts::add);
        }
        return new Run(alerts, metrics.ruleStatesLoadedCount(), metrics.seriesTracked());
    }
}
