package io.slowburn.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.DetectorMetrics;
import io.slowburn.detector.service.StageSettings;
import io.slowburn.detector.service.TrustedKeySource;
import io.slowburn.model.MetricSample;
import io.slowburn.model.MetricType;
import io.slowburn.model.RecordCodec;
import io.slowburn.rules.AnalysisRegistry;
import io.slowburn.rules.RuleLoader;
import io.slowburn.verdict.SanctionPolicy;
import io.slowburn.verdict.TrustedKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the series stage keeps of a series between samples (its slot: matched rules, index visits skipped, a counter's
 * last value) must be exactly what its state would say: written into that state before a commit, and forgotten when a
 * sweep changes the state under it.
 */
class SeriesStageTest {

    private static final long T0 = 1_772_409_600_000L;
    private static final long MIN = 60_000L;
    private static final String RULES = """
            rules:
              - name: restarts
                signal: crash_loop
                severity: critical
                select: {events: [counter.reset]}
                analysis: {type: event_count, window: 30m, min_count: 3}
              - name: any
                signal: anomaly
                severity: info
                select: {metric: app.x}
                analysis: {type: anomaly_score}
            """;

    private final DetectorMetrics metrics = DetectorMetrics.detached();
    private final List<String> emitted = new ArrayList<>();

    /** The stores a task keeps: as after a commit, a new stage on them goes on where the old one stopped. */
    private final MemoryState series = new MemoryState();
    private final MemoryState index = new MemoryState();
    private final MemoryState counters = new MemoryState();
    private final MemoryState clock = new MemoryState();

    private SeriesStage stage(Map<String, Object> settings) {
        DetectorConfig config = DetectorConfig.of(settings);
        RuleBook rules = new RuleBook(new RuleLoader(AnalysisRegistry.defaults()).loadString("test.yaml", RULES).orThrow());
        TrustedKeySource keys = TrustedKeySource.fixed(TrustedKeys.of(Map.of()));
        IntakeClock intake = new IntakeClock.Registry().join("0_0", "series-stage", StageSettings.intakeClock(config), clock, false);
        ExperimentRegistryView noExperiments = new ExperimentRegistryView() {
            @Override
            public boolean isEmpty() {
                return true;
            }

            @Override
            public byte[] get(String id) {
                return null;
            }

            @Override
            public Map<String, byte[]> all() {
                return Map.of();
            }
        };
        return new SeriesStage(rules, new InternalCodec(new RecordCodec()), metrics, ExperimentCatalog.of(config, keys),
                new SanctionPolicy(Duration.ZERO),
                new SeriesStage.Settings(config.getLong(DetectorConfig.STATE_SERIES_TTL_MS),
                        config.getInt(DetectorConfig.LIMITS_SERIES_PER_SOURCE), 16),
                series, index, counters, noExperiments, intake,
                (key, route, value, ts) -> emitted.add(route + " " + new String(value, StandardCharsets.ISO_8859_1)));
    }

    private void accept(SeriesStage stage, MetricSample sample) {
        assertThat(stage.accept(sample)).isNull();
        stage.duties();
    }

    private static MetricSample counter(long ts, String source, double value) {
        return new MetricSample(ts, source, "app.requests", Map.of(), value, MetricType.COUNTER, null, null);
    }

    @Test
    void shouldSeeACounterResetAcrossACommitAndARestart() {
        SeriesStage before = stage(Map.of());
        accept(before, counter(T0, "host-1", 100));
        accept(before, counter(T0 + MIN, "host-1", 160));
        before.flush(); // before a commit: what the stage knows of the counter goes into its state

        assertThat(counters.get(counter(T0, "host-1", 0).seriesId())).as("the counter's last value, in the state").isNotNull();
        SeriesStage after = stage(Map.of()); // a new instance on the committed state, as after a crash
        accept(after, counter(T0 + 2 * MIN, "host-1", 5));

        assertThat(emitted).filteredOn(e -> e.contains("counter.reset")).singleElement().asString()
                .contains("\"previous\":160.0", "\"value\":5.0");
    }

    @Test
    void shouldCountASeriesAgainstItsSourcesLimitAgainOnceASweepForgotIt() {
        Map<String, Object> settings = Map.of("limits.series.per.source", 1, "state.series.ttl.ms", 10 * MIN,
                "state.sweep.interval.ms", MIN);
        SeriesStage stage = stage(settings);
        accept(stage, MetricSample.gauge(T0, "host-1", "app.x", Map.of("id", "1"), 1));
        // Another source moves event time on: the sweep forgets host-1's series, idle for 20 minutes (ttl 10).
        accept(stage, MetricSample.gauge(T0 + 20 * MIN, "host-2", "app.x", Map.of("id", "1"), 1));
        accept(stage, MetricSample.gauge(T0 + 21 * MIN, "host-2", "app.x", Map.of("id", "1"), 1));
        assertThat(metrics.overLimitCount()).isZero();

        // Back within the hour in which the stage needed no look at the index for it: it must count again.
        accept(stage, MetricSample.gauge(T0 + 22 * MIN, "host-1", "app.x", Map.of("id", "1"), 1));
        accept(stage, MetricSample.gauge(T0 + 23 * MIN, "host-1", "app.x", Map.of("id", "2"), 1));

        assertThat(metrics.overLimitCount()).as("the second series of host-1, over its limit of one").isEqualTo(1);
        assertThat(emitted).filteredOn(e -> e.contains("series-limit")).hasSize(1);
    }
}
