package io.slowburn.analysis.trend;

import io.slowburn.analysis.Analysis;
import io.slowburn.analysis.AnalysisState;
import io.slowburn.analysis.Durations;
import io.slowburn.analysis.Keying;
import io.slowburn.analysis.Parameters;
import io.slowburn.analysis.window.ParameterChecks;
import java.io.DataInput;
import java.io.IOException;
import java.time.Duration;

/**
 * Analysis type {@code trend_to_limit}: a series that rises significantly and steadily towards its capacity
 * (heap floor, fds, memory, queue depth, process count). Keyed per series.
 *
 * <p>What it looks at: per-bucket summaries over {@code window}; with {@code floor: true} the bucket MINIMUM (the
 * post-GC floor of a heap sawtooth; a queue that drains has a floor near 0 and cannot trend), otherwise the
 * bucket mean. When a bucket closes (event time passed its end plus {@code lateness}) it refits: Mann–Kendall
 * for significance of the rise and Theil–Sen for the slope with Sen's confidence interval. It fires when the rise
 * is significant ({@code p <= max_p_value}) AND the pessimistic time to the limit, from the current level at the
 * UPPER confidence bound of the slope, is within {@code horizon}. Between closes, a sample costs a couple of
 * bucket updates.
 *
 * <p>The fit ring starts at {@code bucket} resolution and doubles its bucket width while the history grows, so that
 * the window never needs more than {@value #MAX_FIT_POINTS} fit buckets: at {@code window: 3d, bucket: 15m} the
 * fit runs on 15m buckets for the first ~18h, then 30m, then 1h; at 7d on 2h buckets. The current level always
 * comes from the last closed {@code bucket}-wide bucket. Measured serialized size (a state with every bucket
 * filled, see {@code TrendToLimitAnalysisTest}): 1,432 bytes at the default 3d window (1,507 with
 * samples every 10 s: bucket counts take two varint bytes), 1,723 bytes at 7d.
 *
 * <p>Parameters: {@code bucket} (15m), {@code window} (3d), {@code min_history} (2h), {@code floor} (false),
 * {@code horizon} (24h), {@code confidence} (0.95, two-sided level of Sen's interval), {@code max_p_value} (0.01),
 * {@code limit} (optional; used when samples carry no {@code limit}), {@code lateness} (5m). Without any limit it
 * reports the trend as NORMAL evidence (or INSUFFICIENT_DATA) and never fires: there is nothing to run into.
 *
 * <p>Evidence: {@code slope_per_hour}, {@code slope_upper_per_hour}, {@code p_value}, {@code level},
 * {@code buckets}, and when a limit is known {@code limit}; {@code time_to_limit_s} (pessimistic) and
 * {@code time_to_limit_expected_s} only when finite (a flat or falling series never reaches its limit).
 */
public final class TrendToLimitAnalysis implements Analysis {

    public static final String TYPE = "trend_to_limit";
    /** Fit buckets per window at most: bounds memory and the O(n²) fit. */
    static final int MAX_FIT_POINTS = 96;
    /** Mann–Kendall cannot reach p &lt; 0.01 with fewer points than this. */
    static final int MIN_FIT_POINTS = 6;

    final long bucketMs;
    final long windowMs;
    final long minHistoryMs;
    final boolean floor;
    final long horizonMs;
    final double confidence;
    final double maxPValue;
    final double limit;
    final long latenessMs;
    /** Bucket width of the fit once the history spans the whole window. */
    final long targetFitWidthMs;
    final int fitCapacity;
    final int fineCapacity;
    private final String stateLayout;

    private TrendToLimitAnalysis(Duration bucket, Duration window, Duration minHistory, boolean floor, Duration horizon,
                                 double confidence, double maxPValue, double limit, Duration lateness) {
        this.bucketMs = bucket.toMillis();
        this.windowMs = window.toMillis();
        this.minHistoryMs = minHistory.toMillis();
        this.floor = floor;
        this.horizonMs = horizon.toMillis();
        this.confidence = confidence;
        this.maxPValue = maxPValue;
        this.limit = limit;
        this.latenessMs = lateness.toMillis();
        long width = bucketMs;
        while (ceilDiv(windowMs, width) > MAX_FIT_POINTS) {
            width *= 2;
        }
        this.targetFitWidthMs = width;
        // Room for the window, the bucket still open, and buckets late samples may still land in.
        this.fitCapacity = (int) (ceilDiv(windowMs, width) + 2 + ceilDiv(latenessMs, bucketMs));
        this.fineCapacity = (int) (ceilDiv(latenessMs, bucketMs) + 3);
        // bucket: the width of the fine ring and the unit of the stored level bucket and of the fit ring's first width.
        // window: with bucket, the fit ring's capacity (the number of buckets written) and the width it coarsens to.
        // late_buckets: lateness counts only through the buckets it adds to both rings, so a change of lateness that
        // keeps that number keeps the state. The rings keep count, min, max and sum whatever floor is, and the stored
        // fit is redone at the next close: floor, confidence, max_p_value, horizon, limit and min_history only judge.
        this.stateLayout = "bucket=" + Durations.format(bucket) + ",window=" + Durations.format(window)
                + ",late_buckets=" + ceilDiv(latenessMs, bucketMs);
    }

    /** Reads the parameters named in the class comment; problems go to {@link Parameters#problem}. */
    public static TrendToLimitAnalysis create(Parameters p) {
        Duration bucket = ParameterChecks.positive(p, "bucket", Duration.ofMinutes(15));
        Duration window = ParameterChecks.positive(p, "window", Duration.ofDays(3));
        Duration minHistory = ParameterChecks.nonNegative(p, "min_history", Duration.ofHours(2));
        boolean floor = p.flag("floor", false);
        Duration horizon = ParameterChecks.positive(p, "horizon", Duration.ofHours(24));
        double confidence = ParameterChecks.openRange(p, "confidence", 0.95, 0, 1);
        double maxP = ParameterChecks.openRange(p, "max_p_value", 0.01, 0, 1);
        double limit = p.number("limit", Double.NaN);
        if (!Double.isNaN(limit) && !(limit > 0)) {
            p.problem("limit", "must be greater than 0, got '" + limit + "'");
            limit = Double.NaN;
        }
        Duration lateness = ParameterChecks.nonNegative(p, "lateness", Duration.ofMinutes(5));
        if (window.compareTo(bucket.multipliedBy(MIN_FIT_POINTS)) < 0) {
            p.problem("window", "must span at least " + MIN_FIT_POINTS + " buckets of '" + Durations.format(bucket) + "', got '"
                    + Durations.format(window) + "'");
            window = bucket.multipliedBy(MIN_FIT_POINTS);
        }
        if (lateness.compareTo(window) > 0) {
            p.problem("lateness", "must not exceed the window '" + Durations.format(window) + "', got '"
                    + Durations.format(lateness) + "'");
            lateness = Duration.ZERO;
        }
        return new TrendToLimitAnalysis(bucket, window, minHistory, floor, horizon, confidence, maxP, limit, lateness);
    }

    @Override
    public Keying keying() {
        return Keying.SERIES;
    }

    @Override
    public AnalysisState newState() {
        return new TrendState(this);
    }

    @Override
    public String stateLayout() {
        return stateLayout;
    }

    @Override
    public AnalysisState readState(DataInput in) throws IOException {
        TrendState state = new TrendState(this);
        state.readFrom(in);
        return state;
    }

    static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
