package io.slowburn.analysis.rate;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.analysis.AnalysisState;
import io.slowburn.analysis.Assessment;
import io.slowburn.analysis.Condition;
import io.slowburn.analysis.MapParameters;
import io.slowburn.analysis.testing.StateBytes;
import io.slowburn.model.MetricSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GcFractionAnalysisTest {

    private static final long T0 = 1_772_409_600_000L;
    private static final long STEP = 10_000L;

    private static MetricSample gcTime(long ts, double seconds) {
        return MetricSample.counter(ts, "node-1", "jvm.gc.time", Map.of(), seconds);
    }

    /** Feeds a counter growing at {@code fraction} seconds of GC per second, from {@code start}; returns assessments. */
    private static List<Assessment> run(AnalysisState state, long from, long to, double start, double fraction) {
        List<Assessment> seen = new ArrayList<>();
        for (long t = from; t < to; t += STEP) {
            seen.add(state.observe(gcTime(t, start + fraction * (t - from) / 1000.0)));
        }
        return seen;
    }

    private static GcFractionAnalysis analysis() {
        return GcFractionAnalysis.create(MapParameters.of(Map.of()));
    }

    @Test
    void shouldReportInsufficientDataBeforeMinHistory() {
        List<Assessment> seen = run(analysis().newState(), T0, T0 + 5 * 60_000L - 1, 100, 0.5);
        assertThat(seen).allMatch(a -> a.condition() == Condition.INSUFFICIENT_DATA);
    }

    @Test
    void shouldBeNormalWithLittleGc() {
        List<Assessment> seen = run(analysis().newState(), T0, T0 + 3_600_000L, 100, 0.03);
        assertThat(seen).noneMatch(Assessment::isAnomalous);
        assertThat((double) seen.get(seen.size() - 1).evidence().get("gc_fraction")).isCloseTo(0.03, org.assertj.core.data.Offset
                .offset(1e-9));
    }

    @Test
    void shouldFireWhenGcTakesAThirdOfTheTime() {
        AnalysisState state = analysis().newState();
        run(state, T0, T0 + 3_600_000L, 100, 0.03);
        List<Assessment> thrash = run(state, T0 + 3_600_000L, T0 + 4_200_000L, 100 + 0.03 * 3600, 0.33);
        Assessment last = thrash.get(thrash.size() - 1);
        assertThat(last.isAnomalous()).isTrue();
        assertThat(last.evidence()).containsKeys("gc_fraction", "window_s", "max_fraction");
        assertThat(last.summary()).isEqualTo("33% of the last 5m spent in GC (max 25%)");
    }

    @Test
    void shouldFireAtMaxFractionAndNotJustBelowIt() {
        assertThat(run(analysis().newState(), T0, T0 + 900_000L, 0, 0.25).get(89).isAnomalous()).isTrue();
        assertThat(run(analysis().newState(), T0, T0 + 900_000L, 0, 0.2499).get(89).condition()).isEqualTo(Condition.NORMAL);
    }

    @Test
    void shouldStaySilentAcrossARestart() {
        AnalysisState state = analysis().newState();
        List<Assessment> seen = run(state, T0, T0 + 3_600_000L, 5000, 0.05);
        // The JVM restarts: the counter starts again from zero (plus the start-up collections).
        seen.addAll(run(state, T0 + 3_600_000L, T0 + 7_200_000L, 0.2, 0.05));
        assertThat(seen).noneMatch(Assessment::isAnomalous);
        assertThat(seen).anyMatch(a -> Boolean.TRUE.equals(a.evidence().get("counter_reset")));
    }

    @Test
    void shouldDropLateSamplesAndIgnoreOutOfOrderOnes() {
        AnalysisState state = analysis().newState();
        run(state, T0, T0 + 3_600_000L, 100, 0.05);
        long newest = T0 + 3_600_000L - STEP;
        byte[] before = StateBytes.of(state);
        assertThat(state.observe(gcTime(newest - 120_001L, 0)).condition()).isEqualTo(Condition.LATE);
        // Within lateness, an older cumulative value is no reset and adds nothing.
        assertThat(state.observe(gcTime(newest - 60_000L, 0)).isAnomalous()).isFalse();
        assertThat(StateBytes.of(state)).isEqualTo(before);
    }

    @Test
    void shouldRoundTripItsState() {
        GcFractionAnalysis a = analysis();
        AnalysisState original = a.newState();
        run(original, T0, T0 + 3_600_000L, 100, 0.05);
        byte[] bytes = StateBytes.of(original);
        AnalysisState copy = StateBytes.read(a, bytes);
        assertThat(StateBytes.of(copy)).isEqualTo(bytes);
        System.out.printf("gc_fraction state: %d bytes%n", bytes.length);
        MetricSample next = gcTime(T0 + 3_600_000L, 100 + 0.05 * 3600 + 7);
        assertThat(copy.observe(next)).isEqualTo(original.observe(next));
    }

    private static GcFractionAnalysis analysis(Map<String, ?> params) {
        MapParameters p = MapParameters.of(params);
        GcFractionAnalysis a = GcFractionAnalysis.create(p);
        assertThat(p.problems()).isEmpty();
        return a;
    }

    @Test
    void shouldChangeTheStateLayoutWithTheWindowOnly() {
        String layout = analysis().stateLayout();
        assertThat(layout).isNotEmpty();
        assertThat(analysis(Map.of("window", "10m")).stateLayout()).isNotEqualTo(layout);

        GcFractionAnalysis tuned = analysis(Map.of("max_fraction", 0.5, "min_history", "20m", "lateness", "5m"));
        assertThat(tuned.stateLayout()).isEqualTo(layout);
        AnalysisState state = analysis().newState();
        run(state, T0, T0 + 3_600_000L, 100, 0.05);
        byte[] bytes = StateBytes.of(state);
        assertThat(StateBytes.of(StateBytes.read(tuned, bytes))).as("the history survives tuning").isEqualTo(bytes);
    }
}
