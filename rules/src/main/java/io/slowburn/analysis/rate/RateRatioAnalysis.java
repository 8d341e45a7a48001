package io.slowburn.analysis.rate;

import io.slowburn.analysis.Analysis;
import io.slowburn.analysis.AnalysisState;
import io.slowburn.analysis.Durations;
import io.slowburn.analysis.Keying;
import io.slowburn.analysis.ParameterChecks;
import io.slowburn.analysis.Parameters;
import java.io.DataInput;
import java.io.IOException;
import java.time.Duration;

/**
 * Analysis type {@code rate_ratio} (retry_storm): the ratio of two counters' rates, e.g. retries per request,
 * against the source's own baseline of that ratio. Keyed per SOURCE: one state receives every matching series of
 * a source (both counters, any label sets); the last value of each series is kept in a small bounded map.
 *
 * <p>What it looks at: counter increments (resets handled: a drop is a restart, the new value is the increment)
 * summed into {@code bucket}-wide buckets. The ratio over the last {@code window} is compared with a baseline: a
 * request-weighted, exponentially decayed ratio with time constant {@code baseline}, learnt from closed buckets
 * and FROZEN while the analysis is anomalous so that a storm never becomes the norm. A load spike with retries in
 * proportion leaves the ratio alone; an idle source (denominator below {@code min_denominator_rate}) is NORMAL.
 *
 * <p>Parameters: {@code numerator} (app.retries), {@code denominator} (app.requests), {@code bucket} (1m),
 * {@code window} (5m), {@code baseline} (6h), {@code multiple} (3.0), {@code min_ratio} (0.05),
 * {@code min_denominator_rate} (1.0 per second), {@code min_history} (30m), {@code lateness} (2m).
 * ANOMALOUS when ratio &ge; multiple × baseline AND ratio &ge; min_ratio.
 *
 * <p>Evidence: {@code ratio}, {@code baseline_ratio}, {@code multiple}, {@code retries_per_s},
 * {@code requests_per_s} (numerator and denominator rates, whatever the metric names), {@code counter_reset}
 * (true when this very sample was a reset). Serialized size: 532 bytes with four counter series (~30 bytes each plus label text).
 */
public final class RateRatioAnalysis implements Analysis {

    public static final String TYPE = "rate_ratio";
    /** Series whose last value is remembered per source; beyond it the least recently updated is forgotten. */
    static final int MAX_SERIES = 32;

    final String numerator;
    final String denominator;
    final long bucketMs;
    final long windowMs;
    final long baselineMs;
    final double multiple;
    final double minRatio;
    final double minDenominatorRate;
    final long minHistoryMs;
    final long latenessMs;
    final int windowBuckets;
    final int ringCapacity;
    /** Weight kept by the baseline per closed bucket: exp(-bucket / baseline). */
    final double decay;
    private final String stateLayout;

    private RateRatioAnalysis(String numerator, String denominator, Duration bucket, Duration window, Duration baseline,
                              double multiple, double minRatio, double minDenominatorRate, Duration minHistory,
                              Duration lateness) {
        this.numerator = numerator;
        this.denominator = denominator;
        this.bucketMs = bucket.toMillis();
        this.windowMs = window.toMillis();
        this.baselineMs = baseline.toMillis();
        this.multiple = multiple;
        this.minRatio = minRatio;
        this.minDenominatorRate = minDenominatorRate;
        this.minHistoryMs = minHistory.toMillis();
        this.latenessMs = lateness.toMillis();
        this.windowBuckets = (int) -Math.floorDiv(-windowMs, bucketMs);
        this.ringCapacity = windowBuckets + (int) -Math.floorDiv(-latenessMs, bucketMs) + 2;
        this.decay = Math.exp(-(double) bucketMs / baselineMs);
        this.stateLayout = "numerator=" + numerator + ",denominator=" + denominator + ",bucket=" + Durations.format(bucket)
                + ",window=" + Durations.format(window) + ",late_buckets=" + -Math.floorDiv(-latenessMs, bucketMs);
    }

    /** Reads the parameters named in the class comment; problems go to {@link Parameters#problem}. */
    public static RateRatioAnalysis create(Parameters p) {
        String numerator = p.text("numerator", "app.retries");
        String denominator = p.text("denominator", "app.requests");
        if (numerator.equals(denominator)) {
            p.problem("denominator", "must differ from the numerator '" + numerator + "'");
        }
        Duration bucket = ParameterChecks.positive(p, "bucket", Duration.ofMinutes(1));
        Duration window = ParameterChecks.positive(p, "window", Duration.ofMinutes(5));
        Duration baseline = ParameterChecks.positive(p, "baseline", Duration.ofHours(6));
        double multiple = ParameterChecks.above(p, "multiple", 3.0, 1.0);
        double minRatio = ParameterChecks.atLeast(p, "min_ratio", 0.05, 0);
        double minDenominatorRate = ParameterChecks.atLeast(p, "min_denominator_rate", 1.0, 0);
        Duration minHistory = ParameterChecks.nonNegative(p, "min_history", Duration.ofMinutes(30));
        Duration lateness = ParameterChecks.nonNegative(p, "lateness", Duration.ofMinutes(2));
        if (window.compareTo(bucket) < 0) {
            p.problem("window", "must be at least the bucket '" + Durations.format(bucket) + "', got '" + Durations.format(window) + "'");
            window = bucket;
        }
        if (window.toMillis() / bucket.toMillis() > 1000) {
            p.problem("window", "spans more than 1000 buckets of '" + Durations.format(bucket) + "': '" + Durations.format(window) + "'");
            window = bucket.multipliedBy(1000);
        }
        if (baseline.compareTo(window) <= 0) {
            p.problem("baseline", "must be longer than the window '" + Durations.format(window) + "', got '"
                    + Durations.format(baseline) + "'");
            baseline = window.multipliedBy(72);
        }
        if (lateness.compareTo(window) > 0) {
            p.problem("lateness", "must not exceed the window '" + Durations.format(window) + "', got '"
                    + Durations.format(lateness) + "'");
            lateness = Duration.ZERO;
        }
        return new RateRatioAnalysis(numerator, denominator, bucket, window, baseline, multiple, minRatio, minDenominatorRate,
                minHistory, lateness);
    }

    @Override
    public Keying keying() {
        return Keying.SOURCE;
    }

    @Override
    public AnalysisState newState() {
        return new RateRatioState(this);
    }

    /**
     * numerator, denominator: which counter fills which ring and what the learnt baseline is a ratio of (a state
     * learnt on retries per request says nothing about errors per request). bucket: the rings' width and the unit
     * of the stored baseline position. window and late_buckets: the rings' capacity, the number of buckets written
     * ({@code ceil(window / bucket) + ceil(lateness / bucket) + 2}); lateness counts only through that. The
     * baseline's time constant only weighs buckets still to come (the stored sums keep their ratio), so it stays
     * out, like multiple, min_ratio, min_denominator_rate and min_history, which only judge.
     */
    @Override
    public String stateLayout() {
        return stateLayout;
    }

    @Override
    public AnalysisState readState(DataInput in) throws IOException {
        RateRatioState state = new RateRatioState(this);
        state.readFrom(in);
        return state;
    }
}
