package io.slowburn.analysis.latency;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.analysis.AnalysisState;
import io.slowburn.analysis.Assessment;
import io.slowburn.analysis.Condition;
import io.slowburn.analysis.MapParameters;
import io.slowburn.analysis.testing.StateBytes;
import io.slowburn.model.MetricSample;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;

class LevelShiftAnalysisTest {

    /** 2026-03-02T00:00:00Z. */
    private static final long T0 = 1_772_409_600_000L;
    private static final long MIN = 60_000L;
    private static final long HOUR = 60 * MIN;
    private static final String P99 = "app.latency.p99";

    private static LevelShiftAnalysis analysis(Object... keyValues) {
        Map<String, Object> params = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            params.put((String) keyValues[i], keyValues[i + 1]);
        }
        MapParameters p = MapParameters.of(params);
        LevelShiftAnalysis a = LevelShiftAnalysis.create(p);
        assertThat(p.problems()).isEmpty();
        return a;
    }

    private static MetricSample p99(long ts, double value) {
        return MetricSample.gauge(ts, "web-1", P99, Map.of("service", "checkout"), value);
    }

    /** Feeds one sample a minute over [from, to); returns the first anomalous time, or -1. */
    private static long feed(AnalysisState state, LongToDoubleFunction shape, long from, long to) {
        long first = -1;
        for (long t = from; t < to; t += MIN) {
            if (state.observe(p99(t, shape.applyAsDouble(t))).isAnomalous() && first < 0) {
                first = t;
            }
        }
        return first;
    }

    /** A p99 of 0.18 s with a daily cycle of +-35% and 5% noise, as a healthy service shows it. */
    private static LongToDoubleFunction healthy(long seed) {
        Random r = new Random(seed);
        return t -> 0.18 * (1 + 0.35 * Math.sin(2 * Math.PI * (t % (24 * HOUR)) / (24.0 * HOUR))) * (1 + 0.05 * r.nextGaussian());
    }

    @Test
    void shouldSayNotEnoughDataBeforeItsBaselineAndHistory() {
        AnalysisState state = analysis().newState();
        Assessment last = null;
        for (long t = T0; t < T0 + 50 * MIN; t += MIN) {
            last = state.observe(p99(t, t > T0 + 40 * MIN ? 5.0 : 0.2));
        }
        assertThat(last.condition()).isEqualTo(Condition.INSUFFICIENT_DATA);
    }

    @Test
    void shouldStaySilentOnADailyCycleWithNoise() {
        assertThat(feed(analysis().newState(), healthy(1), T0, T0 + 3 * 24 * HOUR)).isEqualTo(-1);
    }

    @Test
    void shouldFireWithinMinutesWhenP99Triples() {
        long start = T0 + 30 * HOUR;
        LongToDoubleFunction base = healthy(2);
        LongToDoubleFunction tripled = t -> base.applyAsDouble(t) * (t >= start && t < start + 30 * MIN ? 3 : 1);
        AnalysisState state = analysis().newState();

        long fired = feed(state, tripled, T0, T0 + 2 * 24 * HOUR);

        // The step must fill two of the three recent minutes, and the minute must close (lateness 1m).
        assertThat(fired).isBetween(start + 2 * MIN, start + 5 * MIN);
    }

    @Test
    void shouldFireAtTheMultipleAndNotJustBelowIt() {
        // A flat baseline of 1.0 with a little noise so the MAD is not zero; then a step to exactly 2.0 or to 1.99.
        for (double step : new double[] {2.0, 1.99}) {
            Random r = new Random(3);
            AnalysisState state = analysis("min_deviations", 0).newState();
            long start = T0 + 3 * HOUR;
            long fired = feed(state, t -> t >= start ? step : 1.0 + 0.001 * r.nextGaussian(), T0, start + 30 * MIN);
            if (step == 2.0) {
                assertThat(fired).as("at the multiple").isPositive();
            } else {
                assertThat(fired).as("just below it").isEqualTo(-1);
            }
        }
    }

    @Test
    void shouldNotFireOnASingleSlowMinute() {
        long spike = T0 + 5 * HOUR;
        LongToDoubleFunction base = healthy(4);
        assertThat(feed(analysis().newState(), t -> t == spike ? 10.0 : base.applyAsDouble(t), T0, T0 + 6 * HOUR)).isEqualTo(-1);
    }

    @Test
    void shouldKeepFiringWhileTheShiftLastsAndLearnItAfterRelearnAfter() {
        long start = T0 + 4 * HOUR;
        AnalysisState state = analysis("relearn_after", "2h").newState();
        feed(state, t -> 0.2, T0, start);
        Assessment hourIn = null;
        Assessment afterRelearn = null;
        for (long t = start; t < start + 6 * HOUR; t += MIN) {
            Assessment a = state.observe(p99(t, 0.6));
            if (t == start + HOUR) {
                hourIn = a;
            }
            afterRelearn = a;
        }
        assertThat(hourIn.isAnomalous()).as("the shifted level is not learnt while it lasts").isTrue();
        assertThat(afterRelearn.isAnomalous()).as("a level held past relearn_after is the new normal").isFalse();
    }

    @Test
    void shouldDropLateSamplesAndRoundTripItsState() {
        LevelShiftAnalysis a = analysis();
        AnalysisState state = a.newState();
        feed(state, healthy(5), T0, T0 + 3 * HOUR);
        byte[] before = StateBytes.of(state);
        assertThat(state.observe(p99(T0 + 3 * HOUR - 3 * MIN, 9.0)).condition()).isEqualTo(Condition.LATE);
        assertThat(StateBytes.of(state)).isEqualTo(before);

        AnalysisState copy = StateBytes.read(a, before);
        assertThat(StateBytes.of(copy)).isEqualTo(before);
        LongToDoubleFunction more = healthy(6);
        for (long t = T0 + 3 * HOUR; t < T0 + 5 * HOUR; t += MIN) {
            double v = more.applyAsDouble(t) * (t > T0 + 4 * HOUR ? 3 : 1);
            assertThat(copy.observe(p99(t, v))).isEqualTo(state.observe(p99(t, v)));
        }
        System.out.printf("level_shift state at the defaults: %d bytes%n", before.length);
        assertThat(before.length).isLessThan(700);
    }

    @Test
    void shouldReportBadParametersWithTheirValuesQuoted() {
        MapParameters p = MapParameters.of(Map.of("baseline", "5m", "recent", "90s", "multiple", 0.5));
        LevelShiftAnalysis.create(p);
        assertThat(p.problems()).anyMatch(m -> m.startsWith("baseline:") && m.contains("'5m'"))
                .anyMatch(m -> m.startsWith("recent:") && m.contains("'1m30s'") || m.contains("'90s'"))
                .anyMatch(m -> m.startsWith("multiple:") && m.contains("'0.5'"));
    }
    @Test
    void shouldDateAStepToTheMinuteItHappened() {
        // p99 doubles at T0 + 3h 00m 30s (a sample a minute from T0, so the first slow one is at 3h 01m): the change
        // point is the start of that minute's bucket, minutes before the median of three minutes calls it.
        LevelShiftAnalysis analysis = analysis("baseline", "1h", "multiple", 1.8, "lateness", "1m");
        AnalysisState state = analysis.newState();
        long step = T0 + 3 * HOUR + 30_000L;
        Random r = new Random(5);
        Assessment first = null;
        long t = T0;
        for (; t < T0 + 4 * HOUR && first == null; t += MIN) {
            Assessment a = state.observe(p99(t, (t >= step ? 0.4 : 0.2) * (1 + 0.02 * r.nextGaussian())));
            first = a.isAnomalous() ? a : null;
        }
        assertThat(first).isNotNull();
        assertThat(first.onset()).isEqualTo(T0 + 3 * HOUR + MIN);
        AnalysisState read = StateBytes.roundTrip(analysis, state);
        assertThat(read.observe(p99(t, 0.4)).onset()).as("read from bytes").isEqualTo(T0 + 3 * HOUR + MIN);
    }

    @Test
    void shouldGiveNoOnsetWhileNothingIsShifted() {
        AnalysisState state = analysis().newState();
        Assessment last = null;
        for (long t = T0; t < T0 + 3 * HOUR; t += MIN) {
            last = state.observe(p99(t, 0.2));
        }
        assertThat(last.isAnomalous()).isFalse();
        assertThat(last.onset()).isEqualTo(Assessment.NO_ONSET);
    }
}
