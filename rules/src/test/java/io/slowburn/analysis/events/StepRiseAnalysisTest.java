package io.slowburn.analysis.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.analysis.AnalysisState;
import io.slowburn.analysis.Assessment;
import io.slowburn.analysis.Condition;
import io.slowburn.analysis.MapParameters;
import io.slowburn.model.MetricSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StepRiseAnalysisTest {

    private static final long T0 = 1_772_409_600_000L;
    private static final long STEP = 15_000L;
    private static final long MINUTE = 60_000L;

    private final StepRiseAnalysis analysis = StepRiseAnalysis.create(MapParameters.of(Map.of()));
    private final Random random = new Random(7);

    private static MetricSample count(long ts, double value) {
        return MetricSample.gauge(ts, "host-4", "os.process.count", Map.of(), value).withLimit(32_768);
    }

    /** One hour of a process count around 200 (+-3), one sample every 15s. */
    private long baselineHour(AnalysisState state, List<Assessment> out) {
        long ts = T0;
        for (int i = 0; i < 240; i++) {
            out.add(state.observe(count(ts, 200 + random.nextInt(7) - 3)));
            ts += STEP;
        }
        return ts;
    }

    @Test
    void shouldStayNormalForANoisyFlatCount() {
        AnalysisState state = analysis.newState();
        List<Assessment> out = new ArrayList<>();

        baselineHour(state, out);

        assertThat(out).noneMatch(Assessment::isAnomalous);
        assertThat(out.get(out.size() - 1).condition()).isEqualTo(Condition.NORMAL);
        assertThat((double) out.get(out.size() - 1).evidence().get("baseline_median")).isBetween(197.0, 203.0);
    }

    @Test
    void shouldFireOnAForkBomb() {
        AnalysisState state = analysis.newState();
        long ts = baselineHour(state, new ArrayList<>());
        List<Assessment> out = new ArrayList<>();

        double processes = 200;
        for (int i = 0; i < 24; i++) {
            processes *= 1.25;
            out.add(state.observe(count(ts, Math.min(processes, 32_768))));
            ts += STEP;
        }

        int first = -1;
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).isAnomalous()) {
                first = i;
                break;
            }
        }
        assertThat(first).isBetween(8, 16);
        Assessment fired = out.get(first);
        assertThat(fired.evidence()).containsEntry("rising_buckets", 3);
        assertThat((double) fired.evidence().get("increase")).isGreaterThanOrEqualTo(50);
        assertThat(fired.summary()).contains("rising for 3 buckets");
    }

    @Test
    void shouldNotFireOnAnAutoscaleStep() {
        AnalysisState state = analysis.newState();
        long ts = baselineHour(state, new ArrayList<>());
        List<Assessment> out = new ArrayList<>();

        for (int i = 0; i < 240; i++) {
            out.add(state.observe(count(ts, 400 + random.nextInt(7) - 3)));
            ts += STEP;
        }

        assertThat(out).noneMatch(Assessment::isAnomalous);
    }

    @Test
    void shouldSayInsufficientDataForTheFirstMinutes() {
        AnalysisState state = analysis.newState();
        List<Assessment> out = new ArrayList<>();

        for (int i = 0; i < 40; i++) {
            out.add(state.observe(count(T0 + i * STEP, 200 * Math.pow(1.3, i))));
        }

        assertThat(out).allMatch(a -> a.condition() == Condition.INSUFFICIENT_DATA);
        assertThat(out.get(0).summary()).contains("needs 15m of history");
    }

    @Test
    void shouldDropSamplesOlderThanTheLateness() {
        AnalysisState state = analysis.newState();
        state.observe(count(T0 + 10 * MINUTE, 200));

        assertThat(state.observe(count(T0, 200)).condition()).isEqualTo(Condition.LATE);
    }

    @Test
    void shouldRoundTripItsStateAndStayBounded() {
        AnalysisState state = analysis.newState();
        List<Assessment> ignored = new ArrayList<>();
        long ts = baselineHour(state, ignored);
        ts = baselineHour(state, ignored) + ts - T0;
        AnalysisState copy = StateBytes.roundTrip(analysis, state);

        MetricSample next = count(ts, 260);
        assertThat(copy.observe(next)).isEqualTo(state.observe(next));
        assertThat(StateBytes.write(state).length).isLessThanOrEqualTo(1 + 8 + 8 + 4 + analysis.slots() * 16);
        assertThat(analysis.slots()).isEqualTo(61);
    }

    @Test
    void shouldJudgeAsAStateReadFromBytesDoesWhileItKeepsTheBaselineSorted() {
        // Samples up to 10 minutes late land in baseline buckets too: each must be judged as by a state that computes
        // the baseline median afresh (one read from bytes keeps no sorted baseline), through gaps and jumps.
        StepRiseAnalysis late = analysis(Map.of("lateness", "10m", "min_history", "5m"));
        AnalysisState state = late.newState();
        long ts = T0;
        for (int i = 0; i < 20_000; i++) {
            // Mostly one step on, sometimes a gap of a few buckets or of more than the whole baseline.
            ts += random.nextInt(100) == 0 ? random.nextInt(90) * MINUTE : STEP;
            long at = random.nextInt(5) == 0 ? ts - random.nextInt(10) * MINUTE : ts;
            double value = random.nextInt(40) == 0 ? 400 + random.nextInt(400) : 200 + random.nextInt(7) - 3;
            MetricSample sample = count(at, value);
            AnalysisState afresh = StateBytes.roundTrip(late, state);
            assertThat(state.observe(sample)).as("sample %d", i).isEqualTo(afresh.observe(sample));
        }
    }

    @Test
    void shouldReportParametersOutOfRange() {
        MapParameters p = MapParameters.of(Map.of("baseline", "2m", "multiple", 0.5, "rising_buckets", 0));

        StepRiseAnalysis.create(p);

        assertThat(p.problems()).hasSize(4);
        assertThat(p.unread()).isEmpty();
    }

    private static StepRiseAnalysis analysis(Map<String, ?> params) {
        MapParameters p = MapParameters.of(params);
        StepRiseAnalysis a = StepRiseAnalysis.create(p);
        assertThat(p.problems()).isEmpty();
        return a;
    }

    @Test
    void shouldChangeTheStateLayoutWithTheBucketOnly() {
        String layout = analysis.stateLayout();
        assertThat(layout).isNotEmpty();
        assertThat(analysis(Map.of("bucket", "2m")).stateLayout()).isNotEqualTo(layout);

        StepRiseAnalysis tuned = analysis(Map.of("min_increase", 10.0, "multiple", 2.0, "rising_buckets", 4, "min_step", 1.0,
            "min_history", "30m", "lateness", "2m"));
        assertThat(tuned.stateLayout()).isEqualTo(layout);
        // Entries carry their own bucket index: another baseline reads them (keeping those that fit).
        assertThat(analysis(Map.of("baseline", "2h")).stateLayout()).isEqualTo(layout);
        AnalysisState state = analysis.newState();
        baselineHour(state, new ArrayList<>());
        AnalysisState copy = StateBytes.roundTrip(tuned, state);
        assertThat(StateBytes.write(copy)).as("the history survives tuning").isEqualTo(StateBytes.write(state));
    }
}
