package io.slowburn.analysis.trend;

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
 * Analysis type {@code trend_to_limit}: a series that rises significantly and steadily towards its capacity
 * (heap floor, fds, memory, queue depth, process count). Keyed per series.
 *
 * <p>What it looks at: a <b>ladder</b> of fits. Rung {@code k} keeps the last {@value #POINTS} buckets of width
 * {@code bucket * 2^k} (with {@code floor: true} each bucket's MINIMUM, the post-GC floor of a heap sawtooth; a queue
 * that drains has a floor near 0 and cannot trend; otherwise the bucket mean), so at {@code bucket: 5m} the rungs
 * span 1h, 2h, 4h, ... up to {@code window}. With {@code sawtooth: true} the bucket means are those of the series with a
 * reclaimed cache's sawtooth taken out ({@link SawtoothPayback}); the limit is still measured from the series' own
 * level. At every close of a {@code bucket}-wide bucket each rung is refitted
 * (Mann–Kendall for the significance of a rise, Theil–Sen with Sen's interval for its slope) and
 * {@link TrendCall} picks the rung to believe: a young leak shows on the short rungs hours before a long window's
 * fit, diluted by the flat stretch before it, would show it; a step, a plateau or a daily cycle is refused by the
 * guards described there. It fires when, at the chosen rung's slope, the limit is reached from the current level
 * within {@code horizon} (severity: the rule's) or within {@code warning_horizon} (severity: warning), and that
 * forecast reaches no further than {@code reach} times the rung's span; or at once when {@code saturation} is set
 * and the level climbed past that share of the limit within the last hours (an acute fill, whatever its shape). With
 * {@code min_rise}, a rise that began less than that long ago (its onset on the next longer rung) is not called yet,
 * unless the limit is under an hour away at its pace: a cache warming up bends toward its size within its first hour
 * or so, a leak goes on.
 *
 * <p>Size: about 5 bytes per bucket, {@value #POINTS} buckets a rung: 993 bytes with every bucket filled at
 * {@code bucket: 15m, window: 7d} (see {@code TrendToLimitAnalysisTest}). Cost: a dozen 12-point fits per bucket
 * close, nothing else but ring updates per sample.
 *
 * <p>Parameters: {@code bucket} (15m), {@code window} (3d: the longest rung's span at most), {@code min_history}
 * (2h), {@code floor} (false), {@code sawtooth} (false; only with {@code floor: false}), {@code min_rise} (0s: off),
 * {@code horizon} (24h), {@code warning_horizon} (= horizon: no warning tier),
 * {@code reach} (12), {@code saturation} (off; a share of the limit such as 0.9), {@code confidence} (0.95, two-sided
 * level of Sen's interval), {@code max_p_value} (0.01), {@code limit} (optional; used when samples carry no
 * {@code limit}), {@code lateness} (5m). Without any limit it reports the trend as NORMAL evidence (or
 * INSUFFICIENT_DATA) and never fires: there is nothing to run into.
 *
 * <p>Evidence: {@code slope_per_hour}, {@code slope_upper_per_hour}, {@code p_value}, {@code level},
 * {@code buckets}, {@code window_s} (the span of the rung the call rests on), and when a limit is known
 * {@code limit}; {@code time_to_limit_s} (at the upper end of the slope's interval) and
 * {@code time_to_limit_expected_s} only when finite; when anomalous {@code severity} ({@code critical} within the
 * horizon, {@code warning} within the warning horizon) and {@code saturated} when the saturation check fired.
 */
public final class TrendToLimitAnalysis implements Analysis {

    public static final String TYPE = "trend_to_limit";
    /** Buckets per rung: enough for Mann–Kendall to reach p &lt; 0.001, few enough that a rung stays local. */
    static final int POINTS = 12;
    /** A rung with fewer non-empty buckets than this decides nothing. */
    static final int MIN_POINTS = 9;

    final long bucketMs;
    final long windowMs;
    final long minHistoryMs;
    final boolean floor;
    final boolean sawtooth;
    final long minRiseMs;
    final long horizonMs;
    final long warningHorizonMs;
    final double reach;
    final double saturation;
    final double confidence;
    final double maxPValue;
    final double limit;
    final long latenessMs;
    /** Rungs in the ladder: spans of POINTS * bucket * 2^k up to the window. */
    final int rungs;
    private final String stateLayout;

    private TrendToLimitAnalysis(Duration bucket, Duration window, Duration minHistory, boolean floor, boolean sawtooth,
                                 Duration minRise, Duration horizon,
                                 Duration warningHorizon, double reach, double saturation, double confidence,
                                 double maxPValue, double limit, Duration lateness) {
        this.bucketMs = bucket.toMillis();
        this.windowMs = window.toMillis();
        this.minHistoryMs = minHistory.toMillis();
        this.floor = floor;
        this.sawtooth = sawtooth;
        this.minRiseMs = minRise.toMillis();
        this.horizonMs = horizon.toMillis();
        this.warningHorizonMs = Math.max(horizonMs, warningHorizon.toMillis());
        this.reach = reach;
        this.saturation = saturation;
        this.confidence = confidence;
        this.maxPValue = maxPValue;
        this.limit = limit;
        this.latenessMs = lateness.toMillis();
        int k = 1;
        while ((POINTS * bucketMs << k) <= windowMs) {
            k++;
        }
        this.rungs = k;
        // bucket and window fix the rungs (widths and how many); lateness adds buckets to each ring. The rings keep
        // minima or means, so floor is part of the layout too; sawtooth adds the correction's state and changes what
        // the rings keep. Thresholds, horizons and limit only judge.
        this.stateLayout = "v3,bucket=" + Durations.format(bucket) + ",rungs=" + rungs + ",floor=" + floor
                + ",late_buckets=" + ceilDiv(latenessMs, bucketMs) + (sawtooth ? ",sawtooth" : "");
    }

    /** Reads the parameters named in the class comment; problems go to {@link Parameters#problem}. */
    public static TrendToLimitAnalysis create(Parameters p) {
        Duration bucket = ParameterChecks.positive(p, "bucket", Duration.ofMinutes(15));
        Duration window = ParameterChecks.positive(p, "window", Duration.ofDays(3));
        Duration minHistory = ParameterChecks.nonNegative(p, "min_history", Duration.ofHours(2));
        boolean floor = p.flag("floor", false);
        boolean sawtooth = p.flag("sawtooth", false);
        Duration minRise = ParameterChecks.nonNegative(p, "min_rise", Duration.ZERO);
        if (sawtooth && floor) {
            p.problem("sawtooth", "applies to bucket means only (floor: false)");
            sawtooth = false;
        }
        Duration horizon = ParameterChecks.positive(p, "horizon", Duration.ofHours(24));
        Duration warningHorizon = ParameterChecks.positive(p, "warning_horizon", horizon);
        if (warningHorizon.compareTo(horizon) < 0) {
            p.problem("warning_horizon", "must not be shorter than the horizon '" + Durations.format(horizon) + "', got '"
                    + Durations.format(warningHorizon) + "'");
            warningHorizon = horizon;
        }
        double reach = ParameterChecks.above(p, "reach", 12, 0);
        double saturation = p.number("saturation", Double.NaN);
        if (!Double.isNaN(saturation) && !(saturation > 0 && saturation <= 1)) {
            p.problem("saturation", "must be a share of the limit in (0, 1], got '" + saturation + "'");
            saturation = Double.NaN;
        }
        double confidence = ParameterChecks.openRange(p, "confidence", 0.95, 0, 1);
        double maxP = ParameterChecks.openRange(p, "max_p_value", 0.01, 0, 1);
        double limit = p.number("limit", Double.NaN);
        if (!Double.isNaN(limit) && !(limit > 0)) {
            p.problem("limit", "must be greater than 0, got '" + limit + "'");
            limit = Double.NaN;
        }
        Duration lateness = ParameterChecks.nonNegative(p, "lateness", Duration.ofMinutes(5));
        if (window.compareTo(bucket.multipliedBy(POINTS)) < 0) {
            p.problem("window", "must span at least " + POINTS + " buckets of '" + Durations.format(bucket) + "', got '"
                    + Durations.format(window) + "'");
            window = bucket.multipliedBy(POINTS);
        }
        if (lateness.compareTo(window) > 0) {
            p.problem("lateness", "must not exceed the window '" + Durations.format(window) + "', got '"
                    + Durations.format(lateness) + "'");
            lateness = Duration.ZERO;
        }
        return new TrendToLimitAnalysis(bucket, window, minHistory, floor, sawtooth, minRise, horizon, warningHorizon, reach, saturation,
                confidence, maxP, limit, lateness);
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
