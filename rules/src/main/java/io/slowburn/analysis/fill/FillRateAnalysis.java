package io.slowburn.analysis.fill;

import io.slowburn.analysis.Analysis;
import io.slowburn.analysis.AnalysisState;
import io.slowburn.analysis.Durations;
import io.slowburn.analysis.Keying;
import io.slowburn.analysis.Parameters;
import io.slowburn.analysis.ParameterChecks;
import java.io.DataInput;
import java.io.IOException;
import java.time.Duration;

/**
 * Analysis type {@code fill_rate}: a gauge filling its limit now, at a pace that reaches the limit within
 * {@code horizon} (an hour), far faster than the series usually rises. Keyed per series. Where {@code trend_to_limit}
 * needs a rung of buckets mostly on the rise before its fit is significant, this one asks only how fast the level
 * climbs over the last few minutes: a memory bomb or a {@code memory.pressure} experiment is called about five minutes
 * after it starts, whatever the host did before.
 *
 * <p>What it looks at: the mean of each closed {@code bucket} and the <b>rise</b> of each bucket over the one before.
 * The <b>pace</b> is the rise that more than half of the last {@code recent} buckets' rises reach (their median; the
 * lower middle one for an even count): a jump (a level step after a deploy, even one spread over up to half the
 * buckets) or a drop (a page cache reclaimed) among them moves it not at all, so only a climb that goes on minute
 * after minute has a pace. The <b>usual rise</b> is the median and MAD of the rises over the {@code baseline} before them. It fires
 * when all of these hold:
 * <ul>
 *   <li>the limit (the samples' {@code limit}, else the {@code limit} parameter) is reached within {@code horizon} at
 *       the pace, from the newest bucket's level (a level at or past the limit that still rises counts);</li>
 *   <li>the pace stands at least {@code min_deviations} standard errors above the usual rise (the robust standard
 *       deviation of one rise, 1.4826 MAD, over the square root of the rises the pace rests on): a noisy series' chance
 *       run of rises is not a fill.</li>
 * </ul>
 * A cache warming up, a page cache growing between reclaims, a daily cycle rise too slowly for the limit to be an hour
 * away; a step is one rise, not a pace. While the series fills, its rises are not learnt into the baseline, so the
 * fill cannot become the usual rise it is judged against.
 *
 * <p>Parameters: {@code bucket} (1m), {@code recent} (6m, 2 to 60 whole buckets), {@code baseline} (2h, 10 to 256 whole
 * buckets), {@code horizon} (1h), {@code min_deviations} (4), {@code min_history} (2h), {@code limit} (optional; used
 * when samples carry no {@code limit}; without any limit it never fires), {@code lateness} (1m).
 *
 * <p>Evidence: {@code level}, {@code pace_per_hour}, {@code usual_rise_per_hour}, {@code deviations},
 * {@code baseline_buckets}, and when a limit is known {@code limit} and, when it is finite, {@code time_to_limit_s}.
 * Memory: 4 bytes per baseline bucket plus a few open buckets: 740 bytes serialized at the defaults.
 */
public final class FillRateAnalysis implements Analysis {

    public static final String TYPE = "fill_rate";
    static final int MAX_RECENT_BUCKETS = 60;
    static final int MAX_BASELINE_BUCKETS = 256;

    final long bucketMs;
    final int recentBuckets;
    final int baselineBuckets;
    final long horizonMs;
    final double minDeviations;
    final long minHistoryMs;
    final double limit;
    final long latenessMs;
    /** Closed buckets the recent rises need (one more than the rises), the buckets lateness keeps open, and slack. */
    final int openCapacity;
    private final String stateLayout;

    private FillRateAnalysis(Duration bucket, int recentBuckets, int baselineBuckets, Duration horizon, double minDeviations,
                             Duration minHistory, double limit, Duration lateness) {
        this.bucketMs = bucket.toMillis();
        this.recentBuckets = recentBuckets;
        this.baselineBuckets = baselineBuckets;
        this.horizonMs = horizon.toMillis();
        this.minDeviations = minDeviations;
        this.minHistoryMs = minHistory.toMillis();
        this.limit = limit;
        this.latenessMs = lateness.toMillis();
        long lateBuckets = -Math.floorDiv(-latenessMs, bucketMs);
        this.openCapacity = recentBuckets + 2 + (int) lateBuckets + 2;
        this.stateLayout = "bucket=" + Durations.format(bucket) + ",recent=" + recentBuckets + ",baseline=" + baselineBuckets
                + ",late_buckets=" + lateBuckets;
    }

    /** Reads the parameters named in the class comment; problems go to {@link Parameters#problem}. */
    public static FillRateAnalysis create(Parameters p) {
        Duration bucket = ParameterChecks.positive(p, "bucket", Duration.ofMinutes(1));
        Duration recent = ParameterChecks.positive(p, "recent", Duration.ofMinutes(6));
        Duration baseline = ParameterChecks.positive(p, "baseline", Duration.ofHours(2));
        long recentCount = recent.toMillis() / bucket.toMillis();
        if (recent.toMillis() % bucket.toMillis() != 0 || recentCount < 2 || recentCount > MAX_RECENT_BUCKETS) {
            p.problem("recent", "must be 2 to " + MAX_RECENT_BUCKETS + " whole buckets of '" + Durations.format(bucket)
                    + "', got '" + Durations.format(recent) + "'");
            recentCount = Math.max(2, Math.min(MAX_RECENT_BUCKETS, recentCount));
        }
        long baselineCount = baseline.toMillis() / bucket.toMillis();
        if (baseline.toMillis() % bucket.toMillis() != 0 || baselineCount < 10 || baselineCount > MAX_BASELINE_BUCKETS) {
            p.problem("baseline", "must be 10 to " + MAX_BASELINE_BUCKETS + " whole buckets of '" + Durations.format(bucket)
                    + "', got '" + Durations.format(baseline) + "'");
            baselineCount = Math.max(10, Math.min(MAX_BASELINE_BUCKETS, baselineCount));
        }
        Duration horizon = ParameterChecks.positive(p, "horizon", Duration.ofHours(1));
        double minDeviations = ParameterChecks.atLeast(p, "min_deviations", 4, 0);
        Duration minHistory = ParameterChecks.nonNegative(p, "min_history", Duration.ofHours(2));
        double limit = p.number("limit", Double.NaN);
        if (!Double.isNaN(limit) && !(limit > 0 && limit < Double.POSITIVE_INFINITY)) {
            p.problem("limit", "must be greater than 0, got '" + limit + "'");
            limit = Double.NaN;
        }
        Duration lateness = ParameterChecks.nonNegative(p, "lateness", Duration.ofMinutes(1));
        if (lateness.compareTo(baseline) > 0) {
            p.problem("lateness", "must not exceed the baseline '" + Durations.format(baseline) + "', got '"
                    + Durations.format(lateness) + "'");
            lateness = Duration.ZERO;
        }
        return new FillRateAnalysis(bucket, (int) recentCount, (int) baselineCount, horizon, minDeviations, minHistory, limit,
                lateness);
    }

    @Override
    public Keying keying() {
        return Keying.SERIES;
    }

    @Override
    public AnalysisState newState() {
        return new FillRateState(this);
    }

    /** bucket, the recent and baseline bucket counts and the lateness buckets fix what is written; the rest judges. */
    @Override
    public String stateLayout() {
        return stateLayout;
    }

    @Override
    public AnalysisState readState(DataInput in) throws IOException {
        FillRateState state = new FillRateState(this);
        state.readFrom(in);
        return state;
    }
}
