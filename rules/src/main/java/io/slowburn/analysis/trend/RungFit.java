package io.slowburn.analysis.trend;

import io.slowburn.analysis.stats.MannKendall;
import io.slowburn.analysis.stats.TheilSen;
import java.util.Arrays;

/**
 * The trend of one rung of the ladder: its last closed buckets (minima or means) fitted with Mann–Kendall (is there
 * a rise?) and Theil–Sen with Sen's interval (how fast?), plus the question a trend test alone cannot answer: is
 * this a ramp, or one level step between two flat stretches? A step (a deploy, a config change, a cache size raised
 * once) makes Mann–Kendall just as significant as a leak does; it is told apart by which model leaves the smaller
 * sum of absolute residuals: a straight line (Theil–Sen) or two flat levels (the medians either side of the best
 * split). Robust throughout: ranks and medians, so a few wild buckets decide nothing.
 *
 * @param spanHours the rung's span (its width times the buckets fitted)
 * @param points non-empty buckets fitted
 * @param slopePerHour Theil–Sen slope
 * @param lowerPerHour lower end of Sen's interval
 * @param upperPerHour upper end of Sen's interval
 * @param pIncrease Mann–Kendall one-sided p-value of a rise
 * @param stepLike two flat levels explain the buckets better than a line
 * @param oldest the oldest fitted bucket's value (where the rung's stretch started)
 * @param olderSlopePerHour Theil–Sen slope of the older half of the buckets alone (has the rise been going on
 *                          for the whole stretch, or did it only start?)
 * @param newerSlopePerHour Theil–Sen slope of the newer half alone: the pace now (NaN where not known, as in a stored
 *                          call)
 * @param plateau where the rise levels off, when an approach to a plateau explains the buckets clearly better than a
 *                straight rise ({@link ApproachFit}); NaN otherwise or where not known
 */
