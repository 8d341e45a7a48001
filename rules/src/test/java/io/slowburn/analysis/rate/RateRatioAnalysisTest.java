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
import java.util.Random;
import org.junit.jupiter.api.Test;

class RateRatioAnalysisTest {

    private static final long T0 = 1_772_409_600_000L;
    private static final long MINUTE = 60_000L;
    private static final long STEP = 15_000L;

    /** Two app instances (label sets) of one source, each with a requests and a retries counter. */
    private static final class Source {
        final double[] requests = new double[2];
        final double[] retries = new double[2];
        final Random random = new Random(42);

        /** Advances both instances by one scrape and feeds the four samples; returns the assessments. */
        List<Assessment> scrape(AnalysisState state, long ts, double requestsPerS, double retryRatio) {
            List<Assessment> out = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                double req = Math.round(requestsPerS / 2 * STEP / 1000.0 * (0.9 + 0.2 * random.nextDouble()));
                requests[i] += req;
                retries[i] += Math.round(req * retryRatio * (0.8 + 0.4 * random.nextDouble()));
                Map<String, String> labels = Map.of("instance", "i" + i);
                out.add(state.observe(MetricSample.counter(ts, "node-1", "app.requests", labels, requests[i])));
                out.add(state.observe(MetricSample.counter(ts, "node-1", "app.retries", labels, retries[i])));
            }
            return out;
        }

