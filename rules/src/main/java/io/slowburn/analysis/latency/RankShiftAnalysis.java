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
 * Analysis type {@code rank_shift} (latency_drift): a sustained rise of a gauge such as {@code app.latency.p99}
 * against a frozen reference, tested with a one-sided Mann–Whitney U test (as Kayenta's canary judge does) plus
 * a minimum effect size on the medians. Keyed per series.
 *
 * <p>What it looks at: the mean of each closed {@code bucket}. The {@code recent} buckets are compared with the
 * buckets at the SAME time of day on each of the previous {@code reference / 1d} days, so a daily cycle compares
 * peak with peak and never fires. A single slow minute moves one bucket's mean, which barely moves a rank test
 * and not the median. Buckets leave the recent window into the reference; while a drift is suspected (the test
 * is significant and the effect is at least half of {@code min_effect}) they are NOT learnt: the reference slot
 * keeps the previous day's value, so a slow drift cannot become the new normal.
 *
 * <p>Parameters: {@code bucket} (5m; must divide a day), {@code reference} (24h; whole days, 1d to 7d),
 * {@code recent} (2h; whole buckets, at most a day), {@code alpha} (0.01, one-sided p-value), {@code min_effect}
 * (0.25: recent median at least 25% above the reference median), {@code min_history} (= reference),
 * {@code lateness} (5m). ANOMALOUS when p &le; alpha AND effect &ge; min_effect.
 *
 * <p>Onset (when anomalous): half the {@code recent} window before the shift was first suspected in the current run of
 * suspicion (a median moves once about half the window has shifted): a step is dated to itself, a slow drift errs late.
 *
 * <p>Evidence: {@code p_value}, {@code effect}, {@code recent_median}, {@code reference_median}, {@code alpha},
 * {@code min_effect}, {@code recent_buckets}, {@code reference_buckets}. Memory is 4 bytes per bucket of
 * reference and recent: 1,391 bytes serialized at the defaults, ~8 KiB at a 7-day reference with 5m buckets.
 */
public final class RankShiftAnalysis implements Analysis {

    public static final String TYPE = "rank_shift";
    static final long DAY_MS = 86_400_000L;

    final long bucketMs;
    final long referenceMs;
    final long recentMs;
    final double alpha;
    final double minEffect;
    final long minHistoryMs;
    final long latenessMs;
    final int bucketsPerDay;
    final int referenceDays;
    final int recentBuckets;
    final int fineCapacity;
    private final String stateLayout;

    private RankShiftAnalysis(Duration bucket, Duration reference, Duration recent, double alpha, double minEffect,
                              Duration minHistory, Duration lateness) {
        this.bucketMs = bucket.toMillis();
        this.referenceMs = reference.toMillis();
        this.recentMs = recent.toMillis();
        this.alpha = alpha;
        this.minEffect = minEffect;
        this.minHistoryMs = minHistory.toMillis();
        this.latenessMs = lateness.toMillis();
        this.bucketsPerDay = (int) (DAY_MS / bucketMs);
        this.referenceDays = (int) (referenceMs / DAY_MS);
        this.recentBuckets = (int) (recentMs / bucketMs);
        this.fineCapacity = (int) (-Math.floorDiv(-latenessMs, bucketMs) + 3);
        this.stateLayout = "bucket=" + Durations.format(bucket) + ",recent=" + Durations.format(recent) + ",reference="
                + referenceDays + "d,late_buckets=" + -Math.floorDiv(-latenessMs, bucketMs);
    }

    /** Reads the parameters named in the class comment; problems go to {@link Parameters#problem}. */
    public static RankShiftAnalysis create(Parameters p) {
        Duration day = Duration.ofDays(1);
        Duration bucket = ParameterChecks.positive(p, "bucket", Duration.ofMinutes(5));
        if (!ParameterChecks.multipleOf(p, "bucket", day, bucket, "a day") || bucket.compareTo(Duration.ofMinutes(1)) < 0) {
            if (bucket.compareTo(Duration.ofMinutes(1)) < 0) {
                p.problem("bucket", "must be at least '1m', got '" + Durations.format(bucket) + "'");
            }
            bucket = Duration.ofMinutes(5);
        }
        Duration reference = ParameterChecks.positive(p, "reference", day);
        if (!ParameterChecks.multipleOf(p, "reference", reference, day, "a day") || reference.compareTo(Duration.ofDays(7)) > 0) {
            if (reference.compareTo(Duration.ofDays(7)) > 0) {
                p.problem("reference", "must be at most '7d', got '" + Durations.format(reference) + "'");
            }
            reference = day;
        }
        Duration recent = ParameterChecks.positive(p, "recent", Duration.ofHours(2));
        if (!ParameterChecks.multipleOf(p, "recent", recent, bucket, "bucket") || recent.compareTo(day) > 0
                || recent.toMillis() / bucket.toMillis() < 4) {
            p.problem("recent", "must be 4 buckets to a day, got '" + Durations.format(recent) + "'");
            recent = bucket.multipliedBy(Math.max(4, Duration.ofHours(2).toMillis() / bucket.toMillis()));
        }
        double alpha = ParameterChecks.openRange(p, "alpha", 0.01, 0, 0.5);
        double minEffect = ParameterChecks.atLeast(p, "min_effect", 0.25, 0);
        Duration minHistory = ParameterChecks.nonNegative(p, "min_history", reference);
        Duration lateness = ParameterChecks.nonNegative(p, "lateness", Duration.ofMinutes(5));
        if (lateness.compareTo(recent) > 0) {
            p.problem("lateness", "must not exceed recent '" + Durations.format(recent) + "', got '" + Durations.format(lateness) + "'");
            lateness = Duration.ZERO;
        }
        return new RankShiftAnalysis(bucket, reference, recent, alpha, minEffect, minHistory, lateness);
    }

    @Override
    public Keying keying() {
        return Keying.SERIES;
    }

    @Override
    public AnalysisState newState() {
        return new RankShiftState(this);
    }

    /**
     * bucket: the width of the open ring and of every stored mean, and the unit of the stored bucket index.
     * recent: the length of the recent array ({@code recent / bucket} means written). reference: the days of the
     * reference array ({@code days * buckets per day} means written, read back by time of day). late_buckets: the
     * open ring's capacity is {@code ceil(lateness / bucket) + 3}; lateness counts only through that. alpha and
     * min_effect only judge (the stored test outcome is redone at the next bucket close), as does min_history.
     */
    @Override
    public String stateLayout() {
        return stateLayout;
    }

    @Override
    public AnalysisState readState(DataInput in) throws IOException {
        RankShiftState state = new RankShiftState(this);
        state.readFrom(in);
        return state;
    }
}
