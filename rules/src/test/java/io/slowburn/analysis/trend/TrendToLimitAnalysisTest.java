package io.slowburn.analysis.trend;

import static io.slowburn.analysis.trend.TrendScenarios.HOUR;
import static io.slowburn.analysis.trend.TrendScenarios.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.analysis.AnalysisState;
import io.slowburn.analysis.Assessment;
import io.slowburn.analysis.Condition;
import io.slowburn.analysis.MapParameters;
import io.slowburn.analysis.testing.StateBytes;
import io.slowburn.model.MetricSample;
import io.slowburn.rules.AnalysisRegistry;
import io.slowburn.rules.RuleLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;

class TrendToLimitAnalysisTest {

    private static final String HEAP = "jvm.memory.heap.used";
    private static final double HEAP_MAX = 4e9;
    private static final long STEP = 30_000L;

    private static TrendToLimitAnalysis analysis(Object... keyValues) {
        Map<String, Object> params = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            params.put((String) keyValues[i], keyValues[i + 1]);
        }
        MapParameters p = MapParameters.of(params);
        TrendToLimitAnalysis a = TrendToLimitAnalysis.create(p);
        assertThat(p.problems()).isEmpty();
        return a;
    }

    private static MetricSample heap(long ts, double value) {
        return MetricSample.gauge(ts, "node-1", HEAP, Map.of(), value).withLimit(HEAP_MAX);
    }

    /** First event time at which the state was anomalous, or -1. */
    private static long feed(AnalysisState state, TrendScenarios.Shape shape, long from, long to, List<Assessment> out) {
        long first = -1;
        for (long t = from; t < to; t += STEP) {
            Assessment a = state.observe(heap(t, shape.at(t)));
            if (out != null) {
                out.add(a);
            }
            if (first < 0 && a.isAnomalous()) {
                first = t;
            }
        }
        return first;
    }

    /** The first anomalous assessment's summary and evidence, or null: keeps failure messages short. */
    private static String firstAnomaly(List<Assessment> seen) {
        for (int i = 0; i < seen.size(); i++) {
            if (seen.get(i).isAnomalous()) {
                return "sample " + i + ": " + seen.get(i).summary() + " " + seen.get(i).evidence();
            }
        }
        return null;
    }

    /** First time the Prometheus rule fires once it has its whole 6h range (it also fires at start-up; we forgive it). */
    private static long predictLinearFirstFire(TrendScenarios.Shape shape, long from, long to) {
        PredictLinear rule = new PredictLinear(6 * HOUR, 24 * HOUR);
        for (long t = from; t < to; t += STEP) {
            boolean fires = rule.fires(t, shape.at(t), HEAP_MAX);
            if (fires && t >= from + 6 * HOUR) {
                return t;
            }
        }
        return -1;
    }

    @Test
    void shouldReportInsufficientDataBeforeMinHistory() {
        AnalysisState state = analysis("floor", true).newState();
        List<Assessment> seen = new ArrayList<>();
        feed(state, TrendScenarios.sawtooth(1.2e9, 1e8, T0, 3e8, 7 * 60_000L, 2e7, 1), T0, T0 + 2 * HOUR - STEP, seen);
        assertThat(seen).allMatch(a -> a.condition() == Condition.INSUFFICIENT_DATA);
    }

    @Test
    void shouldBeNormalOnFlatNoisySeries() {
        AnalysisState state = analysis().newState();
        Random r = new Random(7);
        List<Assessment> seen = new ArrayList<>();
        feed(state, ts -> 2e9 + 5e7 * r.nextGaussian(), T0, T0 + 4 * 24 * HOUR, seen);
        assertThat(firstAnomaly(seen)).isNull();
        assertThat(seen.get(seen.size() - 1).condition()).isEqualTo(Condition.NORMAL);
        assertThat(seen.get(seen.size() - 1).evidence()).containsKeys("slope_per_hour", "p_value", "level", "limit", "buckets");
    }

    @Test
    void shouldFireWhenHeapFloorRises() {
        AnalysisState state = analysis("floor", true).newState();
        // Floor 1.2e9 rising 1e8/h: the limit is 28h away at the start, so the pessimistic forecast is soon within 24h.
        TrendScenarios.Shape leak = TrendScenarios.sawtooth(1.2e9, 1e8, T0, 3e8, 7 * 60_000L, 2e7, 1);
        List<Assessment> seen = new ArrayList<>();
        long fired = feed(state, leak, T0, T0 + 12 * HOUR, seen);

        assertThat(fired).isBetween(T0 + 2 * HOUR, T0 + 5 * HOUR);
        Assessment last = seen.get(seen.size() - 1);
        assertThat(last.isAnomalous()).isTrue();
        assertThat(last.evidence()).containsKeys("slope_per_hour", "slope_upper_per_hour", "time_to_limit_s",
                "time_to_limit_expected_s", "p_value", "level", "limit", "buckets");
        assertThat((double) last.evidence().get("slope_per_hour")).isBetween(0.9e8, 1.1e8);
        assertThat((double) last.evidence().get("slope_upper_per_hour")).isGreaterThanOrEqualTo((double) last.evidence().get(
                "slope_per_hour"));
        assertThat((double) last.evidence().get("time_to_limit_s")).isLessThanOrEqualTo(
                (double) last.evidence().get("time_to_limit_expected_s"));
        assertThat((double) last.evidence().get("limit")).isEqualTo(HEAP_MAX);
        assertThat(last.summary()).matches(HEAP + " floor rising (9\\.\\de7|1\\.\\de8)/h over the last [0-9.]+h \\(p=.*")
                .contains("limit 4.0e9 reached in ~").endsWith("h at worst)");
    }

    @Test
    void shouldFireNoLaterThanPredictLinearOnSlowHeapLeakWithSawtooth() {
        // A leak present since the deploy: the floor rises 2.5e7/h from 1.2e9 towards 4e9 (reached at 112h, so 24h
        // away at 88h). Young collections every 7 minutes, triggered at 3.6e9 occupancy, so peaks stay put while the
        // floor climbs. predict_linear fits the raw heap, whose mean rises at half the floor's rate.
        long end = T0 + 6 * 24 * HOUR;
        long ours = feed(analysis("floor", true).newState(),
                TrendScenarios.sawtoothToCeiling(1.2e9, 2.5e7, 3.6e9, 7 * 60_000L, 5e7, 3), T0, end, null);
        long theirs = predictLinearFirstFire(TrendScenarios.sawtoothToCeiling(1.2e9, 2.5e7, 3.6e9, 7 * 60_000L, 5e7, 3),
                T0, end);

        assertThat(ours).isBetween(T0 + 80 * HOUR, T0 + 92 * HOUR);
        assertThat(theirs == -1 || ours <= theirs).as("ours at %.1fh, predict_linear at %.1fh", (ours - T0) / 3.6e6,
                (theirs - T0) / 3.6e6).isTrue();
    }

    @Test
    void shouldFireWithinHoursOfTheTruePointWhenTheSawtoothRidesOnTheFloor() {
        // The other sawtooth shape: a constant 2e8 of allocation between collections on top of the rising floor.
        // predict_linear extrapolates the sawtooth's mean, 1e8 above the floor, so it fires ~4h before the floor is
        // truly 24h from the limit (88h); ours forecasts the floor itself and fires within a fit bucket of 88h.
        long end = T0 + 6 * 24 * HOUR;
        long ours = feed(analysis("floor", true).newState(),
                TrendScenarios.sawtooth(1.2e9, 2.5e7, T0, 2e8, 7 * 60_000L, 5e7, 3), T0, end, null);
        long theirs = predictLinearFirstFire(TrendScenarios.sawtooth(1.2e9, 2.5e7, T0, 2e8, 7 * 60_000L, 5e7, 3), T0, end);

        assertThat(ours).isBetween(T0 + 84 * HOUR, T0 + 91 * HOUR);
        assertThat(theirs).isBetween(T0 + 80 * HOUR, T0 + 88 * HOUR);
    }

    @Test
    void shouldStaySilentOnSawtoothWithStableFloorWherePredictLinearFires() {
        // Old-gen sawtooth: fills from 1.5e9 to 3.6e9 over 3h, a mixed collection brings it back. No leak.
        TrendScenarios.Shape stable = TrendScenarios.sawtooth(1.5e9, 0, T0, 2.1e9, 3 * HOUR, 3e7, 5);
        List<Assessment> seen = new ArrayList<>();
        // The floor of a 3h cycle only shows in buckets at least as long as the cycle: the rule says bucket: 3h.
        feed(analysis("floor", true, "bucket", "3h").newState(), stable, T0, T0 + 4 * 24 * HOUR, seen);
        long theirs = predictLinearFirstFire(TrendScenarios.sawtooth(1.5e9, 0, T0, 2.1e9, 3 * HOUR, 3e7, 5), T0,
                T0 + 4 * 24 * HOUR);

        assertThat(firstAnomaly(seen)).isNull();
        assertThat(theirs).as("predict_linear fires on the sawtooth").isPositive();
    }

    @Test
    void shouldStaySilentOnYoungGenSawtoothWithStableFloorNearTheLimit() {
        TrendScenarios.Shape stable = TrendScenarios.sawtooth(1.5e9, 0, T0, 2.3e9, 4 * 60_000L, 5e7, 11);
        List<Assessment> seen = new ArrayList<>();
        feed(analysis("floor", true).newState(), stable, T0, T0 + 4 * 24 * HOUR, seen);

        assertThat(firstAnomaly(seen)).isNull();
        assertThat(seen.get(seen.size() - 1).condition()).isEqualTo(Condition.NORMAL);
    }

    @Test
    void shouldStaySilentOnPageCacheThatIsReclaimedWherePredictLinearFires() {
        // Page cache grows 2.5e8/h for 6h each night from 2e9 to 3.5e9, then is reclaimed; the limit (4e9) is never
        // reached. (A cycle that ran into the limit within the hour would be called: see TrendCallTest.)
        TrendScenarios.Shape cache = TrendScenarios.pageCache(2e9, 2.5e8, 6 * HOUR, 3e7, 9);
        List<Assessment> seen = new ArrayList<>();
        feed(analysis("min_history", "1d").newState(), cache, T0, T0 + 5 * 24 * HOUR, seen);
        long theirs = predictLinearFirstFire(TrendScenarios.pageCache(2e9, 2.5e8, 6 * HOUR, 3e7, 9), T0, T0 + 5 * 24 * HOUR);

        assertThat(firstAnomaly(seen)).isNull();
        assertThat(theirs).as("predict_linear fires on the page cache").isPositive();
    }

    @Test
    void shouldStaySilentOnQueueBurstsThatDrainWithinMinutes() {
        AnalysisState state = analysis("floor", true, "limit", 10_000).newState();
        Random r = new Random(13);
        List<Assessment> seen = new ArrayList<>();
        for (long t = T0; t < T0 + 3 * 24 * HOUR; t += STEP) {
            // A burst every 20 minutes piles up to several thousand messages and drains within 4 minutes; the
            // bursts grow through the day, so the bucket maxima trend, but the floor stays at 0.
            long inCycle = Math.floorMod(t - T0, 20 * 60_000L);
            double hours = (t - T0) / (double) HOUR;
            double depth = inCycle < 4 * 60_000L ? (2000 + 100 * (hours % 24)) * (1 - inCycle / 240_000.0) : r.nextInt(3);
            seen.add(state.observe(MetricSample.gauge(t, "node-1", "app.queue.depth", Map.of(), depth)));
        }
        assertThat(firstAnomaly(seen)).isNull();
        assertThat(seen.get(seen.size() - 1).condition()).isEqualTo(Condition.NORMAL);
    }

    @Test
    void shouldFireWhenQueueNeverDrains() {
        AnalysisState state = analysis("floor", true, "limit", 10_000).newState();
        long fired = -1;
        for (long t = T0; t < T0 + 12 * HOUR && fired < 0; t += STEP) {
            long inCycle = Math.floorMod(t - T0, 20 * 60_000L);
            double backlog = 400.0 * (t - T0) / HOUR;
            double depth = backlog + (inCycle < 4 * 60_000L ? 2000 * (1 - inCycle / 240_000.0) : 0);
            if (state.observe(MetricSample.gauge(t, "node-1", "app.queue.depth", Map.of(), depth)).isAnomalous()) {
                fired = t;
            }
        }
        assertThat(fired).isBetween(T0 + 2 * HOUR, T0 + 6 * HOUR);
    }

    @Test
    void shouldWarnOfAQueueFloorRisingUnderBurstsThatDrain() {
        // The detection suite's seed 31: a backlog of 84 messages an hour that is never drained (the limit, 10,000, days
        // away), and ten hours in, bursts every two hours that pile up 3,000 more and drain within 20 minutes. A burst lifts the
        // five-minute floor by more than the backlog's rise over the ladder's rungs, as a level step would: but the
        // floor falls back within the hour, so it is no step, and the backlog is warned of within a day of the
        // start (without that, never). Without the backlog the same bursts leave the floor flat and nothing fires.
        QueueReplay run = replayQueue(new Bursts(T0, 2 * HOUR, 20 * MINUTE, 3000, START + 10 * HOUR, START + 22 * HOUR), 40,
                START, 84.0, T0 + 3 * 24 * HOUR, 31);
        long fired = run.fired();
        List<Assessment> quiet = run.quiet();
        assertThat(fired).isBetween(START + 8 * HOUR, START + 20 * HOUR);
        assertThat(firstAnomaly(quiet)).isNull();
    }

    @Test
    void shouldCallABacklogRisingBelowTheBurstsOfTheDayBefore() {
        // The detection suite's seed 44: for twelve hours, bursts of 4,000 messages every 139 minutes that drain within
        // 17; two hours after the last, a backlog of 960 messages an hour that is never drained (the limit, 10,000, half
        // a day away). The five-minute floor passed 4,000 in each burst, but it never held that level: a backlog is
        // called when it is plainly rising (about an hour), not when it climbs past yesterday's bursts (four hours).
        long leakStart = START + 14 * HOUR;
        QueueReplay run = replayQueue(new Bursts(START, 139 * MINUTE, 17 * MINUTE, 4000, START, START + 12 * HOUR), 20,
                leakStart, 960.0, leakStart + 6 * HOUR, 44);
        long fired = run.fired();
        List<Assessment> quiet = run.quiet();
        assertThat(fired).isBetween(leakStart, leakStart + 2 * HOUR);
        assertThat(firstAnomaly(quiet)).isNull();
    }

    /**
     * Queue bursts of {@code size} messages every {@code every} (counted from {@code cycleFrom}) that drain linearly
     * within {@code drain}, while {@code from <= t < to}.
     */
    private record Bursts(long cycleFrom, long every, long drain, double size, long from, long to) {
        double at(long t) {
            long inCycle = Math.floorMod(t - cycleFrom, every);
            return t >= from && t < to && inCycle < drain ? size * (1 - inCycle / (double) drain) : 0;
        }
    }

    /** When the queue rule first fired on bursts over a backlog, and what it said of the bursts alone. */
    private record QueueReplay(long fired, List<Assessment> quiet) {
    }

    /**
     * A queue's depth every minute from {@code T0} to {@code until}: the bursts and noise below {@code noise}, with and
     * without a backlog of {@code perHour} messages an hour from {@code backlogFrom} that is never drained.
     */
    private static QueueReplay replayQueue(Bursts bursts, int noise, long backlogFrom, double perHour, long until, long seed) {
        AnalysisState leaking = queueRule().newState();
        AnalysisState bursting = queueRule().newState();
        Random r = new Random(seed);
        long fired = -1;
        List<Assessment> quiet = new ArrayList<>();
        for (long t = T0; t < until; t += MINUTE) {
            double burst = bursts.at(t);
            double n = r.nextInt(noise);
            double backlog = t >= backlogFrom ? perHour * (t - backlogFrom) / HOUR : 0;
            if (leaking.observe(queueDepth(t, backlog + burst + n)).isAnomalous() && fired < 0) {
                fired = t;
            }
            quiet.add(bursting.observe(queueDepth(t, burst + n)));
        }
        return new QueueReplay(fired, quiet);
    }

    /** The queue rule of the default pack. */
    private static TrendToLimitAnalysis queueRule() {
        return analysis("floor", true, "bucket", "5m", "window", "1d", "min_history", "1h", "horizon", "24h",
                "warning_horizon", "7d", "reach", 12, "lateness", "2m");
    }

    private static MetricSample queueDepth(long t, double depth) {
        return MetricSample.gauge(t, "node-1", "app.queue.depth", Map.of(), depth).withLimit(10_000.0);
    }

    @Test
    void shouldNeverFireWithoutAnyLimit() {
        AnalysisState state = analysis().newState();
        List<Assessment> seen = new ArrayList<>();
        for (long t = T0; t < T0 + 24 * HOUR; t += STEP) {
            seen.add(state.observe(MetricSample.gauge(t, "node-1", "os.process.count", Map.of(), 100 + 50.0 * (t - T0) / HOUR)));
        }
        Assessment last = seen.get(seen.size() - 1);
        assertThat(firstAnomaly(seen)).isNull();
        assertThat(last.condition()).isEqualTo(Condition.NORMAL);
        assertThat((double) last.evidence().get("p_value")).isLessThan(1e-4);
        assertThat(last.evidence()).doesNotContainKeys("limit", "time_to_limit_s");
    }

    @Test
    void shouldUseTheParameterLimitWhenSamplesCarryNone() {
        AnalysisState state = analysis("limit", 2000).newState();
        long fired = -1;
        for (long t = T0; t < T0 + 12 * HOUR && fired < 0; t += STEP) {
            double fds = 100 + 100.0 * (t - T0) / HOUR;
            if (state.observe(MetricSample.gauge(t, "node-1", "os.fd.open", Map.of(), fds)).isAnomalous()) {
                fired = t;
            }
        }
        // Three hours: the swing guard needs three complete hours to know how much the series moves on its own.
        assertThat(fired).isBetween(T0 + 3 * HOUR, T0 + 4 * HOUR);
    }

    /** The pessimistic time to limit after 6h of a clean fd leak, and whether a given horizon fires on it. */
    private static Assessment fdLeakAfterSixHours(String horizon) {
        AnalysisState state = analysis("limit", 100_000, "horizon", horizon, "reach", 100).newState();
        Assessment last = null;
        Random r = new Random(17);
        for (long t = T0; t < T0 + 6 * HOUR; t += STEP) {
            last = state.observe(MetricSample.gauge(t, "node-1", "os.fd.open", Map.of(), 1000 + 500.0 * (t - T0) / HOUR
                    + r.nextInt(50)));
        }
        return last;
    }

    @Test
    void shouldFireWhenTimeToLimitIsAtTheHorizonAndNotJustBeyondIt() {
        double ttl = (double) fdLeakAfterSixHours("24h").evidence().get("time_to_limit_expected_s");
        long atHorizon = (long) Math.ceil(ttl);
        long justBelow = (long) Math.floor(ttl) - 1;

        assertThat(fdLeakAfterSixHours(atHorizon + "s").isAnomalous()).isTrue();
        assertThat(fdLeakAfterSixHours(justBelow + "s").condition()).isEqualTo(Condition.NORMAL);
    }

    @Test
    void shouldNotFireWhenTheRiseIsNotSignificantEvenIfTheLimitIsClose() {
        // Level near the limit but no trend: that is a saturation problem, not a trend.
        AnalysisState state = analysis().newState();
        Random r = new Random(19);
        List<Assessment> seen = new ArrayList<>();
        for (long t = T0; t < T0 + 24 * HOUR; t += STEP) {
            seen.add(state.observe(heap(t, 3.9e9 + 3e7 * r.nextGaussian())));
        }
        assertThat(firstAnomaly(seen)).isNull();
    }

    @Test
    void shouldDropLateSamplesAndChangeNothing() {
        TrendToLimitAnalysis a = analysis("floor", true);
        AnalysisState state = a.newState();
        feed(state, TrendScenarios.sawtooth(1.2e9, 1e8, T0, 3e8, 7 * 60_000L, 2e7, 1), T0, T0 + 6 * HOUR, null);
        byte[] before = StateBytes.of(state);
        long newest = T0 + 6 * HOUR - STEP;

        Assessment late = state.observe(heap(newest - 5 * 60_000L - 1, 1.0));

        assertThat(late.condition()).isEqualTo(Condition.LATE);
        assertThat(StateBytes.of(state)).isEqualTo(before);
    }

    @Test
    void shouldPutOutOfOrderSamplesWithinLatenessIntoTheirBucket() {
        AnalysisState state = analysis("floor", true, "min_history", "0s").newState();
        long newest = T0 + 3 * HOUR - STEP;
        for (long t = T0; t <= newest; t += STEP) {
            state.observe(heap(t, 2e9));
        }
        // Four minutes late, inside the 5m lateness: it lands in the 2:45-3:00 bucket, which is not settled yet.
        assertThat(state.observe(heap(newest - 4 * 60_000L, 1e9)).condition()).isNotEqualTo(Condition.LATE);
        Assessment afterClose = null;
        for (long t = newest + STEP; t <= T0 + 3 * HOUR + 5 * 60_000L; t += STEP) {
            afterClose = state.observe(heap(t, 2e9));
        }
        assertThat((double) afterClose.evidence().get("level")).isEqualTo(1e9);
    }

    @Test
    void shouldRoundTripItsStateAndBehaveTheSameAfterwards() {
        TrendToLimitAnalysis a = analysis("floor", true);
        AnalysisState original = a.newState();
        TrendScenarios.Shape leak = TrendScenarios.sawtooth(1.2e9, 1e8, T0, 3e8, 7 * 60_000L, 2e7, 1);
        feed(original, leak, T0, T0 + 3 * HOUR, null);
        byte[] bytes = StateBytes.of(original);
        AnalysisState copy = StateBytes.read(a, bytes);
        assertThat(StateBytes.of(copy)).isEqualTo(bytes);

        for (long t = T0 + 3 * HOUR; t < T0 + 8 * HOUR; t += STEP) {
            double v = leak.at(t);
            assertThat(copy.observe(heap(t, v))).isEqualTo(original.observe(heap(t, v)));
        }
    }

    @Test
    void shouldSerializeASevenDayWindowWithEveryBucketFilledInAtMost2KiB() {
        for (String window : List.of("3d", "7d")) {
            // The host memory rule's shape: a bucket of a minute, its sawtooth correction holding every reclaim it keeps.
            TrendToLimitAnalysis memory = analysis("bucket", "1m", "sawtooth", true, "window", window, "lateness", "2m");
            AnalysisState memoryState = memory.newState();
            Random r = new Random(5);
            for (long t = T0; t < T0 + (window.equals("3d") ? 4 : 8) * 24 * HOUR; t += MINUTE) {
                memoryState.observe(MetricSample.gauge(t, "node-1", HEAP, Map.of(), hostMemoryAt(t, r)).withLimit(HOST_MEMORY));
            }
            int memorySize = StateBytes.of(memoryState).length;
            System.out.printf("trend_to_limit state at bucket 1m, sawtooth, window %s: %d bytes%n", window, memorySize);
            assertThat(memorySize).isLessThanOrEqualTo(2048);

            TrendToLimitAnalysis a = analysis("floor", true, "window", window);
            AnalysisState state = a.newState();
            long days = window.equals("3d") ? 3 : 7;
            feed(state, TrendScenarios.sawtooth(1.2e9, 1e6, T0, 3e8, 7 * 60_000L, 2e7, 1), T0, T0 + (days + 1) * 24 * HOUR, null);
            int size = StateBytes.of(state).length;
            System.out.printf("trend_to_limit state at window %s: %d bytes%n", window, size);
            assertThat(size).isLessThanOrEqualTo(2048);
        }
    }

    @Test
    void shouldRoundTripASawtoothCorrectedStateAndBehaveTheSameAfterwards() {
        TrendToLimitAnalysis a = hostMemoryRule();
        AnalysisState original = a.newState();
        Random r = new Random(7);
        for (long t = T0; t < START; t += MINUTE) {
            original.observe(MetricSample.gauge(t, "node-1", HEAP, Map.of(), hostMemoryAt(t, r)).withLimit(HOST_MEMORY));
        }
        byte[] bytes = StateBytes.of(original);
        AnalysisState copy = StateBytes.read(a, bytes);
        assertThat(StateBytes.of(copy)).isEqualTo(bytes);
        for (long t = START; t < START + 6 * HOUR; t += MINUTE) {
            MetricSample s = MetricSample.gauge(t, "node-1", HEAP, Map.of(), hostMemoryAt(t, r) + (t - START) / 3.6e6 * 6e8)
                    .withLimit(HOST_MEMORY);
            assertThat(copy.observe(s)).isEqualTo(original.observe(s));
        }
    }

    @Test
    void shouldReadAVersion3StateAndAfterTwoDaysBeTheStateThatNeverWasOne() throws Exception {
        // Written by the release before state version 4 (an hourly ring of a day and two hours, not two days) from
        // hostMemoryRule() after the first 30 hours of cycledHostMemoryAt with Random(5).
        String base64 = new String(TrendToLimitAnalysisTest.class.getResourceAsStream("trend-state-v3.b64").readAllBytes(),
                StandardCharsets.US_ASCII).trim();
        TrendToLimitAnalysis a = hostMemoryRule();
        AnalysisState upgraded = StateBytes.read(a, Base64.getDecoder().decode(base64));
        assertThat(StateBytes.of(upgraded)[0]).isEqualTo((byte) 4);

        AnalysisState fresh = a.newState();
        Random r = new Random(5);
        long read = T0 + 30 * HOUR;
        for (long t = T0; t < read; t += MINUTE) {
            fresh.observe(MetricSample.gauge(t, "node-1", HEAP, Map.of(), cycledHostMemoryAt(t, r)).withLimit(HOST_MEMORY));
        }
        // The hours of yesterday the old ring did not keep fill in within two days; from then on nothing tells them apart.
        for (long t = read; t < read + 3 * 24 * HOUR; t += MINUTE) {
            MetricSample s = MetricSample.gauge(t, "node-1", HEAP, Map.of(), cycledHostMemoryAt(t, r) + (t - read) / 3.6e6 * 3e7)
                    .withLimit(HOST_MEMORY);
            Assessment ours = upgraded.observe(s);
            Assessment theirs = fresh.observe(s);
            if (t >= read + 2 * 24 * HOUR + HOUR) {
                assertThat(ours).isEqualTo(theirs);
            }
        }
        assertThat(StateBytes.of(upgraded)).isEqualTo(StateBytes.of(fresh));
    }

    /** {@link #hostMemoryAt} on a daily cycle of 300 MB either way. */
    private static double cycledHostMemoryAt(long t, Random r) {
        return 0.15 * HOST_MEMORY + 4.8e9 + (t % (75 * MINUTE)) / (75.0 * MINUTE) * 1.3e9 + (r.nextDouble() - 0.5) * 6e7
                + 3e8 * Math.sin(2 * Math.PI * (t - T0) / (24.0 * HOUR));
    }

    @Test
    void shouldCallALeakThatANightlyRestartHidesOnEachOfItsDays() {
        // The floor climbs 110 MB/h from 1.2 GB and a restart every night puts it back, at 3.8 GB of 4: each evening the
        // limit is hours away. From the second day on, every rung under a day rises as the same hours did yesterday;
        // a limit that close is called whatever yesterday did (as the bench's node-1, whose leak runs its heap out
        // about once a day).
        long day = 24 * HOUR;
        TrendScenarios.Shape restarting = t -> {
            double floor = 1.2e9 + 1.1e8 * Math.floorMod(t - T0, day) / (double) HOUR;
            return floor + (t % 180_000L) / 180_000.0 * 2e8;
        };
        List<Assessment> seen = new ArrayList<>();
        feed(heapRule().newState(), restarting, T0, T0 + 4 * day, seen);
        for (int k = 0; k < 4; k++) {
            assertThat(seen.subList((int) (k * day / STEP), (int) ((k + 1) * day / STEP))).as("day %d", k + 1)
                    .anyMatch(a -> a.isAnomalous() && "critical".equals(a.evidence().get("severity")));
        }
    }

    @Test
    void shouldRefuseASawtoothCorrectionOfBucketMinima() {
        MapParameters p = MapParameters.of(Map.of("floor", true, "sawtooth", true, "min_rise", "-5m"));
        TrendToLimitAnalysis.create(p);
        assertThat(p.problems()).anyMatch(m -> m.startsWith("sawtooth:")).anyMatch(m -> m.startsWith("min_rise:"));
    }

    @Test
    void shouldReportBadParametersWithTheirValuesQuoted() {
        MapParameters p = MapParameters.of(Map.of("confidence", 1.5, "max_p_value", 0, "limit", -3, "window", "30m",
                "bucket", "15m"));
        TrendToLimitAnalysis.create(p);
        assertThat(p.problems()).anyMatch(m -> m.startsWith("confidence:") && m.contains("'1.5'"))
                .anyMatch(m -> m.startsWith("max_p_value:") && m.contains("'0.0'"))
                .anyMatch(m -> m.startsWith("limit:") && m.contains("'-3.0'"))
                .anyMatch(m -> m.startsWith("window:") && m.contains("'30m'"));
    }

    @Test
    void shouldChangeTheStateLayoutWithTheBucketTheWindowAndTheLatenessBucketsOnly() {
        String layout = analysis().stateLayout();
        assertThat(layout).isNotEmpty();
        assertThat(analysis("bucket", "30m").stateLayout()).isNotEqualTo(layout);
        assertThat(analysis("window", "7d").stateLayout()).as("one more rung").isNotEqualTo(layout);
        assertThat(analysis("window", "2d").stateLayout()).as("the same rungs (3h to 48h)").isEqualTo(layout);
        // At 15m/2d and 30m/4d the ladders have as many rungs: the bucket must still tell them apart.
        assertThat(analysis("window", "4d", "bucket", "30m").stateLayout()).isNotEqualTo(analysis("window", "2d").stateLayout());
        assertThat(analysis("floor", true).stateLayout()).as("minima, not means").isNotEqualTo(layout);
        assertThat(analysis("lateness", "20m").stateLayout()).isNotEqualTo(layout);
        assertThat(analysis("lateness", "10m").stateLayout()).as("still one bucket of lateness").isEqualTo(layout);
        assertThat(analysis("sawtooth", true).stateLayout()).as("the correction's state, corrected means").isNotEqualTo(layout);

        TrendToLimitAnalysis tuned = analysis("horizon", "48h", "warning_horizon", "5d", "reach", 4, "saturation", 0.8,
                "confidence", 0.8, "max_p_value", 0.05, "limit", 10.0, "min_history", "6h", "min_rise", "1h");
        assertThat(tuned.stateLayout()).isEqualTo(layout);
        AnalysisState state = analysis().newState();
        feed(state, TrendScenarios.sawtooth(1.2e9, 1e8, T0, 3e8, 7 * 60_000L, 2e7, 1), T0, T0 + 5 * HOUR, null);
        byte[] bytes = StateBytes.of(state);
        assertThat(StateBytes.of(StateBytes.read(tuned, bytes))).as("the history survives tuning").isEqualTo(bytes);
    }

    // ---- The ladder's guards, on the shapes that fool a single trend test (one sample a minute, as fleets send). ----

    private static final long MINUTE = 60_000L;
    /** Incidents and confounders start after a day and a quarter, as in the detection suite. */
    private static final long START = T0 + 30 * HOUR;
    private static final double HOST_MEMORY = 16e9;

    /** The heap rule of the default pack, as shipped. */
    private static TrendToLimitAnalysis heapRule() {
        return packRule("heap-floor-drift");
    }

    /** The host memory rule of the default pack, as shipped. */
    private static TrendToLimitAnalysis hostMemoryRule() {
        return packRule("host-memory-drift");
    }

    private static TrendToLimitAnalysis packRule(String name) {
        return (TrendToLimitAnalysis) RuleLoader.defaultPack(AnalysisRegistry.defaults()).get(name).orElseThrow().analysis();
    }

    /** A heap sawtooth (a young collection every 3 minutes) over the given floor, with 1.5% floor noise. */
    private static double heapAt(long t, Random r, double floor) {
        return floor * (1 + 0.015 * r.nextDouble()) + (t % 180_000L) / 180_000.0 * 1.2e9;
    }

    /** Host memory: a page cache that fills 1.3 GB over 75 minutes and is reclaimed, on 8.2 GB in use. */
    private static double hostMemoryAt(long t, Random r) {
        return 0.15 * HOST_MEMORY + 4.8e9 + (t % (75 * MINUTE)) / (75.0 * MINUTE) * 1.3e9 + (r.nextDouble() - 0.5) * 6e7;
    }

    /** Feeds a minute per sample for three days; returns the first anomalous assessment at or after START - 5m. */
    private static Assessment firstAfterStart(AnalysisState state, java.util.function.BiFunction<Long, Random, Double> shape,
                                              double limit, List<Assessment> early) {
        Random r = new Random(11);
        Assessment first = null;
        for (long t = T0; t < T0 + 3 * 24 * HOUR; t += MINUTE) {
            Assessment a = state.observe(MetricSample.gauge(t, "node-1", HEAP, Map.of(), shape.apply(t, r)).withLimit(limit));
            if (a.isAnomalous() && t < START - 5 * MINUTE && early != null) {
                early.add(a);
            }
            if (a.isAnomalous() && t >= START - 5 * MINUTE && first == null) {
                first = new Assessment(a.condition(), Map.of("at_h", (t - START) / 3.6e6, "evidence", a.evidence()), a.summary());
            }
        }
        return first;
    }

    /**
     * The detection suite's heap (its simulator's HostModel): a third of the 30% amplitude allocated a minute (0.7 to
     * 1.3 times that), collected when above floor + amplitude, back to the floor plus up to 1.5%; the floor is 1.1 GB
     * (+-10%) plus a daily cycle of 30 to 80 MB plus {@code extra}.
     */
    private static java.util.function.BiFunction<Long, Random, Double> suiteSawtooth(long seed,
                                                                                     LongToDoubleFunction extra) {
        Random own = new Random(seed);
        double amplitude = 0.3 * HEAP_MAX;
        double alloc = amplitude / (2.5 + own.nextDouble());
        double daily = 3e7 + 5e7 * own.nextDouble();
        double base = 1.1e9 * (0.9 + 0.2 * own.nextDouble());
        double[] heap = {base};
        return (t, r) -> {
            double floor = Math.min(base + daily * Math.sin(2 * Math.PI * (Math.floorMod(t, 24 * HOUR) - 8 * HOUR) / (24.0 * HOUR))
                    + extra.applyAsDouble(t), 0.96 * HEAP_MAX);
            heap[0] += alloc * (0.7 + 0.6 * own.nextDouble());
            if (heap[0] > Math.min(floor + amplitude, 0.985 * HEAP_MAX) || heap[0] < floor) {
                heap[0] = floor * (1 + 0.015 * own.nextDouble());
            }
            return heap[0];
        };
    }

    /**
     * Feeds a minute per sample for three days; returns the hours from START at which the rule would fire: the first
     * time the series has been anomalous for {@code for: 10m} without a break (as the default pack's heap rule says);
     * NaN when it never does.
     */
    private static double firstHeldFor(AnalysisState state, java.util.function.BiFunction<Long, Random, Double> shape,
                                       double limit) {
        Random r = new Random(11);
        long since = -1;
        for (long t = T0; t < T0 + 3 * 24 * HOUR; t += MINUTE) {
            Assessment a = state.observe(MetricSample.gauge(t, "node-1", HEAP, Map.of(), shape.apply(t, r)).withLimit(limit));
            since = !a.isAnomalous() ? -1 : since < 0 ? t : since;
            if (since >= 0 && t - since >= 10 * MINUTE) {
                return (t - START) / 3.6e6;
            }
        }
        return Double.NaN;
    }

    @Test
    void shouldCallALevelStepAStepNotATrend() {
        // A deploy raises the heap floor by 400 MB once; predict_linear over 6h fires on the ramp its fit draws.
        List<Assessment> early = new ArrayList<>();
        Assessment ours = firstAfterStart(heapRule().newState(), (t, r) -> heapAt(t, r, 1.1e9 + (t >= START ? 4e8 : 0)),
                HEAP_MAX, early);
        assertThat(early).isEmpty();
        assertThat(ours).isNull();
    }

    @Test
    void shouldCatchAFastHeapLeakSoonAfterMinRise() {
        // Limit reached 12h after the leak starts: predict_linear's 6h fit needs ~2.6h to see it. The shipped rule
        // waits for a rise 80 minutes old (min_rise), then calls it within 25 minutes: the call moves from the hour rung
        // to the two-hour rung, and the rise's age is read on that rung's own ten-minute buckets (on the four-hour
        // rung's twenty-minute ones it read an hour at +80 minutes and the call came at +2.4 hours).
        double rate = (HEAP_MAX - 1.1e9) / 12;
        Assessment ours = firstAfterStart(heapRule().newState(),
                (t, r) -> heapAt(t, r, Math.min(0.97 * HEAP_MAX, 1.1e9 + Math.max(0, t - START) / 3.6e6 * rate)), HEAP_MAX, null);
        assertThat(ours).isNotNull();
        assertThat((double) ours.evidence().get("at_h")).isBetween(80 / 60.0, 1.75);
    }

    @Test
    void shouldWarnDaysAheadOfASlowLeakOnceItHasRunAWhile() {
        // Limit reached 5 days after the leak starts: days ahead is a warning, not a page.
        double rate = (HEAP_MAX - 1.1e9) / 120;
        Assessment ours = firstAfterStart(heapRule().newState(),
                (t, r) -> heapAt(t, r, 1.1e9 + Math.max(0, t - START) / 3.6e6 * rate), HEAP_MAX, null);
        assertThat(ours).isNotNull();
        assertThat((double) ours.evidence().get("at_h")).isBetween(12.0, 36.0);
        @SuppressWarnings("unchecked")
        Map<String, Object> evidence = (Map<String, Object>) ours.evidence().get("evidence");
        assertThat(evidence).containsEntry("severity", "warning");
    }

    @Test
    void shouldStaySilentOnAPageCacheFilledAndReclaimedEveryHourEvenAfterAStep() {
        List<Assessment> early = new ArrayList<>();
        Assessment ours = firstAfterStart(hostMemoryRule().newState(), (t, r) -> hostMemoryAt(t, r) + (t >= START ? 6e8 : 0),
                HOST_MEMORY, early);
        assertThat(early).isEmpty();
        assertThat(ours).isNull();
    }

    @Test
    void shouldStaySilentOnAHostMemoryLevelThatJumpsUpOnceByMoreThanThePageCacheSwings() {
        // A deploy adds 1.5 to 2.5 GB at once, then the level is flat: the page cache's sawtooth around the step hides
        // the two flat levels from the step test for an hour or more, and a rung's fit across the step reads a rise
        // to the total within hours. One jump made the rise: a step.
        for (double step : new double[] {1.5e9, 2.0e9, 2.5e9}) {
            List<Assessment> early = new ArrayList<>();
            Assessment ours = firstAfterStart(hostMemoryRule().newState(), (t, r) -> hostMemoryAt(t, r) + (t >= START ? step : 0),
                    HOST_MEMORY, early);
            assertThat(early).as("step of %.1f GB", step / 1e9).isEmpty();
            assertThat(ours).as("step of %.1f GB: %s", step / 1e9, ours == null ? "" : ours.evidence() + " " + ours.summary()).isNull();
        }
    }

    @Test
    void shouldStaySilentOnADailyCycleOfHostMemoryFromTheFirstDay() {
        List<Assessment> early = new ArrayList<>();
        Assessment ours = firstAfterStart(hostMemoryRule().newState(),
                (t, r) -> hostMemoryAt(t, r) + 0.05 * HOST_MEMORY * Math.sin(2 * Math.PI * t / (24.0 * HOUR)), HOST_MEMORY, early);
        assertThat(early).isEmpty();
        assertThat(ours).isNull();
    }

    @Test
    void shouldStaySilentOnACacheThatWarmsUpAndPlateaus() {
        List<Assessment> early = new ArrayList<>();
        Assessment ours = firstAfterStart(hostMemoryRule().newState(), (t, r) -> hostMemoryAt(t, r)
                + (t >= START ? 1e9 * (1 - Math.exp(-(t - START) / (1.5 * HOUR))) : 0), HOST_MEMORY, early);
        assertThat(early).isEmpty();
        assertThat(ours).isNull();
    }

    @Test
    void shouldFireWithinMinutesWhenHostMemoryIsDrivenPastNinetyPercent() {
        // From ~52% to ~92% of the host's memory in 45 minutes, held: an acute fill (a memory.pressure fault).
        Assessment ours = firstAfterStart(hostMemoryRule().newState(), (t, r) -> hostMemoryAt(t, r)
                + (t >= START ? Math.min(1, (t - START) / (45.0 * MINUTE)) * 0.4 * HOST_MEMORY : 0), HOST_MEMORY, null);
        assertThat(ours).isNotNull();
        // Seen on the 12-minute rung minutes after it starts, not when it has passed 90% (half an hour later): at the
        // pace of its newest minutes the limit is within the hour, so neither the page cache's hourly swing nor
        // min_rise holds anything back. (The cache is reclaimed as the fill starts: the level the limit is measured
        // from starts 1.3 GB lower, a minute more than on a level without that reclaim.)
        assertThat((double) ours.evidence().get("at_h")).isLessThanOrEqualTo(10.0 / 60);
        @SuppressWarnings("unchecked")
        Map<String, Object> evidence = (Map<String, Object>) ours.evidence().get("evidence");
        assertThat(evidence).containsEntry("severity", "critical");
    }

    @Test
    void shouldCatchATwelveHourHostMemoryLeakOnThePageCacheSawtoothWithinAnHourAndAHalf() {
        // 0.5 to 0.7 GB an hour under a page cache that swings 1.3 GB every 75 minutes. Without the sawtooth taken
        // out, a rung of an hour or two cannot tell the leak from the up-stroke (the 14 h leak waits 2.3 h for the
        // page cache to peak higher than it ever did).
        for (double hours : new double[] {10, 12, 14}) {
            double rate = (HOST_MEMORY - 9e9) / hours;
            Assessment ours = firstAfterStart(hostMemoryRule().newState(),
                    (t, r) -> hostMemoryAt(t, r) + Math.max(0, t - START) / 3.6e6 * rate, HOST_MEMORY, null);
            assertThat(ours).as("limit in %s h", hours).isNotNull();
            assertThat((double) ours.evidence().get("at_h")).as("limit in %s h", hours).isBetween(0.5, 1.5);
        }
    }

    @Test
    void shouldGiveSamplesThatFakeReclaimsNoCoverForALeak() {
        // Anyone who can write one record: a sample 1.5 GB low every few minutes looks like a reclaim each time, and
        // more reclaims mean a faster pace to pay back. The correction is re-read at every reclaim and never takes off
        // more than half a median reclaim, and the return of such a dip is no level step (the correction adds back what
        // it freed and the series recovers on top: a step of the corrected level, which held this leak 5.2 hours). So
        // the leak is caught about when it is on the uncorrected series, within the minutes of one more close (forged
        // dips slow both down, the hourly swing they add being what they are: 4.2 hours, 1.2 without them).
        double rate = (HOST_MEMORY - 9e9) / 12;
        TrendToLimitAnalysis uncorrected = analysis("bucket", "1m", "window", "3d", "min_rise", "1h", "horizon", "24h",
                "warning_horizon", "7d", "reach", 12, "saturation", 0.9, "lateness", "2m");
        for (int every : new int[] {3, 7, 20, 45}) {
            java.util.function.BiFunction<Long, Random, Double> forged = (t, r) -> hostMemoryAt(t, r)
                    + Math.max(0, t - START) / 3.6e6 * rate - (t % (every * MINUTE) == 0 ? 1.5e9 : 0);
            Assessment ours = firstAfterStart(hostMemoryRule().newState(), forged, HOST_MEMORY, null);
            Assessment plain = firstAfterStart(uncorrected.newState(), forged, HOST_MEMORY, null);
            assertThat(ours).as("a dip every %s min", every).isNotNull();
            assertThat(plain).as("a dip every %s min", every).isNotNull();
            assertThat((double) ours.evidence().get("at_h")).as("a dip every %s min", every)
                    .isLessThanOrEqualTo((double) plain.evidence().get("at_h") + 5.0 / 60).isLessThan(4.5);
        }
    }

    @Test
    void shouldStaySilentOnAPageCacheSawtoothWhileACacheWarmsUpAndBendsWithinItsFirstHours() {
        // The detection suite's host memory warm-ups: 1.5 to 2.5 GB with time constants of 40 to 80 minutes. With the
        // sawtooth taken out, the first half hour climbs at 1 to 4 GB an hour, as a fill would; the bend shows within
        // the hour, and min_rise waits for it (without min_rise every one of these but two fires within 50 minutes).
        for (double tauMinutes : new double[] {40, 60, 80}) {
            for (double amount : new double[] {1.5e9, 2.5e9}) {
                List<Assessment> early = new ArrayList<>();
                Assessment ours = firstAfterStart(hostMemoryRule().newState(), (t, r) -> hostMemoryAt(t, r)
                        + (t >= START ? amount * (1 - Math.exp(-(t - START) / (tauMinutes * MINUTE))) : 0), HOST_MEMORY, early);
                assertThat(early).isEmpty();
                assertThat(ours).as("%.1f GB, time constant %s min: %s", amount / 1e9, tauMinutes,
                        ours == null ? "" : ours.summary()).isNull();
            }
        }
    }

    @Test
    void shouldCatchALeakThatStartsHalfADayAfterTheLevelSteppedDown() {
        // Seed 14 of the detection suite: host memory stepped down 2.4 GB (a service moved away) 17 hours before a
        // twelve-hour leak began. For its first hours the leak climbs back toward where the series stood yesterday:
        // below yesterday's level and below the past day's peak, which a daily cycle's rising half also is. But the
        // series never came near yesterday's level in the twelve hours before the rise: a new regime, where yesterday
        // says nothing (here the leak waited 3.1 hours for the old level; in the suite, 3.9).
        double rate = 0.78e9;
        LongToDoubleFunction cycle = t -> 3e8 * Math.sin(2 * Math.PI * t / (24.0 * HOUR));
        LongToDoubleFunction step = t -> t >= START - 17 * HOUR ? -2.4e9 : 0;
        Assessment ours = firstAfterStart(hostMemoryRule().newState(), (t, r) -> hostMemoryAt(t, r) + 2.4e9
                + cycle.applyAsDouble(t) + step.applyAsDouble(t) + Math.max(0, t - START) / 3.6e6 * rate, HOST_MEMORY, null);
        assertThat(ours).isNotNull();
        assertThat((double) ours.evidence().get("at_h")).isBetween(0.5, 2.0);
        // Without the leak, the same step and cycle stay silent: the cycle's rising half still passes yesterday's
        // levels on its way down.
        List<Assessment> early = new ArrayList<>();
        assertThat(firstAfterStart(hostMemoryRule().newState(), (t, r) -> hostMemoryAt(t, r) + 2.4e9 + cycle.applyAsDouble(t)
                + step.applyAsDouble(t), HOST_MEMORY, early)).isNull();
        assertThat(early).isEmpty();
    }

    @Test
    void shouldMarkAFillPastTheSaturationShareAsSaturated() {
        // A step from 50% to 95% in two minutes: no trend to fit yet, but the host is nearly out of memory.
        Assessment ours = firstAfterStart(hostMemoryRule().newState(),
                (t, r) -> t >= START ? 0.95 * HOST_MEMORY : hostMemoryAt(t, r), HOST_MEMORY, null);
        assertThat(ours).isNotNull();
        assertThat((double) ours.evidence().get("at_h")).isLessThan(0.2);
        assertThat(ours.summary()).contains("of its limit").contains("reached within the last hours");
    }

    @Test
    void shouldStaySilentOnAHeapCacheThatWarmsUpWithinTheHourRung() {
        // The detection suite's heap warm-ups: 500 to 900 MB with time constants of 40 to 120 minutes, on its sawtooth.
        // In its first hour such a floor climbs at 250-700 MB/h, faster than a leak that reaches the heap max in 12
        // hours, and the hour rung calls it a trend before the longer rungs see it level off. Most bend visibly within
        // the hour (FloorBend); on seed 2's noisier minima (a collection every 4 to 5 minutes: one floor per bucket)
        // time constants of 70 minutes and more do not: with min_rise at 45 minutes, 15 of these 108 fired (all of them
        // seed 2's), 57 to 62 minutes in. By 80 minutes they have bent.
        List<String> fired = new ArrayList<>();
        for (double tauMinutes : new double[] {40, 50, 60, 70, 80, 90, 100, 110, 120}) {
            for (double amount : new double[] {5e8, 7e8, 9e8}) {
                for (long seed = 1; seed <= 4; seed++) {
                    double fires = firstHeldFor(heapRule().newState(), suiteSawtooth(seed, t -> t < START ? 0
                            : amount * (1 - Math.exp(-(t - START) / (tauMinutes * MINUTE)))), HEAP_MAX);
                    if (!Double.isNaN(fires)) {
                        fired.add(amount / 1e6 + " MB, time constant " + tauMinutes + " min, seed " + seed + ": +" + fires + "h");
                    }
                }
            }
        }
        assertThat(fired).isEmpty();
    }

    @Test
    void shouldFireOnATwelveHourHeapLeakOnTheSuiteSawtoothWithinAnHourAndThreeQuarters() {
        // The bend of a warm-up holds back none of the leaks it could be mistaken for: each is called within 25 minutes
        // of min_rise (80 minutes).
        for (double hours : new double[] {10.2, 12, 13.8}) {
            for (long seed = 1; seed <= 4; seed++) {
                double rate = (0.95 * HEAP_MAX - 1.1e9) / hours;
                double fires = firstHeldFor(heapRule().newState(), suiteSawtooth(seed, t -> Math.max(0, t - START) / 3.6e6 * rate),
                        HEAP_MAX);
                assertThat(fires).as("limit in %s h, seed %s", hours, seed).isBetween(80 / 60.0, 1.75);
            }
        }
    }

    @Test
    void shouldStaySilentOnAHeapCacheThatWarmsUpFastAndPlateaus() {
        // 900 MB cached within the first hours after a deploy (time constant 40 minutes): at its onset the floor climbs
        // as fast as a leak that would reach the heap max in three hours, then it bends toward its plateau.
        // (Slower warm-ups, time constants of an hour and more, bend too little within the hour rung and can still fire.)
        for (double tauMinutes : new double[] {30, 40}) {
            List<Assessment> early = new ArrayList<>();
            Assessment ours = firstAfterStart(heapRule().newState(), (t, r) -> heapAt(t, r,
                    1.1e9 + (t >= START ? 9e8 * (1 - Math.exp(-(t - START) / (tauMinutes * MINUTE))) : 0)), HEAP_MAX, early);
            assertThat(early).isEmpty();
            assertThat(ours).as("time constant %s minutes", tauMinutes).isNull();
        }
    }

    @Test
    void shouldStaySilentOnACacheWarmingUpOnANewSeriesWhoseCallRestsOnALongerRung() throws IOException {
        // Seed 49 of the detection suite: a cache began to warm up 2.4 hours after the series' first sample, before
        // the page cache's sawtooth was learnt (three reclaims). Three hours on, the rise (bending by then on the
        // 1.6-hour rung) made a trend on the 6.4-hour rung, whose stretch holds the uncorrected sawtooth before it, and
        // a young rise's bend was asked only of calls on the rungs it is looked for on. The rise is as young whatever
        // rung the call rests on.
        assertThat(replayHostMemory("warmup-before-sawtooth-learnt.csv", "web-3")).isEmpty();
    }

    @Test
    void shouldStaySilentOnACacheWarmingUpOnANewSeriesBeforeItsSawtoothIsCorrected() {
        // Seed 7 of the detection suite: a cache began to warm up (2.4 GB, time constant 84 minutes) two hours after
        // the series' first sample, half an hour before the third reclaim switched the correction on. The bend rungs
        // then held the sawtooth's last up-stroke and reclaim before the corrected levels, and no bend showed (-0.5
        // standard errors on the 1.6-hour rung, -6.3 on its corrected buckets alone); called at +2.0 h, and again at
        // +3.4 h on the 6.4-hour rung, the rise then older than the bend rungs span though its levels were corrected
        // for only 2.8 hours. Here on the simulator's page cache, seeds whose third reclaim comes within the warm-up's
        // first hours: without the hold 22 of these 60 fire, 0.9 to 3.1 hours in. (On seed 4's page cache the correction is
        // not on yet 4 hours in: a warm-up there still fires on the uncorrected sawtooth.)
        List<String> fired = new ArrayList<>();
        long start = T0 + 2 * HOUR + 7 * MINUTE;
        for (double tauMinutes : new double[] {40, 60, 80, 100}) {
            for (double amount : new double[] {1.5e9, 2.25e9, 3e9}) {
                for (long seed : new long[] {1, 2, 3, 5, 6}) {
                    double fires = firstFiring(hostMemoryRule().newState(), suiteHostMemory(seed, t -> t < start ? 0
                            : amount * (1 - Math.exp(-(t - start) / (tauMinutes * MINUTE)))), start);
                    if (!Double.isNaN(fires)) {
                        fired.add(amount / 1e9 + " GB, time constant " + tauMinutes + " min, seed " + seed + ": +" + fires + "h");
                    }
                }
            }
        }
        assertThat(fired).isEmpty();
    }

    @Test
    void shouldStaySilentOnSlowWarmUpsWhoseBendAShortPageCacheCycleHid() {
        // Seeds 18 and 39 of the detection suite: the correction pays a reclaim back at the pace learnt over the day;
        // a page cache cycle a few minutes shorter than that ends with part of it not paid back, so the corrected level
        // climbs over the cycle and steps down at its reclaim. On the bend rungs of a slow warm-up (time constants near
        // two hours) that step hid the bend (seed 39: -0.6 standard errors at +80 minutes; -3.0 with the cycle paid
        // back evenly from reclaim to reclaim once its reclaim has come). Here, warm-ups on the simulator's page cache
        // that fired 1.1 to 2.1 hours in without that hindsight (8 of 450 on its seeds 1 to 30, time constants 40 to
        // 120 minutes, 1.5 to 3 GB: 34 fired without it, 26 with it).
        List<String> fired = new ArrayList<>();
        long[][] cases = {{11, 100, 1500}, {14, 120, 1500}, {23, 60, 1500}, {25, 100, 1500}, {25, 120, 2250}, {29, 100, 1500},
            {29, 120, 1500}, {29, 120, 2250}};
        for (long[] c : cases) {
            long seed = c[0];
            double tau = c[1] * MINUTE;
            double amount = c[2] * 1e6;
            long start = T0 + 30 * HOUR + (seed * 7) % 60 * MINUTE;
            double fires = firstFiring(hostMemoryRule().newState(), suiteHostMemory(seed, t -> t < start ? 0
                    : amount * (1 - Math.exp(-(t - start) / tau))), start);
            if (!Double.isNaN(fires)) {
                fired.add("seed " + seed + ", time constant " + c[1] + " min, " + amount / 1e9 + " GB: +" + fires + "h");
            }
        }
        assertThat(fired).isEmpty();
    }

    @Test
    void shouldStaySilentOnASlowWarmUpThatStartsLateInAShortPageCacheCycle() throws IOException {
        // Seed 39 of the detection suite, as recorded: called at +80 minutes (min_rise) on the 1.6-hour rung.
        assertThat(replayHostMemory("warmup-late-in-a-short-cycle.csv", "api-2")).isEmpty();
    }

    @Test
    void shouldCatchALeakOnANewSeriesWhoseSawtoothIsCorrectedAfterItBegan() {
        // The hold above lasts only until the bend rungs hold corrected levels alone (3.2 hours after the correction
        // began): a leak from a host's first hours is called then.
        long start = T0 + 2 * HOUR + 7 * MINUTE;
        for (long seed : new long[] {1, 2, 3, 5, 6}) {
            double rate = 0.6 * HOST_MEMORY / 12;
            double fires = firstFiring(hostMemoryRule().newState(), suiteHostMemory(seed, t -> Math.max(0, t - start) / 3.6e6 * rate),
                    start);
            assertThat(fires).as("seed %s", seed).isBetween(80 / 60.0, 5.0);
        }
    }

    @Test
    void shouldNotHoldALeakWhenForgedDipsStartTheCorrectionLaterInASeriesLife() {
        // The hold above is for the sawtooth a new series learns first. Anyone who can write a record can make three
        // dips on a host without a page cache sawtooth (or one whose reclaims paused for a day) and so start a
        // correction later in its life; a leak that began before them must not be held the 3.2 hours that gives (seed
        // 1: called at 4.3 hours, 1.5 without the dips). What the dips still cost is the correction's, as before the
        // hold: it pays back what they "freed" for hours, which flattens the corrected rise (2.3 hours).
        long start = T0 + 30 * HOUR;
        double rate = 0.6 * HOST_MEMORY / 12;
        for (long seed : new long[] {1, 2, 3}) {
            double plain = firstFiring(hostMemoryRule().newState(), flatHostMemory(seed, start, rate, false), start);
            double forged = firstFiring(hostMemoryRule().newState(), flatHostMemory(seed, start, rate, true), start);
            assertThat(plain).as("seed %s", seed).isBetween(80 / 60.0, 2.0);
            assertThat(forged).as("seed %s, three dips forged 20, 40 and 60 minutes into the leak", seed)
                    .isLessThanOrEqualTo(plain + 1.0);
        }
    }

    /**
     * Host memory without a page cache sawtooth: 9 GB, a daily cycle of 200 MB, 30 MB of noise either way, a leak
     * from {@code start} at {@code rate} a hour; with {@code forged}, three samples 1.5 GB low 20, 40 and 60 minutes in.
     */
    private static LongToDoubleFunction flatHostMemory(long seed, long start, double rate, boolean forged) {
        Random own = new Random(seed);
        return t -> {
            long in = t - start;
            boolean dip = forged && (in == 20 * MINUTE || in == 40 * MINUTE || in == 60 * MINUTE);
            return 9e9 + 2e8 * Math.sin(2 * Math.PI * (Math.floorMod(t, 24 * HOUR) - 8 * HOUR) / (24.0 * HOUR))
                    + (own.nextDouble() - 0.5) * 6e7 + Math.max(0, in) / 3.6e6 * rate - (dip ? 1.5e9 : 0);
        };
    }

    /**
     * The detection suite's host memory (its simulator's HostModel): in use 12-18% of the host plus a committed 4 GB
     * heap, a page cache from 5% of the host to 13-16% of it, filled in 60 to 90 minutes at a pace that varies 0.5 to 1.5
     * times a minute and reclaimed when full (down to 5% of the host, +-10%), 30 MB of noise either way and a daily
     * cycle of 150 to 400 MB (highest at 14:00), plus {@code extra}.
     */
    private static LongToDoubleFunction suiteHostMemory(long seed, LongToDoubleFunction extra) {
        Random own = new Random(seed);
        double base = HOST_MEMORY * (0.12 + 0.06 * own.nextDouble()) + 4e9;
        double cacheMin = HOST_MEMORY * 0.05;
        double cacheMax = HOST_MEMORY * (0.13 + 0.03 * own.nextDouble());
        double perMinute = (cacheMax - cacheMin) / (60 + 30 * own.nextDouble());
        double daily = 1.5e8 + 2.5e8 * own.nextDouble();
        double[] cache = {cacheMin + (cacheMax - cacheMin) * own.nextDouble()};
        return t -> {
            cache[0] += perMinute * (0.5 + own.nextDouble());
            if (cache[0] > cacheMax) {
                cache[0] = cacheMin * (0.9 + 0.2 * own.nextDouble());
            }
            return base + cache[0] + (own.nextDouble() - 0.5) * 6e7 + extra.applyAsDouble(t)
                    + daily * Math.sin(2 * Math.PI * (Math.floorMod(t, 24 * HOUR) - 8 * HOUR) / (24.0 * HOUR));
        };
    }

    /**
     * Feeds a minute per sample from T0 to eight hours after {@code start}; the hours from {@code start} at which the host
     * memory rule would fire (anomalous at two closes in a row, {@code for: 1m}); NaN when it does not.
     */
    private static double firstFiring(AnalysisState state, LongToDoubleFunction shape, long start) {
        int held = 0;
        for (long t = T0; t < start + 8 * HOUR; t += MINUTE) {
            Assessment a = state.observe(MetricSample.gauge(t, "node-1", "os.memory.used", Map.of(), shape.applyAsDouble(t))
                    .withLimit(HOST_MEMORY));
            held = a.isAnomalous() ? held + 1 : 0;
            if (held >= 2 && t >= start) {
                return (t - start) / 3.6e6;
            }
        }
        return Double.NaN;
    }

    @Test
    void shouldStaySilentOnTheDailyCycleInTheDayAfterACacheWarmedUp() throws IOException {
        // Seed 57 of the detection suite: a cache warmed up by 1.55 GB at hour 18. For the next day the level stands
        // that much above the same hour yesterday. Twelve hours on, the 25.6-hour rung (whose stretch holds the warm-up)
        // warned while the shorter rungs were flat: a level a day's slope above yesterday's let the flat hours pass for
        // the daily cycle's falling half (now: the difference came within four hours, a lump). At hour 34 the 6.4-hour
        // rung, climbing with the cycle's rising half a little faster than yesterday, warned (now: what it adds to
        // yesterday's pace would not reach the limit within the week).
        assertThat(replayHostMemory("warmup-then-daily-cycle.csv", "worker-2")).isEmpty();
    }

    /** Replays a fixture (minute, bytes) of one host's memory through {@link #hostMemoryRule}; what fired, and when. */
    @Test
    void shouldStaySilentOnTheDailyCyclesRisingHalfADayAfterACacheWarmedUpInTheLastHoursOfTheFirstDay() throws IOException {
        // Seed 18 of the detection suite: a cache warmed up by 1.9 GB from hour 12.9 (time constant 91 minutes). At
        // hour 38.4 the 12.8-hour rung, fitted from the daily cycle's trough to near its peak, warned (49 MB/h, the limit
        // five days away): the level stood 0.8 GB above the same hour yesterday, and the same hours yesterday rose at
        // 89 MB/h by least squares, the warm-up's first hours at their end, so today's pace was no repeat of
        // yesterday's. Their median pairwise slope, the cycle's own pace, is.
        assertThat(replayHostMemory("warmup-then-rising-half.csv", "worker-2")).isEmpty();
    }

    private List<String> replayHostMemory(String fixture, String source) throws IOException {
        AnalysisState state = hostMemoryRule().newState();
        List<String> fired = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream(fixture)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(",");
                long t = T0 + Long.parseLong(f[0]) * MINUTE;
                Assessment a = state.observe(MetricSample.gauge(t, source, "os.memory.used", Map.of(), Double.parseDouble(f[1]))
                        .withLimit(17_179_869_184.0));
                if (a.isAnomalous()) {
                    fired.add("+" + f[0] + " min: " + a.summary());
                }
            }
        }
        return fired;
    }
}
