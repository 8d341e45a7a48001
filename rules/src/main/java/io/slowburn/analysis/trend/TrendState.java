package io.slowburn.analysis.trend;

import io.slowburn.analysis.AnalysisState;
import io.slowburn.analysis.Assessment;
import io.slowburn.analysis.Condition;
import io.slowburn.analysis.stats.Medians;
import io.slowburn.analysis.stats.NumberText;
import io.slowburn.analysis.stats.TheilSen;
import io.slowburn.analysis.window.Watermark;
import io.slowburn.model.MetricSample;
import io.slowburn.model.Observation;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongToDoubleFunction;

/**
 * Per-series state of {@link TrendToLimitAnalysis}: the ladder of rungs (each a {@link LevelRing} of
 * {@value TrendToLimitAnalysis#POINTS} buckets, widths doubling), an hourly ring over two days for the day-over-day
 * check and yesterday's pace, the current level, and the last {@link TrendCall} (stored, so reading a state costs no
 * fit).
 */
final class TrendState implements AnalysisState {

    private static final byte VERSION = 4;
    /** Version 3 differs only in its hourly ring: a day and two hours ({@link #HOURS_KEPT} since version 4). */
    private static final byte VERSION_3 = 3;
    private static final int HOURS_KEPT_3 = 26;
    private static final long HOUR = 3_600_000L;
    /** How far back the "seen before" guard looks. */
    private static final int PEAK_HOURS = 24;
    /** Consecutive levels at most this many finest buckets apart make a jump. */
    private static final int JUMP_GAP_BUCKETS = 2;
    /**
     * The hourly ring's length: a day back to the same hour yesterday, a day of stretch before it
     * ({@link #yesterdayPace}), and the hour being filled.
     */
    private static final int HOURS_KEPT = 2 * 24 + 1;
    /**
     * A sawtooth correction that began within this long of a series' first sample is the one a new series learns: a rise
     * that began before it is held until its shape can be read on corrected levels ({@link #youngRiseBends}).
     */
    private static final long FIRST_CORRECTION_MS = 24 * HOUR;
    /** How many of the shortest rungs the floor's bend is looked for on. */
    private static final int BEND_RUNGS = 2;

    private final TrendToLimitAnalysis a;
    private final Watermark clock;
    private final LevelRing[] rungs;
    private final LevelRing hours;
    /** Hourly maximum of the closed {@code bucket} levels: how high the series has been, for the "seen before" guard. */
    private final LevelRing peaks;
    /** Hourly minimum of the same levels: with {@link #peaks}, the hourly swing. */
    private final LevelRing troughs;
    /**
     * Hourly largest rise of the level from one finest bucket to the next: a level step (a deploy, a cache size raised)
     * is one such jump, a leak or a cache warming up never is ({@link TrendCall}'s step guard).
     */
    private final LevelRing jumps;
    /**
     * With {@code sawtooth: true}: each finest bucket's own level (the samples' mean), and the correction that turns it
     * into the level every ring above keeps; null otherwise (the rings take the samples themselves).
     */
    private final LevelRing raw;
    private final SawtoothPayback payback;
    /** The level the rings keep: with {@code sawtooth: true} the corrected one, otherwise {@link #rawLevel}. */
    private double level = Double.NaN;
    /** The newest closed finest bucket's own level: what the limit is measured from. */
    private double rawLevel = Double.NaN;
    private long levelBucket = Long.MIN_VALUE;
    private double sampleLimit = Double.NaN;
    private long judgedThrough = Long.MIN_VALUE;
    private TrendCall call = TrendCall.NONE;
    /** Rebuilt only when the level, the limit or the call changed: most samples return it as is. */
    private Assessment cached;
    /** Each rung's last fit (in full where the call needs it), refitted only when the rung closed a bucket (not stored). */
    private final RungFits fitted;
    /**
     * {@link #hourlySwing}'s last answer and the hour it was for (not stored): it reads only complete hours, so it is
     * the same at every close within an hour unless a level lands in an earlier hour (a bucket straddling the hour).
     */
    private long swingHour = Long.MIN_VALUE;
    private double swing;
    /** {@link #dayOverDayLump}'s last answer and the hour it was for (not stored): it too reads only complete hours. */
    private long lumpHour = Long.MIN_VALUE;
    private double lump;
    /** The hour after the one that ended {@link #dayOverDayLump}'s lump (not stored; with it). */
    private long lumpEnd;
    /** Whether {@link #dayOverDayLump} was measured on day-over-day differences, not on the levels (with it). */
    private boolean lumpAgainstYesterday;
    /**
     * {@link #yesterdayPace}'s answers by span in hours (those whose bit is set in {@link #pacesKnown}), for spans
     * ending at hour {@link #paceLast} (not stored): asked for by several guards of every rung at every close.
     */
    private final double[] paces = new double[25];
    private int pacesKnown;
    private long paceLast = Long.MIN_VALUE;
    /** Where {@link #yesterdayPace} puts the hours it fits. */
    private final double[] paceHours = new double[25];
    private final double[] paceLevels = new double[25];

