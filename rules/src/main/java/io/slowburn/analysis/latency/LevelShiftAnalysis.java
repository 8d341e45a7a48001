package io.slowburn.analysis.latency;

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
 * Analysis type {@code level_shift}: an acute upward shift of a gauge (p99 latency doubled, an error share jumped)
 * against a robust baseline of its own recent past. Keyed per series. Where {@code rank_shift} needs hours of
 * evidence to call a slow drift, this one calls a step within minutes, and only a big one.
 *
 * <p>What it looks at: the mean of each closed {@code bucket}. The <b>current level</b> is the median of the last
 * {@code recent} closed buckets (one slow minute moves it not at all). The <b>baseline</b> is the median and the
 * median absolute deviation (MAD) of the bucket means over the {@code baseline} before that. It fires when the
 * current level is at least {@code multiple} times the baseline median AND at least {@code min_deviations} robust
 * standard deviations (1.4826 MAD) above it: both a large relative change and one far outside the series' own
 * noise. While a shift is seen, new buckets are NOT learnt into the baseline, so a shift that lasts cannot become
 * the normal it is judged against; after {@code relearn_after} of continuous shift the baseline starts again from
 * the new level (a deploy that made a service slower is news once, not forever).
 *
 * <p>Parameters: {@code bucket} (1m), {@code recent} (3m, whole buckets), {@code baseline} (2h, whole buckets, at
 * most 256 of them), {@code multiple} (2.0), {@code min_deviations} (6), {@code min_history} (1h),
 * {@code relearn_after} (6h), {@code lateness} (1m).
 *
 * <p>Evidence: {@code level}, {@code baseline_median}, {@code baseline_mad}, {@code ratio}, {@code deviations},
 * {@code baseline_buckets}. Memory: 4 bytes per baseline bucket plus a few open buckets: about 550 bytes at the
 * defaults.
 */
public final class LevelShiftAnalysis implements Analysis {

    public static final String TYPE = "level_shift";
    static final int MAX_BASELINE_BUCKETS = 256;

    final long bucketMs;
    final int recentBuckets;
    final int baselineBuckets;
    final double multiple;
    final double minDeviations;
    final long minHistoryMs;
    final long relearnAfterMs;
    final long latenessMs;
    final int openCapacity;
    private final String stateLayout;

    private LevelShiftAnalysis(Duration bucket, int recentBuckets, int baselineBuckets, double multiple, double minDeviations,
                               Duration minHistory, Duration relearnAfter, Duration lateness) {
        this.bucketMs = bucket.toMillis();
        this.recentBuckets = recentBuckets;
        this.baselineBuckets = baselineBuckets;
        this.multiple = multiple;
        this.minDeviations = minDeviations;
        this.minHistoryMs = minHistory.toMillis();
        this.relearnAfterMs = relearnAfter.toMillis();
        this.latenessMs = lateness.toMillis();
        this.openCapacity = recentBuckets + (int) -Math.floorDiv(-latenessMs, bucketMs) + 2;
        this.stateLayout = "bucket=" + Durations.format(bucket) + ",recent=" + recentBuckets + ",baseline=" + baselineBuckets
                + ",late_buckets=" + -Math.floorDiv(-latenessMs, bucketMs);
    }

    /** Reads the parameters named in the class comment; problems go to {@link Parameters#problem}. */
    public static LevelShiftAnalysis create(Parameters p) {
        Duration bucket = ParameterChecks.positive(p, "bucket", Duration.ofMinutes(1));
        if (bucket.compareTo(Duration.ofSeconds(1)) < 0) {
            p.problem("bucket", "must be at least '1s', got '" + Durations.format(bucket) + "'");
            bucket = Duration.ofMinutes(1);
        }
        Duration recent = ParameterChecks.positive(p, "recent", Duration.ofMinutes(3));
        Duration baseline = ParameterChecks.positive(p, "baseline", Duration.ofHours(2));
        int recentBuckets = (int) Math.max(1, recent.toMillis() / bucket.toMillis());
        if (recent.toMillis() % bucket.toMillis() != 0 || recentBuckets > 60) {
            p.problem("recent", "must be 1 to 60 whole buckets of '" + Durations.format(bucket) + "', got '"
                    + Durations.format(recent) + "'");
            recentBuckets = Math.min(recentBuckets, 60);
        }
        long baselineCount = baseline.toMillis() / bucket.toMillis();
        if (baseline.toMillis() % bucket.toMillis() != 0 || baselineCount < 10 || baselineCount > MAX_BASELINE_BUCKETS) {
            p.problem("baseline", "must be 10 to " + MAX_BASELINE_BUCKETS + " whole buckets of '" + Durations.format(bucket)
                    + "', got '" + Durations.format(baseline) + "'");
            baselineCount = Math.max(10, Math.min(MAX_BASELINE_BUCKETS, baselineCount));
        }
        double multiple = ParameterChecks.above(p, "multiple", 2.0, 1.0);
        double minDeviations = ParameterChecks.atLeast(p, "min_deviations", 6, 0);
        Duration minHistory = ParameterChecks.nonNegative(p, "min_history", Duration.ofHours(1));
        Duration relearnAfter = ParameterChecks.positive(p, "relearn_after", Duration.ofHours(6));
        Duration lateness = ParameterChecks.nonNegative(p, "lateness", Duration.ofMinutes(1));
        if (lateness.compareTo(baseline) > 0) {
            p.problem("lateness", "must not exceed the baseline '" + Durations.format(baseline) + "', got '"
                    + Durations.format(lateness) + "'");
            lateness = Duration.ZERO;
        }
        return new LevelShiftAnalysis(bucket, recentBuckets, (int) baselineCount, multiple, minDeviations, minHistory,
                relearnAfter, lateness);
    }

    @Override
    public Keying keying() {
        return Keying.SERIES;
    }

    @Override
    public AnalysisState newState() {
        return new LevelShiftState(this);
    }

    /** bucket, the recent and baseline bucket counts and the lateness buckets fix what is written; the rest judges. */
    @Override
    public String stateLayout() {
        return stateLayout;
    }

    @Override
    public AnalysisState readState(DataInput in) throws IOException {
        LevelShiftState state = new LevelShiftState(this);
        state.readFrom(in);
        return state;
    }
}