        void restart() {
            for (int i = 0; i < 2; i++) {
                requests[i] = 0;
                retries[i] = 0;
            }
        }
    }

    private static RateRatioAnalysis analysis(Object... kv) {
        java.util.HashMap<String, Object> m = new java.util.HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        MapParameters p = MapParameters.of(m);
        RateRatioAnalysis a = RateRatioAnalysis.create(p);
        assertThat(p.problems()).isEmpty();
        return a;
    }

    private static String firstAnomaly(List<Assessment> seen) {
        return seen.stream().filter(Assessment::isAnomalous).map(a -> a.summary() + " " + a.evidence()).findFirst().orElse(null);
    }

    /** Feeds {@code minutes} of traffic; returns every assessment. */
    private static List<Assessment> run(AnalysisState state, Source source, long from, int minutes, double rps, double ratio) {
        List<Assessment> seen = new ArrayList<>();
        for (long t = from; t < from + minutes * MINUTE; t += STEP) {
            seen.addAll(source.scrape(state, t, rps, ratio));
        }
        return seen;
    }

    @Test
    void shouldReportInsufficientDataBeforeMinHistory() {
        List<Assessment> seen = run(analysis().newState(), new Source(), T0, 29, 50, 0.02);
        assertThat(seen).allMatch(a -> a.condition() == Condition.INSUFFICIENT_DATA);
    }

    @Test
    void shouldBeNormalWithSteadyRetries() {
        AnalysisState state = analysis().newState();
        List<Assessment> seen = run(state, new Source(), T0, 8 * 60, 50, 0.02);
        assertThat(firstAnomaly(seen)).isNull();
        Assessment last = seen.get(seen.size() - 1);
        assertThat(last.condition()).isEqualTo(Condition.NORMAL);
        assertThat((double) last.evidence().get("baseline_ratio")).isBetween(0.015, 0.025);
        assertThat((double) last.evidence().get("requests_per_s")).isBetween(40.0, 60.0);
    }

    @Test
    void shouldFireWhenRetriesStormAndKeepFiringWhileItLasts() {
        AnalysisState state = analysis().newState();
        Source source = new Source();
        run(state, source, T0, 6 * 60, 50, 0.02);
        List<Assessment> storm = run(state, source, T0 + 6 * 60 * MINUTE, 8 * 60, 50, 0.3);

        int firstAnomalous = storm.indexOf(storm.stream().filter(Assessment::isAnomalous).findFirst().orElseThrow());
        assertThat(firstAnomalous).as("fires within 5 minutes (16 assessments a minute)").isLessThan(5 * 16);
        Assessment later = storm.get(storm.size() - 1);
        assertThat(later.isAnomalous()).as("baseline frozen: 8 hours on, the storm is still a storm").isTrue();
        assertThat(later.evidence()).containsKeys("ratio", "baseline_ratio", "multiple", "retries_per_s", "requests_per_s");
        assertThat((double) later.evidence().get("baseline_ratio")).isLessThan(0.03);
        assertThat(later.summary()).startsWith("app.retries at ").contains("of app.requests over 5m");
    }

    @Test
    void shouldStaySilentOnLoadSpikesWithProportionalRetries() {
        AnalysisState state = analysis().newState();
        Source source = new Source();
        List<Assessment> seen = run(state, source, T0, 3 * 60, 50, 0.02);
        seen.addAll(run(state, source, T0 + 3 * 60 * MINUTE, 20, 800, 0.02));
        seen.addAll(run(state, source, T0 + 200 * MINUTE, 60, 50, 0.02));
        assertThat(firstAnomaly(seen)).isNull();
    }

    @Test
    void shouldStaySilentAcrossCounterResets() {
        AnalysisState state = analysis().newState();
        Source source = new Source();
        List<Assessment> seen = run(state, source, T0, 3 * 60, 50, 0.02);
        source.restart();
        seen.addAll(run(state, source, T0 + 3 * 60 * MINUTE, 60, 50, 0.02));
        assertThat(firstAnomaly(seen)).isNull();
        assertThat(seen).anyMatch(a -> Boolean.TRUE.equals(a.evidence().get("counter_reset")));
    }

    @Test
    void shouldStaySilentWhenIdleEvenIfEveryRequestRetries() {
        AnalysisState state = analysis().newState();
        Source source = new Source();
        run(state, source, T0, 3 * 60, 50, 0.02);
        List<Assessment> idle = run(state, source, T0 + 3 * 60 * MINUTE, 60, 0.4, 1.0);
        assertThat(firstAnomaly(idle.subList(20 * 4 * 5, idle.size()))).isNull();
    }

    @Test
    void shouldFireAtMinRatioAndNotJustBelowIt() {
        // No retries at all for 3h (baseline 0, so any multiple holds), then exactly 10% or 9.9% of requests retry.
        for (double ratio : new double[] {0.1, 0.099}) {
            AnalysisState state = analysis("min_ratio", 0.1).newState();
            double req = 0;
            double ret = 0;
            Assessment last = null;
            for (long t = T0; t < T0 + 4 * 60 * MINUTE; t += STEP) {
                req += 150;
                ret += t >= T0 + 3 * 60 * MINUTE ? 150 * ratio : 0;
                state.observe(MetricSample.counter(t, "node-1", "app.requests", Map.of(), req));
                last = state.observe(MetricSample.counter(t, "node-1", "app.retries", Map.of(), ret));
            }
            assertThat(last.isAnomalous()).as("ratio %s: %s", ratio, last.evidence()).isEqualTo(ratio == 0.1);
        }
    }

    @Test
    void shouldSayWhenTheBaselineHadNoRetriesInsteadOfQuotingAMultipleOfZero() {
        AnalysisState state = analysis().newState();
        double req = 0;
        double ret = 0;
        Assessment first = null;
        for (long t = T0; t < T0 + 4 * 60 * MINUTE && first == null; t += STEP) {
            req += 150;
            ret += t >= T0 + 3 * 60 * MINUTE ? 75 : 0; // none for 3 h, then half of all requests
            state.observe(MetricSample.counter(t, "node-1", "app.requests", Map.of(), req));
            Assessment a = state.observe(MetricSample.counter(t, "node-1", "app.retries", Map.of(), ret));
            first = a.isAnomalous() ? a : null;
        }
        assertThat(first).as("the storm fires").isNotNull();
        assertThat((double) first.evidence().get("baseline_ratio")).isZero();
        assertThat(first.summary()).startsWith("app.retries at ").endsWith(", where the baseline had none");
    }

    @Test
    void shouldDropLateSamplesAndChangeNothing() {
        AnalysisState state = analysis().newState();
        run(state, new Source(), T0, 60, 50, 0.02);
        byte[] before = StateBytes.of(state);
        long newest = T0 + 60 * MINUTE - STEP;
        Assessment late = state.observe(MetricSample.counter(newest - 2 * MINUTE - 1, "node-1", "app.retries", Map.of(), 1e9));
        assertThat(late.condition()).isEqualTo(Condition.LATE);
        assertThat(StateBytes.of(state)).isEqualTo(before);
    }

    @Test
    void shouldRoundTripItsStateAndBehaveTheSameAfterwards() {
        RateRatioAnalysis a = analysis();
        AnalysisState original = a.newState();
        Source s1 = new Source();
        run(original, s1, T0, 90, 50, 0.02);
        byte[] bytes = StateBytes.of(original);
        AnalysisState copy = StateBytes.read(a, bytes);
        assertThat(StateBytes.of(copy)).isEqualTo(bytes);
        System.out.printf("rate_ratio state with 4 counter series: %d bytes%n", bytes.length);
        for (long t = T0 + 90 * MINUTE; t < T0 + 120 * MINUTE; t += STEP) {
            MetricSample sample = MetricSample.counter(t, "node-1", "app.retries", Map.of(), (t - T0) / 1000.0);
            assertThat(copy.observe(sample)).isEqualTo(original.observe(sample));
        }
    }

    @Test
    void shouldReportBadParametersWithTheirValuesQuoted() {
        MapParameters p = MapParameters.of(Map.of("multiple", 0.5, "baseline", "1m", "numerator", "app.requests"));
        RateRatioAnalysis.create(p);
        assertThat(p.problems()).anyMatch(m -> m.startsWith("multiple:") && m.contains("'0.5'"))
                .anyMatch(m -> m.startsWith("baseline:") && m.contains("'1m'"))
                .anyMatch(m -> m.startsWith("denominator:") && m.contains("'app.requests'"));
    }

    @Test
    void shouldChangeTheStateLayoutWithTheCountersTheBucketTheWindowAndTheLatenessBucketsOnly() {
        String layout = analysis().stateLayout();
        assertThat(layout).isNotEmpty();
        assertThat(analysis("numerator", "app.errors").stateLayout()).isNotEqualTo(layout);
        assertThat(analysis("denominator", "app.calls").stateLayout()).isNotEqualTo(layout);
        assertThat(analysis("bucket", "30s").stateLayout()).isNotEqualTo(layout);
        assertThat(analysis("window", "10m").stateLayout()).isNotEqualTo(layout);
        assertThat(analysis("lateness", "3m").stateLayout()).isNotEqualTo(layout);
        assertThat(analysis("lateness", "90s").stateLayout()).as("still two buckets of lateness").isEqualTo(layout);

        RateRatioAnalysis tuned = analysis("baseline", "12h", "multiple", 5.0, "min_ratio", 0.2, "min_denominator_rate", 3.0,
                "min_history", "2h");
        assertThat(tuned.stateLayout()).isEqualTo(layout);
        AnalysisState state = analysis().newState();
        run(state, new Source(), T0, 60, 50, 0.02);
        byte[] bytes = StateBytes.of(state);
        assertThat(StateBytes.of(StateBytes.read(tuned, bytes))).as("the history survives tuning").isEqualTo(bytes);
    }
}
