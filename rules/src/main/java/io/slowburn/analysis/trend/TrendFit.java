package io.slowburn.analysis.trend;

import io.slowburn.analysis.stats.MannKendall;
import io.slowburn.analysis.stats.TheilSen;
import io.slowburn.analysis.window.BucketRing;
import java.util.Arrays;

/**
 * The trend of a series' bucket values (minima or means) over a window: Mann–Kendall significance of a rise and
 * the Theil–Sen slope with its confidence interval, per hour.
 *
 * @param points number of non-empty buckets fitted
 * @param slopePerHour Theil–Sen slope
 * @param upperPerHour upper end of Sen's confidence interval of the slope
 * @param pIncrease Mann–Kendall one-sided p-value for an increase
 */
record TrendFit(int points, double slopePerHour, double upperPerHour, double pIncrease) {

    static final TrendFit NONE = new TrendFit(0, Double.NaN, Double.NaN, 1.0);

    /** Fits the non-empty buckets of {@code ring} lying entirely in {@code [fromMs, toMs)}. */
    static TrendFit of(BucketRing ring, long fromMs, long toMs, boolean floor, double confidence, int minPoints) {
        long width = ring.width();
        long first = Math.max(ring.oldest(), Math.floorDiv(fromMs + width - 1, width));
        long last = Math.min(ring.newest(), Math.floorDiv(toMs, width) - 1);
        int capacity = (int) Math.max(0, last - first + 1);
        double[] x = new double[capacity];
        double[] y = new double[capacity];
        int n = 0;
        for (long i = first; i <= last; i++) {
            if (ring.count(i) == 0) {
                continue;
            }
            // Hours since the window start, at the bucket's middle.
            x[n] = (ring.startOf(i) + width / 2.0 - fromMs) / 3_600_000.0;
            y[n] = floor ? ring.min(i) : ring.mean(i);
            n++;
        }
        if (n < minPoints) {
            return new TrendFit(n, Double.NaN, Double.NaN, 1.0);
        }
        if (n < capacity) {
            x = Arrays.copyOf(x, n);
            y = Arrays.copyOf(y, n);
        }
        MannKendall.Result mk = MannKendall.test(y);
        TheilSen.Result ts = TheilSen.fit(x, y, confidence);
        return new TrendFit(n, ts.slope(), ts.upper(), mk.pIncrease());
    }

    boolean valid(int minPoints) {
        return points >= minPoints && !Double.isNaN(slopePerHour);
    }
}
