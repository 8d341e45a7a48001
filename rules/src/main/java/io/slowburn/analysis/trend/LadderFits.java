package io.slowburn.analysis.trend;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The ladder of fits that {@link TrendCall#decide} is given, with a rung fitted in full (Theil–Sen and its interval,
 * the halves, the step test, the plateau) only where the call can read more of it than its trend test: most bucket
 * closes find no significant rise on most rungs, and their Theil–Sen sorts were most of a backtest's analysis time.
 *
 * <p>What the call reads of rung {@code k}: every rung's span and oldest value (the saturation check); the p-value
 * first of all, as no guard looks further at a rung that is not significant ({@link RungFit#rising}, the plateau check
 * of {@link TrendCall#levellingOff}); the rest of a significant rung; the upper ends and slopes of the rungs below a
 * rising one ({@code flattened}, {@code steadyForDays}); and all of the longest rung, which the call rests on when
 * none passes. So a rung is fitted in full when it is the longest, significant, or below a rising rung, and
 * otherwise gets {@link RungFit#trendOnly}. {@code LadderFitsTest} holds the call on such a ladder to the call on
 * full fits, on random ladders and contexts.
 */
final class LadderFits {

    private LadderFits() {
    }

    /**
     * @param rungs the ladder's length
     * @param trendOnly rung {@code k}'s {@link RungFit#trendOnly} part, or null when it has too few points
     * @param full rung {@code k}'s full fit, asked only where {@code trendOnly} was not null
     */
    static List<RungFit> of(int rungs, IntFunction<RungFit> trendOnly, IntFunction<RungFit> full, double maxPValue) {
        List<RungFit> fits = new ArrayList<>(rungs);
        int longest = -1;
        for (int k = 0; k < rungs; k++) {
            RungFit f = trendOnly.apply(k);
            fits.add(f);
            if (f != null) {
                longest = k;
            }
        }
        if (longest < 0) {
            return fits;
        }
        fits.set(longest, full.apply(longest));
        // From the longest rung down: the first rising one needs every rung below it in full.
        for (int k = rungs - 1; k >= 0; k--) {
            RungFit f = fits.get(k);
            if (f == null || !(f.pIncrease() <= maxPValue)) {
                continue;
            }
            f = full.apply(k);
            fits.set(k, f);
            if (f.rising(maxPValue)) {
                for (int j = 0; j < k; j++) {
                    if (fits.get(j) != null) {
                        fits.set(j, full.apply(j));
                    }
                }
                break;
            }
        }
        return fits;
    }
}