    TrendState(TrendToLimitAnalysis analysis) {
        this.a = analysis;
        this.clock = new Watermark(analysis.latenessMs);
        this.rungs = new LevelRing[analysis.rungs];
        this.fitted = new RungFits(analysis.rungs);
        LevelRing.Aggregate aggregate = analysis.floor ? LevelRing.Aggregate.MIN : LevelRing.Aggregate.MEAN;
        for (int k = 0; k < rungs.length; k++) {
            long width = analysis.bucketMs << k;
            rungs[k] = new LevelRing(TrendToLimitAnalysis.POINTS + 1 + (int) TrendToLimitAnalysis.ceilDiv(analysis.latenessMs, width),
                    width, aggregate);
        }
        this.hours = new LevelRing(HOURS_KEPT + (int) TrendToLimitAnalysis.ceilDiv(analysis.latenessMs, HOUR), HOUR, aggregate);
        this.peaks = new LevelRing(PEAK_HOURS + 2, HOUR, LevelRing.Aggregate.MAX);
        this.troughs = new LevelRing(PEAK_HOURS + 2, HOUR, LevelRing.Aggregate.MIN);
        this.jumps = new LevelRing(PEAK_HOURS + 2, HOUR, LevelRing.Aggregate.MAX);
        this.raw = analysis.sawtooth ? new LevelRing(rungs[0].capacity(), analysis.bucketMs, aggregate) : null;
        this.payback = analysis.sawtooth ? new SawtoothPayback(analysis.bucketMs) : null;
    }

    @Override
    public Assessment observe(Observation observation) {
        if (!(observation instanceof MetricSample sample) || Double.isNaN(sample.value())) {
            return current(null);
        }
        long ts = sample.ts();
        if (!clock.accept(ts)) {
            return Assessment.late();
        }
        if (sample.limit() != null && sample.limit() > 0 && sample.limit() != sampleLimit) {
            sampleLimit = sample.limit();
            cached = null;
        }
        if (raw != null) {
            raw.add(ts, sample.value());
        } else {
            for (LevelRing rung : rungs) {
                rung.add(ts, sample.value());
            }
            hours.add(ts, sample.value());
            if (Math.floorDiv(ts, HOUR) <= paceLast) {
                paceLast = Long.MIN_VALUE; // a lateness of a day or more: a sample landed in the hours yesterdayPace read
            }
        }
        long closed = Math.floorDiv(clock.settled(), a.bucketMs);
        if (closed > judgedThrough) {
            judgedThrough = closed;
            judge();
        }
        return current(sample.metric());
    }

