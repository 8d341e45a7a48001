package io.slowburn.analysis.trend;

import io.slowburn.analysis.stats.Medians;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Takes a reclaimed cache's sawtooth out of a level series ({@code sawtooth: true}): host memory that counts the page
 * cache climbs for an hour as the cache fills, then falls by the cache's size within a minute when it is reclaimed. On
 * such a series a leak of a twelfth of the host a day is a slightly steeper up-stroke, which an hour's fit cannot tell
 * from the up-stroke itself, and a cache warming up (benign) hides its bend under the sawtooth for hours.
 *
 * <p>A <b>reclaim</b> is a fall from one bucket to the next of more than {@value #DROP_MOVES} times the series' typical
 * move (a running median of the absolute moves). Once {@value #MIN_DROPS} reclaims fall within a day, each bucket's
 * level is corrected to the middle of the sawtooth: the level, plus what the last reclaim freed that the cache has
 * not filled again since (at the pace reclaims free it over the past day: the median reclaim times their frequency),
 * minus half a median reclaim. A cache that fills and is reclaimed at a steady pace then leaves a flat line; a leak is
 * that line rising at the leak's own pace (a reclaim frees the cache, not the leak); a cache warming up bends toward
 * its size as it would without the sawtooth. The correction is re-read at every reclaim, so an error in the pace never
 * accumulates (a level that steps down is followed within a cycle); it starts at the middle of the sawtooth, where the
 * mean of longer buckets already was, so switching it on is no step.
 *
 * <p>A series without such reclaims is left as it is. A fall larger than {@value #DROP_CAP} median reclaims (an acute
 * fill that ended) is taken as a reclaim of that much: the rest is a real fall. One hostile sample moves the typical
 * move by a twentieth at most and enters the reclaims' median as one of {@value #DROPS_KEPT}; samples forged to look
 * like reclaims speed up the pay-back, which at worst lets the sawtooth show again (the correction never takes off
 * more than half a median reclaim): they give a leak no cover ({@code TrendToLimitAnalysisTest}).
 */
final class SawtoothPayback {

    /** A fall of more than this many typical bucket-to-bucket moves is a reclaim. */
    static final double DROP_MOVES = 10;
    /** The correction starts once this many reclaims fall within a day. */
    static final int MIN_DROPS = 3;
    /** Reclaims remembered (the newest ones within a day count). */
    static final int DROPS_KEPT = 16;
    /** A fall is added back up to this many median reclaims. */
    static final double DROP_CAP = 1.5;
    /**
     * A cycle that ended at most this share sooner than the learnt pace says is an ordinary one ({@link #hindsight}):
     * on 27 hosts of the detection suite (1,496 cycles) the 1st to 99th percentile ran 0.85 to 1.13 times the learnt
     * length, and 15 cycles ended sooner than three quarters of it.
     */
    static final double SHORT_CYCLE = 0.25;
    /** Step of the typical move's running median (multiplicative). */
    private static final double MOVE_STEP = 1.05;
    /** Consecutive levels at most this many buckets apart are a move; across a longer gap the series moved unseen. */
    private static final int MOVE_GAP_BUCKETS = 2;

    private final long dayBuckets;
    private final long[] dropBucket = new long[DROPS_KEPT];
    private final float[] dropSize = new float[DROPS_KEPT];
    private int drops;
    private double typicalMove = Double.NaN;
    private double previous = Double.NaN;
    private long previousBucket = Long.MIN_VALUE;
    /** What the last reclaim freed (capped), and its bucket. */
    private double freed;
    private long freedAt = Long.MIN_VALUE;
    /** The pace at the last bucket passed to {@link #next}, from the reclaims kept (not stored: derived from them). */
    private double freedPerBucket;
    private double medianReclaim = Double.NaN;
    /** Scratch for the median (not stored). */
    private final double[] sizes = new double[DROPS_KEPT];

    SawtoothPayback(long bucketMs) {
        this.dayBuckets = Math.max(1, 24 * 3_600_000L / bucketMs);
    }

    /** The corrected level of closed bucket {@code bucket} (buckets in increasing order) whose level is {@code raw}. */
    double next(long bucket, double raw) {
        double fall = 0;
        if (previousBucket != Long.MIN_VALUE) {
            double move = raw - previous;
            if (bucket - previousBucket <= MOVE_GAP_BUCKETS) {
                if (!Double.isNaN(typicalMove) && move < -DROP_MOVES * typicalMove) {
                    fall = -move;
                    remember(bucket, fall);
                } else {
                    learnMove(Math.abs(move));
                }
            }
        }
        previous = raw;
        previousBucket = bucket;
        pace(bucket + 1);
        if (fall > 0 && !Double.isNaN(medianReclaim)) {
            freed = Math.min(fall, DROP_CAP * medianReclaim);
            freedAt = bucket;
        }
        if (freedAt == Long.MIN_VALUE || Double.isNaN(medianReclaim)) {
            return raw;
        }
        // The top of the sawtooth, less half a reclaim: the middle of the sawtooth, where its mean was before the
        // correction began (long buckets average a sawtooth to its middle; the switch must not read as a step).
        return raw + Math.max(0, freed - freedPerBucket * (bucket - freedAt)) - medianReclaim / 2;
    }

    /**
     * The first bucket of the stretch, through the last one passed to {@link #next}, whose levels were corrected: the
     * reclaim that (re)started the correction ({@value #MIN_DROPS} reclaims within a day). Levels before it are the
     * sawtooth itself, which buckets shorter than its cycle resolve. {@code Long.MIN_VALUE} when the correction is off
     * (the levels are all the series' own) or began before the reclaims kept.
     */
    long correctedSince() {
        if (freedAt == Long.MIN_VALUE || Double.isNaN(medianReclaim)) {
            return Long.MIN_VALUE;
        }
        int i = drops - 1;
        long since = freedAt;
        while (i >= MIN_DROPS - 1 && dropBucket[i] - dropBucket[i - MIN_DROPS + 1] < dayBuckets) {
            since = dropBucket[i];
            i--;
        }
        // With every kept reclaim in the run the correction may have been on before the oldest of them.
        return i < MIN_DROPS - 1 && drops == DROPS_KEPT ? Long.MIN_VALUE : since;
    }

    /**
     * What hindsight adds to the corrected levels of finest buckets {@code [from, to)}, summed over them. The correction
     * pays back what a reclaim freed at the pace learnt over the day; a page cache cycle that fills again sooner than
     * that (the cycle-to-cycle difference of an ordinary cache, a few minutes) ends with part of it not paid back yet,
     * so its corrected levels climb by that part over the cycle and fall back by it at the next reclaim: a step where
     * the series has none, which hides a bend or makes one. Once that reclaim has come, the cycle is read as paid back
     * evenly from reclaim to reclaim: each bucket {@code freed * (1 - age / cycle)} instead of the correction's
     * {@code max(0, freed - pace * age)}, which takes the step out and leaves the cycle's levels where the reclaims
     * pinned them. Only a cycle that ended, short of the learnt one by at most {@value #SHORT_CYCLE} of it, and whose
     * reclaim the correction added back: a dip that is no reclaim ends a cycle sooner than that, and nothing is known
     * of the cycle under way. A cycle longer than the pace leaves no step (the level, paid back, rises with the cache to
     * where its reclaim pins it) and is read as it is, as the one under way must be. Each bucket with the pace the
     * correction had then (from the reclaims kept); 0 without a correction.
     */
    double hindsight(long from, long to) {
        double sum = 0;
        for (int k = 0; k + 1 < drops; k++) {
            long start = dropBucket[k];
            long end = dropBucket[k + 1];
            if (end <= from) {
                continue;
            }
            if (start >= to) {
                break;
            }
            pace(start + 1);
            if (Double.isNaN(medianReclaim) || !(freedPerBucket > 0)) {
                continue;
            }
            double freedThen = Math.min(dropSize[k], DROP_CAP * medianReclaim);
            double cycle = end - start;
            double learnt = freedThen / freedPerBucket;
            if (cycle >= learnt || cycle < (1 - SHORT_CYCLE) * learnt) {
                continue;
            }
            for (long i = Math.max(start, from); i < Math.min(end, to); i++) {
                pace(i + 1);
                sum += freedThen * (1 - (i - start) / cycle) - Math.max(0, freedThen - freedPerBucket * (i - start));
            }
        }
        // The pace and the median are next()'s: leave them as it left them.
        pace(previousBucket + 1);
        return sum;
    }

    /** The bucket of the last reclaim the correction added back; {@code Long.MIN_VALUE} before any. */
    long lastReclaim() {
        return freedAt;
    }

    /** The running median of the absolute moves, moved by a twentieth per move so no sample can swing it. */
    private void learnMove(double move) {
        if (Double.isNaN(typicalMove) || typicalMove <= 0) {
            typicalMove = move;
        } else {
            typicalMove = move > typicalMove ? typicalMove * MOVE_STEP : typicalMove / MOVE_STEP;
        }
    }

    private void remember(long bucket, double size) {
        if (drops == DROPS_KEPT) {
            System.arraycopy(dropBucket, 1, dropBucket, 0, DROPS_KEPT - 1);
            System.arraycopy(dropSize, 1, dropSize, 0, DROPS_KEPT - 1);
            drops--;
        }
        dropBucket[drops] = bucket;
        dropSize[drops] = (float) size;
        drops++;
    }

    /**
     * What reclaims free per bucket ({@link #freedPerBucket}) and the median reclaim ({@link #medianReclaim}), from those
     * of the day before {@code bucket}: 0 and NaN with fewer than {@value #MIN_DROPS} of them. Reclaims kept from
     * {@code bucket} on do not count ({@link #hindsight} reads the pace as it was at earlier buckets).
     */
    private void pace(long bucket) {
        int last = drops;
        while (last > 0 && dropBucket[last - 1] >= bucket) {
            last--;
        }
        int first = last;
        while (first > 0 && dropBucket[first - 1] >= bucket - dayBuckets) {
            first--;
        }
        int n = last - first;
        if (n < MIN_DROPS) {
            freedPerBucket = 0;
            medianReclaim = Double.NaN;
            return;
        }
        for (int i = 0; i < n; i++) {
            sizes[i] = dropSize[first + i];
        }
        medianReclaim = Medians.of(sizes, n);
        freedPerBucket = medianReclaim * (n - 1) / (dropBucket[last - 1] - dropBucket[first]);
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeDouble(typicalMove);
        out.writeDouble(previous);
        out.writeLong(previousBucket);
        out.writeDouble(freed);
        out.writeLong(freedAt);
        // Was "the last bucket a reclaim", read by nothing now: written as it was, so that the state's bytes stay.
        out.writeBoolean(freedAt == previousBucket);
        out.writeByte(drops);
        for (int i = 0; i < drops; i++) {
            out.writeLong(dropBucket[i]);
            out.writeFloat(dropSize[i]);
        }
    }

    void readFrom(DataInput in) throws IOException {
        typicalMove = in.readDouble();
        previous = in.readDouble();
        previousBucket = in.readLong();
        freed = in.readDouble();
        freedAt = in.readLong();
        in.readBoolean();
        drops = in.readByte();
        if (drops < 0 || drops > DROPS_KEPT) {
            throw new IOException("trend_to_limit state: " + drops + " reclaims kept, at most " + DROPS_KEPT);
        }
        for (int i = 0; i < drops; i++) {
            dropBucket[i] = in.readLong();
            dropSize[i] = in.readFloat();
        }
    }
}