record RungFit(double spanHours, int points, double slopePerHour, double lowerPerHour, double upperPerHour,
               double pIncrease, boolean stepLike, double oldest, double olderSlopePerHour, double newerSlopePerHour,
               double plateau) {

    /** Only a rise this significant is worth asking whether it levels off. */
    static final double APPROACH_P_VALUE = 0.05;

    /** A fit as stored with a call: what the evidence shows, without the halves' intervals. */
    RungFit(double spanHours, int points, double slopePerHour, double lowerPerHour, double upperPerHour,
            double pIncrease, boolean stepLike, double oldest, double olderSlopePerHour) {
        this(spanHours, points, slopePerHour, lowerPerHour, upperPerHour, pIncrease, stepLike, oldest, olderSlopePerHour,
                Double.NaN, Double.NaN);
    }

    /**
     * Fits the non-empty buckets of {@code ring} with indexes in {@code [end - buckets, end)}, working in
     * {@code scratch}; null below minPoints.
     */
    static RungFit of(LevelRing ring, long end, int buckets, int minPoints, double confidence, FitScratch scratch) {
        int n = points(ring, end, buckets, scratch);
        if (n < minPoints) {
            return null;
        }
        double[] x = scratch.x;
        double[] y = scratch.y;
        double widthHours = ring.width() / 3_600_000.0;
        MannKendall.Result mk = MannKendall.test(y, n);
        // Only the halves' slopes are kept, not their intervals.
        TheilSen.Halves fit = TheilSen.fitWithHalves(x, y, n, mk.variance(), confidence, scratch.slopes);
        TheilSen.Result ts = fit.all();
        boolean step = stepExplainsBetter(x, y, n, ts.slope(), scratch);
        return new RungFit(buckets * widthHours, n, ts.slope(), ts.lower(), ts.upper(), mk.pIncrease(), step, y[0],
                fit.older(), fit.newer(),
                mk.pIncrease() <= APPROACH_P_VALUE ? ApproachFit.plateau(x, y, n) : Double.NaN);
    }

    /**
     * The part of {@link #of} that says whether the rung's rise is significant at all (Mann–Kendall alone): its span,
     * points, p-value and oldest value as {@link #of} gives them, the rest unknown ({@link #trendOnly(double, int,
     * double, double)}). Null below minPoints.
     */
    static RungFit trendOnly(LevelRing ring, long end, int buckets, int minPoints, FitScratch scratch) {
        double[] y = scratch.y;
        int n = ring.nonEmpty(end - buckets, end, scratch.x, y);
        if (n < minPoints) {
            return null;
        }
        return trendOnly(buckets * (ring.width() / 3_600_000.0), n, MannKendall.test(y, n).pIncrease(), y[0]);
    }

    /** A fit of which only the trend test is known: slopes, interval, halves and plateau NaN, not step-like. */
    static RungFit trendOnly(double spanHours, int points, double pIncrease, double oldest) {
        return new RungFit(spanHours, points, Double.NaN, Double.NaN, Double.NaN, pIncrease, false, oldest, Double.NaN,
                Double.NaN, Double.NaN);
    }

    /** The non-empty buckets' positions (hours into the stretch) and values into the scratch's x and y; how many. */
    private static int points(LevelRing ring, long end, int buckets, FitScratch scratch) {
        double[] x = scratch.x;
        int n = ring.nonEmpty(end - buckets, end, x, scratch.y);
        double widthHours = ring.width() / 3_600_000.0;
        for (int i = 0; i < n; i++) {
            x[i] = (x[i] + 0.5) * widthHours;
        }
        return n;
    }

    /** A significant rise that is a ramp, not a step. */
    boolean rising(double maxPValue) {
        return pIncrease <= maxPValue && lowerPerHour > 0 && !stepLike;
    }

    /**
     * True when two flat levels either side of some split leave smaller absolute residuals than the line, for the
     * first n points; works in {@code scratch}.
     */
    static boolean stepExplainsBetter(double[] x, double[] y, int n, double slope, FitScratch scratch) {
        double[] residual = scratch.residual;
        double[] sorted = scratch.sorted;
        for (int i = 0; i < n; i++) {
            residual[i] = y[i] - slope * x[i];
            insert(sorted, i, residual[i]);
        }
        double intercept = middle(sorted, n);
        double line = 0;
        for (int i = 0; i < n; i++) {
            line += Math.abs(residual[i] - intercept);
        }
        double best = Double.POSITIVE_INFINITY;
        // Each flat level needs a few buckets of its own: a split at the very end is just an outlier.
        if (n - 3 >= 3) {
            // The medians either side of every split, from one insertion sort of the prefixes and one of the suffixes
            // (the same values a sorted copy per split gave, at a fraction of the cost).
            double[] prefixMedian = scratch.prefixMedian;
            double[] suffixMedian = scratch.suffixMedian;
            for (int i = 0; i < n - 3; i++) {
                insert(sorted, i, y[i]);
                if (i + 1 >= 3) {
                    prefixMedian[i + 1] = middle(sorted, i + 1);
                }
            }
            for (int i = n - 1, length = 0; i >= 3; i--) {
                insert(sorted, length++, y[i]);
                if (i <= n - 3) {
                    suffixMedian[i] = middle(sorted, length);
                }
            }
            for (int split = 3; split <= n - 3; split++) {
                best = Math.min(best, deviation(y, 0, split, prefixMedian[split]) + deviation(y, split, n, suffixMedian[split]));
            }
        }
        return best < line;
    }

    /** Inserts v into the sorted {@code sorted[0, length)}, in {@link Arrays#sort(double[])}'s order. */
    private static void insert(double[] sorted, int length, double v) {
        int j = length;
        while (j > 0 && Double.compare(sorted[j - 1], v) > 0) {
            sorted[j] = sorted[j - 1];
            j--;
        }
        sorted[j] = v;
    }

    /** The median of sorted values: the middle one, or the mean of the two middle ones. */
    private static double middle(double[] sorted, int n) {
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double deviation(double[] y, int from, int to, double m) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += Math.abs(y[i] - m);
        }
        return sum;
    }
}