    /** At each close of a finest bucket: the level, every rung's fit, and the call. */
    private void judge() {
        long settled = clock.settled();
        if (raw != null) {
            closeCorrected();
        } else {
            LevelRing finest = rungs[0];
            for (long i = judgedThrough - 1; i > levelBucket && i >= judgedThrough - finest.capacity(); i--) {
                if (finest.count(i) > 0) {
                    closeLevel(i, finest.value(i));
                    rawLevel = level;
                    break;
                }
            }
        }
        List<RungFit> fits = fitted.ladder(rungs, settled, TrendToLimitAnalysis.POINTS, TrendToLimitAnalysis.MIN_POINTS,
                a.confidence, a.maxPValue);
        long hour = Math.floorDiv(settled, HOUR);
        // The level a floor reached before is one it held: the highest of its hourly lows. A queue burst that drains
        // within the hour passes through its floor's buckets, and a backlog rising under yesterday's bursts is no
        // cycle returning (for any other series, the highest level of the past day).
        LevelRing held = a.floor ? troughs : peaks;
        call = TrendCall.decide(fits, new TrendCall.Context(level, rawLevel, limit(), dayOverDay(), hourlyDayOverDay(),
                spanHours -> held.max(hour - PEAK_HOURS, hour - (long) Math.ceil(spanHours)),
                spanHours -> peaks.max(hour - (long) Math.ceil(spanHours) - TrendCall.PRIOR_HOURS, hour - (long) Math.ceil(spanHours)),
                this::yesterdayPace,
                hourlySwing(hour),
                spanHours -> floorRise(hour, Math.max(1, (long) Math.ceil(spanHours))),
                spanHours -> largestLastingJump(hour, (long) Math.ceil(spanHours)), dayOverDayLump(hour),
                (settled - lumpEnd * HOUR) / (double) HOUR, lumpAgainstYesterday, a.maxPValue,
                a.reach,
                a.horizonMs / (double) HOUR, a.warningHorizonMs / (double) HOUR, a.saturation));
        // Where a cache may be warming up (a heap floor; any series given min_rise), a young rise must also not bend.
        if ((a.floor || a.minRiseMs > 0)
                && call.tier() > 0 && !call.saturated() && youngRiseBends(settled)) {
            call = new TrendCall(0, call.fit(), false);
        }
        // A rise younger than min_rise is not called yet (a cache warming up bends within the hour; a leak goes on),
        // unless the limit is under an hour away at its pace.
        if (a.minRiseMs > 0 && call.tier() > 0 && !call.saturated() && !TrendCall.imminent(call.fit(), rawLevel, limit())
                && riseAge(settled) < a.minRiseMs) {
            call = new TrendCall(0, call.fit(), false);
        }
        cached = null;
    }

    /** The level of finest bucket {@code i}, newer than any before it: the jump from the last level, peaks, troughs. */
    private void closeLevel(long i, double value) {
        // A level change across a gap of more than a bucket or two is not a jump: the series moved unseen. A jump is
        // measured from the highest of the last few levels, so that a return from a dip of a sample or two (a
        // forged one, a pause) is no jump.
        double recent = rungs[0].max(i - JUMP_GAP_BUCKETS - 1, i);
        double before = recent > level ? recent : level;
        if (i - levelBucket <= JUMP_GAP_BUCKETS && value > before) {
            jumps.add(i * a.bucketMs, value - before);
        }
        level = value;
        levelBucket = i;
        peaks.add(i * a.bucketMs, level);
        troughs.add(i * a.bucketMs, level);
        if (Math.floorDiv(i * a.bucketMs, HOUR) < swingHour) {
            swingHour = Long.MIN_VALUE;
        }
        if (Math.floorDiv(i * a.bucketMs, HOUR) < lumpHour) {
            lumpHour = Long.MIN_VALUE;
        }
        if (Math.floorDiv(i * a.bucketMs, HOUR) <= paceLast) {
            paceLast = Long.MIN_VALUE;
        }
    }

    /**
     * With {@code sawtooth: true}: every finest bucket closed since the last, in order, corrected for the sawtooth
     * ({@link SawtoothPayback}, which needs each one) and handed to the rings as their one value for that bucket.
     */
    private void closeCorrected() {
        for (long i = Math.max(levelBucket + 1, judgedThrough - raw.capacity()); i < judgedThrough; i++) {
            if (raw.count(i) == 0) {
                continue;
            }
            double own = raw.value(i);
            double corrected = payback.next(i, own);
            long ts = i * a.bucketMs;
            for (LevelRing rung : rungs) {
                rung.add(ts, corrected);
            }
            hours.add(ts, corrected);
            if (payback.lastReclaim() != Long.MIN_VALUE && i - payback.lastReclaim() <= JUMP_GAP_BUCKETS) {
                // Where the correction is re-read at a reclaim is not a jump of the level, nor is the return of a dip
                // that was taken for a reclaim (a forged sample, a pause): the correction adds back what the dip
                // freed, and the series recovers on top of it.
                level = Double.NaN;
            }
            closeLevel(i, corrected);
            rawLevel = own;
        }
    }

