package io.slowburn.analysis.trend;

import java.util.Arrays;
import java.util.List;

/**
 * The fit of each rung of a {@link TrendState}'s ladder, computed again only when the rung closed another bucket. A
 * fit reads the rung's buckets in {@code [end - POINTS, end)}, all before the state's settled time: no accepted sample
 * lands there any more ({@link io.slowburn.analysis.window.Watermark#settled()}), and the ring holds them until
 * {@code end} moves on. So a rung whose {@code end} did not move has the fit it had: rung {@code k} is fitted once every
 * {@code 2^k} closes of the finest bucket instead of at every one. For the same reason a rung's trend test alone
 * ({@link RungFit#trendOnly}) can be completed to the full fit at a later close, while {@code end} has not moved, when
 * {@link LadderFits} asks for it. Not part of the stored state: a state read from bytes fits every rung afresh, to the
 * same values ({@code RungFitsTest}).
 */
final class RungFits {

    private final long[] ends;
    private final RungFit[] fits;
    /** What {@code fits[k]} holds at {@code ends[k]}: nothing yet, the trend test alone, or the full fit (or null, either way). */
    private final byte[] known;
    private static final byte NOTHING = 0;
    private static final byte TREND = 1;
    private static final byte FULL = 2;
    /**
     * What the fits work in: one per thread, shared by every state the thread fits (one fit at a time, none holding
     * anything of it after), not one per state: a backtest keeps every series' state in memory, and 1.7 KB each of
     * scratch would be most of a trend state's heap.
     */
    private static final ThreadLocal<FitScratch> SCRATCH = new ThreadLocal<>();

    /** This thread's scratch, grown to {@code buckets} where it was smaller. */
    private static FitScratch scratch(int buckets) {
        FitScratch scratch = SCRATCH.get();
        if (scratch == null || !scratch.fits(buckets)) {
            scratch = new FitScratch(buckets);
            SCRATCH.set(scratch);
        }
        return scratch;
    }

    RungFits(int rungs) {
        this.ends = new long[rungs];
        this.fits = new RungFit[rungs];
        this.known = new byte[rungs];
        Arrays.fill(ends, Long.MIN_VALUE);
    }

    /**
     * Every rung's fit at the settled time {@code settled}, in full only where the call needs it ({@link LadderFits}),
     * each remembered until its rung's {@code end} moves.
     */
    List<RungFit> ladder(LevelRing[] rungs, long settled, int buckets, int minPoints, double confidence, double maxPValue) {
        for (int k = 0; k < rungs.length; k++) {
            long end = Math.floorDiv(settled, rungs[k].width());
            if (ends[k] != end) {
                fits[k] = null;
                known[k] = NOTHING;
                ends[k] = end;
            }
        }
        FitScratch scratch = scratch(buckets);
        return LadderFits.of(rungs.length, k -> {
            if (known[k] == NOTHING) {
                fits[k] = RungFit.trendOnly(rungs[k], ends[k], buckets, minPoints, scratch);
                known[k] = TREND;
            }
            return fits[k];
        }, k -> {
            if (known[k] != FULL) {
                fits[k] = RungFit.of(rungs[k], ends[k], buckets, minPoints, confidence, scratch);
                known[k] = FULL;
            }
            return fits[k];
        }, maxPValue);
    }
}
