package io.slowburn.analysis.fill;

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
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class FillRateAnalysisTest {

    /** 2026-03-02T00:00:00Z. */
    private static final long T0 = 1_772_409_600_000L;
    private static final long MIN = 60_000L;
    private static final long HOUR = 60 * MIN;
    private static final double TOTAL = 16e9;
    private static final String MEMORY = "os.memory.used";

    private static FillRateAnalysis analysis(Object... keyValues) {
        Map<String, Object> params = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            params.put((String) keyValues[i], keyValues[i + 1]);
        }
        MapParameters p = MapParameters.of(params);
        FillRateAnalysis a = FillRateAnalysis.create(p);
        assertThat(p.problems()).isEmpty();
        return a;
    }

    private static MetricSample memory(long ts, double value, double limit) {
        MetricSample s = MetricSample.gauge(ts, "web-1", MEMORY, Map.of(), value);
        return limit > 0 ? s.withLimit(limit) : s;
    }

    /** Feeds one sample a minute over [from, to) with the host's total as limit; returns the first anomalous time, or -1. */
    private static long feed(AnalysisState state, LongToDoubleFunction shape, long from, long to) {
        return feed(state, shape, from, to, TOTAL);
    }

    private static long feed(AnalysisState state, LongToDoubleFunction shape, long from, long to, double limit) {
        long first = -1;
        for (long t = from; t < to; t += MIN) {
            if (state.observe(memory(t, shape.applyAsDouble(t), limit)).isAnomalous() && first < 0) {
                first = t;
            }
        }
        return first;
    }

    /**
     * A host as the suite's simulator draws it: 45% of 16 GB in use, a daily cycle of 300 MB, a page cache that grows
     * by 10% of the host over 80 minutes and is then reclaimed at once, and 0.2% noise each minute.
     */
    private static LongToDoubleFunction host(long seed) {
        Random r = new Random(seed);
        return t -> TOTAL * 0.45 + 300e6 * Math.sin(2 * Math.PI * (t % (24 * HOUR)) / (24.0 * HOUR))
                + 0.10 * TOTAL * ((t - T0) % (80 * MIN)) / (80.0 * MIN) + 0.002 * TOTAL * r.nextGaussian();
    }

    @Test
    void shouldSayNotEnoughDataBeforeItsBaselineAndHistory() {
        AnalysisState state = analysis().newState();
        Assessment last = null;
        for (long t = T0; t < T0 + 100 * MIN; t += MIN) {
            // A fill that would reach the total within minutes, in the first 100 minutes of the series' history.
            last = state.observe(memory(t, t > T0 + 90 * MIN ? 0.5 * TOTAL + 0.05 * TOTAL * (t - T0 - 90 * MIN) / MIN : 0.5 * TOTAL,
                    TOTAL));
        }
        assertThat(last.condition()).isEqualTo(Condition.INSUFFICIENT_DATA);
        assertThat(last.summary()).contains("baseline rises learnt").contains("2.0h of history");
    }

    @Test
    void shouldStaySilentOnAPageCacheSawtoothAndADailyCycle() {
        assertThat(feed(analysis().newState(), host(1), T0, T0 + 3 * 24 * HOUR)).isEqualTo(-1);
    }

    @Test
    void shouldFireWithinMinutesWhenMemoryFillsTowardTheTotalAmidTheSawtooth() {
        for (long seed = 2; seed < 6; seed++) {
            long start = T0 + 30 * HOUR + seed * 17 * MIN;
            LongToDoubleFunction base = host(seed);
            // 1% of the host a minute (the suite's acute fills take 30-50 minutes from about half to 92-95%), then held.
            LongToDoubleFunction fill = t -> t < start ? base.applyAsDouble(t)
                    : Math.min(0.94 * TOTAL, base.applyAsDouble(t) + 0.01 * TOTAL * (t - start) / MIN);

            long fired = feed(analysis().newState(), fill, T0, start + 3 * HOUR);

            // Four of the six recent rises must be the fill's, and the minute must close (lateness 1m): 5-7 minutes.
            assertThat(fired).as("seed %d", seed).isBetween(start + 4 * MIN, start + 7 * MIN);
        }
    }

    @Test
    void shouldStaySilentOnALevelStepOfAGigabyteOrTwo() {
        for (long minutes : new long[] {0, 1}) {
            long step = T0 + 30 * HOUR;
            LongToDoubleFunction base = host(7);
            // 2.5 GB up within a minute, or over two (a bucket mean caught half-way: two big rises), then flat.
            LongToDoubleFunction stepped = t -> base.applyAsDouble(t)
                    + (t < step ? 0 : 2.5e9 * Math.min(1.0, (t - step + MIN) / (double) ((minutes + 1) * MIN)));
            assertThat(feed(analysis().newState(), stepped, T0, step + 4 * HOUR)).as("step over %d min", minutes).isEqualTo(-1);
        }
    }

    @Test
    void shouldGiveNoPaceToAStepSpreadOverHalfTheRecentBuckets() {
        // A flat host, then 2.4 GB in three equal minutes: three of the six recent rises are the step's. The plain median
        // of six would be half a step's rise (the limit ~13 minutes away); more than half of the rises reach only 0.
        long step = T0 + 3 * HOUR;
        LongToDoubleFunction stepped = t -> 0.5 * TOTAL + (t < step ? 0 : 0.8e9 * Math.min(3, (t - step) / MIN + 1));
        assertThat(feed(analysis().newState(), stepped, T0, step + HOUR)).isEqualTo(-1);
        // Four minutes of it are a fill: four of the six rises.
        LongToDoubleFunction fill = t -> 0.5 * TOTAL + (t < step ? 0 : 0.8e9 * Math.min(4, (t - step) / MIN + 1));
        assertThat(feed(analysis().newState(), fill, T0, step + HOUR)).isPositive();
    }

    @Test
    void shouldStaySilentOnACacheWarmingUpAndOnASlowLeak() {
        long start = T0 + 30 * HOUR;
        LongToDoubleFunction base = host(8);
        // The suite's fastest warm-up: 3 GB, 95% of it within 2 hours (time constant 40 minutes), then a plateau.
        LongToDoubleFunction warmup = t -> base.applyAsDouble(t) + (t < start ? 0 : 3e9 * (1 - Math.exp(-(t - start) / (40.0 * MIN))));
        assertThat(feed(analysis().newState(), warmup, T0, start + 8 * HOUR)).isEqualTo(-1);
        // A leak that reaches the total in 12 hours is trend_to_limit's to call, hours ahead: no acute fill.
        LongToDoubleFunction leak = t -> Math.min(TOTAL,
                base.applyAsDouble(t) + (t < start ? 0 : 0.5 * TOTAL * (t - start) / (12.0 * HOUR)));
        assertThat(feed(analysis().newState(), leak, T0, start + 11 * HOUR)).isEqualTo(-1);
    }

    @Test
    void shouldFireWhenTheLimitIsReachedWithinTheHorizonAndNotOneBucketSooner() {
        // Flat at 360, then +10 a minute: the pace is 10 once four of the six recent rises are the fill's, at the close
        // of the bucket whose level is 400. To a limit of 1000 that is 60 minutes: within the horizon. To 1000.1 it is
        // 60.01 minutes, and the next bucket (level 410, 59.01 minutes) is the first within it.
        long start = T0 + 3 * HOUR;
        LongToDoubleFunction fill = t -> t < start ? 360 : 360 + 10 * ((t - start) / MIN + 1);
        long atLimit = feed(analysis().newState(), fill, T0, start + 20 * MIN, 1000);
        long beyond = feed(analysis().newState(), fill, T0, start + 20 * MIN, 1000.1);
        // The bucket of level 400 starts at start + 3m; it closes (lateness 1m) with the sample at start + 5m.
        assertThat(atLimit).isEqualTo(start + 5 * MIN);
        assertThat(beyond).isEqualTo(atLimit + MIN);
    }

    @Test
    void shouldNotTakeANoisySeriesChanceRunOfRisesForAFill() {
        // 92% of the limit with 3% noise a minute: now and then the median of six rises is positive and the limit,
        // 8% away, "minutes" ahead at that pace. Against the series' own spread of rises it is nothing.
        Random r = new Random(9);
        double[] values = new double[6 * 60];
        for (int i = 0; i < values.length; i++) {
            values[i] = 0.92 * TOTAL * (1 + 0.03 * r.nextGaussian());
        }
        LongToDoubleFunction noisy = t -> values[(int) ((t - T0) / MIN)];
        assertThat(feed(analysis().newState(), noisy, T0, T0 + 6 * HOUR)).isEqualTo(-1);
        assertThat(feed(analysis("min_deviations", 0).newState(), noisy, T0, T0 + 6 * HOUR)).as("without the deviations test")
                .isPositive();
    }

    @Test
    void shouldKeepFiringWhileTheFillLastsWithoutLearningItAsUsual() {
        // A baseline of 10 minutes: learnt while filling, the fill's own rises would be the usual rise within minutes.
        long start = T0 + 3 * HOUR;
        AnalysisState state = analysis("baseline", "10m").newState();
        Random r = new Random(10);
        feed(state, t -> 0.70 * TOTAL + 1e6 * r.nextGaussian(), T0, start);
        Assessment last = null;
        for (long t = start; t < start + 40 * MIN; t += MIN) {
            // +0.5% a minute from 70%: the total is at most 60 minutes away throughout.
            last = state.observe(memory(t, 0.70 * TOTAL + 0.005 * TOTAL * (t - start) / MIN + 1e6 * r.nextGaussian(), TOTAL));
        }
        assertThat(last.isAnomalous()).isTrue();
        assertThat(last.evidence()).containsKeys("level", "limit", "pace_per_hour", "usual_rise_per_hour", "deviations",
                "time_to_limit_s", "baseline_buckets");
        assertThat((double) last.evidence().get("pace_per_hour")).isCloseTo(0.3 * TOTAL, Offset.offset(0.01 * TOTAL));
        assertThat(last.summary()).startsWith(MEMORY + " at ").contains("% of its limit").contains("limit reached in ~");
    }

    @Test
    void shouldNeverFireWithoutALimitAndUseTheLimitParameterWhenSamplesCarryNone() {
        long start = T0 + 3 * HOUR;
        LongToDoubleFunction fill = t -> t < start ? 0.5 * TOTAL : 0.5 * TOTAL + 0.01 * TOTAL * (t - start) / MIN;
        AnalysisState none = analysis().newState();
        assertThat(feed(none, fill, T0, start + 30 * MIN, 0)).isEqualTo(-1);
        assertThat(none.observe(memory(start + 30 * MIN, fill.applyAsDouble(start + 30 * MIN), 0)).summary()).contains("no limit");
        assertThat(feed(analysis("limit", TOTAL).newState(), fill, T0, start + 30 * MIN, 0)).isPositive();
    }

    @Test
    void shouldDropLateSamplesAndRoundTripItsState() {
        FillRateAnalysis a = analysis();
        AnalysisState state = a.newState();
        feed(state, host(11), T0, T0 + 3 * HOUR);
        byte[] before = StateBytes.of(state);
        assertThat(state.observe(memory(T0 + 3 * HOUR - 3 * MIN, TOTAL, TOTAL)).condition()).isEqualTo(Condition.LATE);
        assertThat(StateBytes.of(state)).isEqualTo(before);

        AnalysisState copy = StateBytes.read(a, before);
        assertThat(StateBytes.of(copy)).isEqualTo(before);
        LongToDoubleFunction more = host(12);
        long start = T0 + 4 * HOUR;
        for (long t = T0 + 3 * HOUR; t < T0 + 5 * HOUR; t += MIN) {
            double v = Math.min(0.95 * TOTAL, more.applyAsDouble(t) + (t < start ? 0 : 0.01 * TOTAL * (t - start) / MIN));
            assertThat(copy.observe(memory(t, v, TOTAL))).isEqualTo(state.observe(memory(t, v, TOTAL)));
        }
        System.out.printf("fill_rate state at the defaults: %d bytes%n", before.length);
        assertThat(before.length).isLessThan(800);
    }

    @Test
    void shouldReportBadParametersWithTheirValuesQuoted() {
        MapParameters p = MapParameters.of(Map.of("baseline", "5m", "recent", "1m", "horizon", "0s", "min_deviations", -1,
                "limit", -5, "lateness", "3h"));
        FillRateAnalysis.create(p);
        assertThat(p.problems()).anyMatch(m -> m.startsWith("baseline:") && m.contains("'5m'"))
                .anyMatch(m -> m.startsWith("recent:") && m.contains("'1m'"))
                .anyMatch(m -> m.startsWith("horizon:") && m.contains("greater than zero"))
                .anyMatch(m -> m.startsWith("min_deviations:") && m.contains("'-1"))
                .anyMatch(m -> m.startsWith("limit:") && m.contains("'-5"))
                .anyMatch(m -> m.startsWith("lateness:") && m.contains("'3h'"));
    }
}