    /**
     * How long the rise the call rests on has gone on: from its onset ({@link RampOnset}) on the next longer rung, whose
     * stretch holds the flat before a young rise; when the rise fills that stretch, its span (a lower bound). When the
     * call's own rung (one of the short rungs a young rise's bend is looked for on) places the onset inside its
     * stretch, earlier than that, its finer buckets say it better: each estimate errs late by up to a bucket, and a
     * call that moves up to a longer rung must not find its rise younger than it was a bucket ago (a twelve-hour leak
     * read as 1.0 hours old on 20-minute buckets at 1.33 hours). A longer rung's stretch may hold what came before
     * the rise (a sawtooth not yet learnt on a new series) and place a knee there.
     */
    private long riseAge(long settled) {
        int k = RampOnset.rungOf(rungs, call.fit());
        LevelRing wider = rungs[k < 0 ? rungs.length - 1 : Math.min(k + 1, rungs.length - 1)];
        long end = Math.floorDiv(settled, wider.width());
        long onset = RampOnset.of(wider, end, TrendToLimitAnalysis.POINTS);
        if (onset == Assessment.NO_ONSET) {
            return Long.MAX_VALUE;
        }
        if (k >= 0 && k <= lastBendRung()) {
            long own = RampOnset.within(rungs[k], Math.floorDiv(settled, rungs[k].width()), TrendToLimitAnalysis.POINTS);
            if (own != Assessment.NO_ONSET && own < onset) {
                onset = own;
            }
        }
        return settled - onset;
    }

    /**
     * Whether the call rests on a young rise that bends down significantly: a cache warming up ({@link FloorBend}).
     * The bend is looked for on the {@value #BEND_RUNGS} shortest rungs spanning an hour or more (an hour and two at
     * {@code bucket: 5m}, 1.6 and 3.2 hours at {@code bucket: 1m}), and only a call on one of them or a shorter rung, or
     * on a longer rung whose rise began within the longest of them, is held: over longer stretches the daily cycle
     * bends a slow leak too, and a warm-up has levelled off by then (the plateau and levelling-off guards see that).
     * With a sawtooth taken out, the bend is read on corrected levels only, and a young rise that began before the
     * correction did is held (its shape cannot be read) until the bend rungs hold corrected levels alone; the levels of
     * a page cache cycle that ended sooner than the learnt pace are read as paid back evenly over it
     * ({@link SawtoothPayback#hindsight}).
     */
    private boolean youngRiseBends(long settled) {
        int first = firstBendRung();
        int last = lastBendRung();
        int k = RampOnset.rungOf(rungs, call.fit());
        // A call on a longer rung rests on a young rise too when the rise began within the stretch of the last rung
        // looked at: a rung's stretch may hold a flat before the rise (a new series, whose first hours the longer
        // rungs still hold), and the rise is as young as it is.
        // With a sawtooth taken out, the levels before the correction began (its third reclaim, on a new series) are
        // the sawtooth itself, which the short rungs' buckets resolve; a rise is no older than the levels it can be
        // read on.
        long since = payback == null ? Long.MIN_VALUE : payback.correctedSince();
        long corrected = since == Long.MIN_VALUE ? Long.MIN_VALUE : since * a.bucketMs;
        // Only the sawtooth a new series learns first: a correction that starts later in a series' life (reclaims back
        // after a day without, or three dips that anyone who can write a record can forge) holds nothing back.
        if (corrected != Long.MIN_VALUE && corrected - clock.first() > FIRST_CORRECTION_MS) {
            corrected = Long.MIN_VALUE;
        }
        long age = riseAge(settled);
        long span = rungs[last].width() * TrendToLimitAnalysis.POINTS;
        if (k < 0 || k > last && (corrected == Long.MIN_VALUE ? age : Math.min(age, settled - corrected)) > span) {
            return false;
        }
        // A rise that began before its levels were corrected cannot show its shape yet: its start and the flat before it
        // are up-strokes and reclaims (seed 7 of the detection suite: a cache began warming up half an hour before the
        // third reclaim; the 1.6-hour rung's bend read -0.5 standard errors with those buckets, -6.3 on the buckets
        // after). It is held until the bend rungs hold only corrected levels.
        if (corrected != Long.MIN_VALUE && corrected > settled - age && settled - corrected <= span) {
            return true;
        }
        // And a rise that began after it is read on the corrected buckets only.
        for (int r = first; r <= last; r++) {
            long from = corrected == Long.MIN_VALUE ? Long.MIN_VALUE : TrendToLimitAnalysis.ceilDiv(corrected, rungs[r].width());
            // With a sawtooth taken out, each page cache cycle that ended short of the learnt pace is read as hindsight
            // pays it back (SawtoothPayback.hindsight): the step its reclaim made is no bend, nor does it hide one.
            long per = rungs[r].width() / a.bucketMs;
            LongToDoubleFunction shift = payback == null ? i -> 0 : i -> payback.hindsight(i * per, (i + 1) * per) / per;
            if (FloorBend.bends(rungs[r], Math.floorDiv(settled, rungs[r].width()), TrendToLimitAnalysis.POINTS, from, shift)) {
                return true;
            }
        }
        return false;
    }

