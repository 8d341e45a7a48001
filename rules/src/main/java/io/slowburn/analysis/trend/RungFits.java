package io.slowburn.analysis.trend;

import java.util.Arrays;

/**
 * The fit of each rung of a {@link TrendState}'s ladder, computed again only when the rung closed another bucket. A
 * fit reads the rung's buckets in {@code [end - POINTS, end)}, all before the state's settled time: no accepted sample
 * lands there any more ({@link io.slowburn.analysis.window.Watermark#settled()}), and the ring holds them until
 * {@code end} moves on. So a rung whose {@code end} did not move has the fit it had: rung {@code k} is fitted once every
 * {@code 2^k} closes of the finest bucket instead of at every one. Not part of the stored state: a state read from
 * bytes fits every rung afresh, to the same values ({@code RungFitsTest}).
 */
final class RungFits {

    private final long[] ends;
    private final RungFit[] fits;

    RungFits(int rungs) {
        this.ends = new long[rungs];
        this.fits = new RungFit[rungs];
        Arrays.fill(ends, Long.MIN_VALUE);
    }

    /** {@link RungFit#of} of rung {@code k} at {@code end}, remembered until {@code end} moves. */
    RungFit of(int k, LevelRing rung, long end, int buckets, int minPoints, double confidence) {
        if (ends[k] != end) {
            fits[k] = RungFit.of(rung, end, buckets, minPoints, confidence);
            ends[k] = end;
        }
        return fits[k];
    }
}