    /** The shortest rung a young rise's bend is looked for on: the first spanning an hour or more. */
    private int firstBendRung() {
        int first = 0;
        while (first < rungs.length - 1 && rungs[first].width() * TrendToLimitAnalysis.POINTS < HOUR) {
            first++;
        }
        return first;
    }

    /** The longest rung a young rise's bend is looked for on ({@value #BEND_RUNGS} from the first). */
    private int lastBendRung() {
        return Math.min(firstBendRung() + BEND_RUNGS, rungs.length) - 1;
    }

    /**
     * How much the lowest bucket level of the last {@code hours} complete hours (and the current one) is above the
     * lowest of the {@code hours} before them; NaN when either stretch has no level or lies beyond the day kept.
     */
    private double floorRise(long hour, long hours) {
        if (2 * hours > PEAK_HOURS) {
            return Double.NaN;
        }
        return troughs.min(hour - hours, hour + 1) - troughs.min(hour - 2 * hours, hour - hours);
    }

    /** The median range of the bucket levels within each complete hour of the past day; NaN with fewer than 3 hours. */
    private double hourlySwing(long hour) {
        if (hour == swingHour) {
            return swing;
        }
        swing = hourlySwingOf(hour);
        swingHour = hour;
        return swing;
    }

    /**
     * How much of the level's rise over the same hour yesterday came in one lump: the largest rise of the hourly
     * day-over-day difference within {@value TrendCall#LUMP_HOURS} hours over the past day, as a share of the last
     * complete hour's. About 1 after a level step or a cache that warmed up within the day (the difference jumped from
     * nothing to all of it); a few hours' share of a day for a leak that rose all day. NaN until a day of hours
     * exists or while the level is not above yesterday's. Read once an hour: it reads only complete hours.
     */
    private double dayOverDayLump(long hour) {
        if (hour != lumpHour) {
            lump = dayOverDayLumpOf(hour - 1);
            lumpHour = hour;
        }
        return lump;
    }

    /**
     * {@link #dayOverDayLump}, computed for complete hour {@code last}. Until the series is two days old the
     * day-over-day differences of the past day do not all exist, and the levels' own rises stand in for them (a lump
     * of {@value TrendCall#LUMP_HOURS} hours then also holds what the daily cycle rose over those hours). Sets
     * {@link #lumpEnd} and {@link #lumpAgainstYesterday}.
     */
    private double dayOverDayLumpOf(long last) {
        double now = hours.value(last) - hours.value(last - 24);
        if (!(now > 0)) {
            return Double.NaN;
        }
        boolean twoDays = !Double.isNaN(hours.value(last - 47));
        lumpAgainstYesterday = twoDays;
        double largest = Double.NaN;
        lumpEnd = last + 1;
        for (long j = last - 23; j <= last; j++) {
            double later = twoDays ? hours.value(j) - hours.value(j - 24) : hours.value(j);
            for (long i = Math.max(last - 23, j - TrendCall.LUMP_HOURS); i < j && !Double.isNaN(later); i++) {
                double rise = later - (twoDays ? hours.value(i) - hours.value(i - 24) : hours.value(i));
                if (!Double.isNaN(rise) && !(rise <= largest)) {
                    largest = rise;
                    lumpEnd = j + 1;
                }
            }
        }
        return largest / now;
    }

    /** {@link #hourlySwing}, computed. */
    private double hourlySwingOf(long hour) {
        double[] ranges = new double[PEAK_HOURS];
        int n = 0;
        for (long h = hour - PEAK_HOURS; h < hour; h++) {
            double hi = peaks.value(h);
            double lo = troughs.value(h);
            if (!Double.isNaN(hi) && !Double.isNaN(lo)) {
                ranges[n++] = hi - lo;
            }
        }
        return n < 3 ? Double.NaN : Medians.of(ranges, n);
    }

    /**
     * The largest jump of the level from one finest bucket to the next within the last {@code spanHours} hours and the
     * current one whose level lasted: the lowest level of the hours since stayed within half the jump of the highest
     * level of the jump's hour. A burst that drains again (a queue, a pause) jumps as high as a level step, and a floor
     * rising under such bursts is not a step. NaN when there is none.
     */
    private double largestLastingJump(long hour, long spanHours) {
        double largest = Double.NaN;
        // From the newest hour back, with the lowest level of the hours after the one looked at.
        double since = Double.NaN;
        for (long h = hour; h >= hour - spanHours; h--) {
            double jump = jumps.value(h);
            if (!Double.isNaN(jump) && !(jump <= largest)
                    && (Double.isNaN(since) || peaks.value(h) - since <= TrendCall.JUMP_SHARE * jump)) {
                largest = jump;
            }
            double trough = troughs.value(h);
            if (!Double.isNaN(trough) && !(trough >= since)) {
                since = trough;
            }
        }
        return largest;
    }

    /**
     * How fast the hourly level rose, per hour, over the same hours yesterday as the last {@code spanHours} (rounded up,
     * at most a day) and the current one today: what a daily cycle did where a rung fits today's rise. NaN when fewer
     * than two of those hours hold a level. The Theil–Sen slope (the median of the pairwise slopes), not least squares:
     * a cache that began warming up or a level that stepped up in the last of yesterday's hours (the series' first
     * day) made those few hours climb a gigabyte, and least squares read the cycle's pace as twice what it was, so that
     * today's rising half no longer looked like yesterday's. The cycle itself rises evenly enough for the median.
     * Remembered per span for the hour they end at (not stored): they read only hours a day old.
     */
    private double yesterdayPace(double spanHours) {
        int n = (int) Math.max(1, Math.min(24, (long) Math.ceil(spanHours)));
        long last = Math.floorDiv(levelBucket * a.bucketMs, HOUR) - 24;
        if (last != paceLast) {
            pacesKnown = 0;
            paceLast = last;
        }
        if ((pacesKnown & 1 << n) == 0) {
            int m = 0;
            for (long h = last - n; h <= last; h++) {
                double v = hours.value(h);
                if (!Double.isNaN(v)) {
                    paceHours[m] = h - last;
                    paceLevels[m++] = v;
                }
            }
            paces[n] = m < 2 ? Double.NaN : TheilSen.slope(paceHours, paceLevels, 0, m);
            pacesKnown |= 1 << n;
        }
        return paces[n];
    }

    /** The current level minus the same hour a day earlier; NaN until that hour exists. */
    private double dayOverDay() {
        return level - hours.value(Math.floorDiv(levelBucket * a.bucketMs, HOUR) - 24);
    }

    /** The mean of the level's last complete hour minus that of the same hour a day earlier; NaN until both exist. */
    private double hourlyDayOverDay() {
        long hour = Math.floorDiv(levelBucket * a.bucketMs, HOUR) - 1;
        return hours.value(hour) - hours.value(hour - 24);
    }

    private double limit() {
        return Double.isNaN(sampleLimit) ? a.limit : sampleLimit;
    }

    private Assessment current(String metric) {
        if (cached == null || cached.condition() == Condition.INSUFFICIENT_DATA) {
            cached = assess(metric == null ? "series" : metric);
        }
        return cached;
    }

    private Assessment assess(String metric) {
        if (clock.history() < a.minHistoryMs) {
            long history = clock.history();
            return Assessment.insufficientData(() -> NumberText.duration(history / 1000.0) + " of history, needs "
                    + NumberText.duration(a.minHistoryMs / 1000.0));
        }
        RungFit fit = call.fit();
        if (fit == null || Double.isNaN(level)) {
            return Assessment.insufficientData(() -> "fewer than " + TrendToLimitAnalysis.MIN_POINTS + " closed buckets of '"
                    + NumberText.duration(a.bucketMs / 1000.0) + "'");
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("slope_per_hour", fit.slopePerHour());
        evidence.put("slope_upper_per_hour", fit.upperPerHour());
        evidence.put("p_value", fit.pIncrease());
        // The series' own level: with the sawtooth taken out the rings keep its middle line, not where the series is.
        evidence.put("level", rawLevel);
        evidence.put("buckets", fit.points());
        evidence.put("window_s", fit.spanHours() * 3600);
        double limit = limit();
        double ttlPessimistic = Double.POSITIVE_INFINITY;
        if (!Double.isNaN(limit)) {
            evidence.put("limit", limit);
            ttlPessimistic = TrendCall.hoursToLimit(rawLevel, limit, fit.upperPerHour()) * 3600;
            double ttlExpected = TrendCall.hoursToLimit(rawLevel, limit, fit.slopePerHour()) * 3600;
            if (Double.isFinite(ttlPessimistic)) {
                evidence.put("time_to_limit_s", ttlPessimistic);
            }
            if (Double.isFinite(ttlExpected)) {
                evidence.put("time_to_limit_expected_s", ttlExpected);
            }
        }
        if (call.tier() == 0) {
            return Assessment.normal(Collections.unmodifiableMap(evidence));
        }
        evidence.put("severity", call.tier() == 2 ? "critical" : "warning");
        String what = metric + (a.floor ? " floor" : "");
        String summary;
        if (call.saturated()) {
            evidence.put("saturated", true);
            summary = what + " at " + NumberText.compact(100 * rawLevel / limit) + "% of its limit " + NumberText.compact(limit)
                    + ", reached within the last hours";
        } else {
            summary = what + " rising " + NumberText.compact(fit.slopePerHour()) + "/h over the last "
                    + NumberText.duration(fit.spanHours() * 3600) + " (p=" + NumberText.compact(fit.pIncrease()) + "); limit "
                    + NumberText.compact(limit) + " reached in ~"
                    + NumberText.duration(TrendCall.hoursToLimit(rawLevel, limit, fit.slopePerHour()) * 3600)
                    + " (~" + NumberText.duration(ttlPessimistic) + " at worst)";
        }
        // Dated from the rings and the call alone, so a state read from bytes dates it as the one that stayed in memory.
        return Assessment.anomalous(Collections.unmodifiableMap(evidence), summary)
                .withOnset(RampOnset.of(call, rungs, clock.settled(), a.saturation * limit));
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(VERSION);
        clock.writeTo(out);
        for (LevelRing rung : rungs) {
            rung.writeTo(out);
        }
        hours.writeTo(out);
        peaks.writeTo(out);
        troughs.writeTo(out);
        jumps.writeTo(out);
        out.writeDouble(level);
        out.writeLong(levelBucket);
        if (raw != null) {
            raw.writeTo(out);
            payback.writeTo(out);
            out.writeDouble(rawLevel);
        }
        out.writeDouble(sampleLimit);
        out.writeLong(judgedThrough);
        // The call is stored, not recomputed, so that reading a state costs no fit.
        out.writeByte(call.tier() | (call.saturated() ? 4 : 0));
        RungFit f = call.fit();
        out.writeBoolean(f != null);
        if (f != null) {
            out.writeFloat((float) f.spanHours());
            out.writeByte(f.points());
            out.writeDouble(f.slopePerHour());
            out.writeDouble(f.lowerPerHour());
            out.writeDouble(f.upperPerHour());
            out.writeDouble(f.pIncrease());
            out.writeBoolean(f.stepLike());
            out.writeFloat((float) f.oldest());
            out.writeDouble(f.olderSlopePerHour());
        }
    }

    void readFrom(DataInput in) throws IOException {
        byte version = in.readByte();
        if (version != VERSION && version != VERSION_3) {
            throw new IOException("unknown trend_to_limit state version '" + version + "'");
        }
        clock.readFrom(in);
        for (LevelRing rung : rungs) {
            rung.readFrom(in);
        }
        // A version 3 state kept a day and two hours: the same hours yesterday fill in over the next day.
        hours.readFrom(in, hours.capacity() - (version == VERSION_3 ? HOURS_KEPT - HOURS_KEPT_3 : 0));
        swingHour = Long.MIN_VALUE;
        lumpHour = Long.MIN_VALUE;
        paceLast = Long.MIN_VALUE;
        peaks.readFrom(in);
        troughs.readFrom(in);
        jumps.readFrom(in);
        level = in.readDouble();
        levelBucket = in.readLong();
        if (raw != null) {
            raw.readFrom(in);
            payback.readFrom(in);
            rawLevel = in.readDouble();
        } else {
            rawLevel = level;
        }
        sampleLimit = in.readDouble();
        judgedThrough = in.readLong();
        int flags = in.readByte();
        RungFit f = null;
        if (in.readBoolean()) {
            f = new RungFit(in.readFloat(), in.readByte(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(),
                    in.readBoolean(), in.readFloat(), in.readDouble());
        }
        call = new TrendCall(flags & 3, f, (flags & 4) != 0);
        cached = null;
    }
}
