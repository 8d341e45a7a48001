package io.slowburn.analysis.stats;

import java.util.Arrays;

/**
 * The Theil–Sen slope (median of all pairwise slopes) with Sen's (1968) rank-based confidence interval: the
 * interval's ends are the slopes at ranks {@code (N ∓ C)/2} among the N ordered pairwise slopes, with
 * {@code C = z(1-α/2) · sqrt(Var S)} and Var S the (tie-corrected) Mann–Kendall variance. Robust to a third of
 * the points being outliers, and needs no assumption of normal residuals.
 */
public final class TheilSen {

    private TheilSen() {
    }

    /** Slope and its two-sided confidence interval, in units of y per unit of x. */
    public record Result(double slope, double lower, double upper, int pairs) {
    }

    /**
     * @param x positions (e.g. hours), strictly increasing not required but pairs with equal x are skipped
     * @param y values
     * @param confidence two-sided confidence level of the interval, e.g. 0.95
     */
    public static Result fit(double[] x, double[] y, double confidence) {
        int n = x.length;
        double[] slopes = new double[n * (n - 1) / 2];
        int m = 0;
        for (int i = 0; i < n - 1; i++) {
            for (int j = i + 1; j < n; j++) {
                double dx = x[j] - x[i];
                if (dx != 0) {
                    slopes[m++] = (y[j] - y[i]) / dx;
                }
            }
        }
        if (m == 0) {
            return new Result(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        Arrays.sort(slopes, 0, m);
        return result(slopes, m, MannKendall.variance(y), confidence);
    }

    /** {@link #fit} of all the points, and the slopes of the older half and of the newer half of them alone. */
    public record Halves(Result all, double older, double newer) {
    }

    /**
     * {@link #fit} of the first n of {@code x} and {@code y} with {@link #slope} of {@code [0, n/2)} and of
     * {@code [n - n/2, n)}: the same values bit for bit (a NaN as {@link Double#NaN}). The halves' pairwise slopes are
     * among all the points' ones, so the halves are sorted alone and the pairs across them apart, then merged, instead
     * of sorting every slope again (the fit's sort was about a tenth of a backtest). Sorted as {@link #key}s: the
     * merges then choose without a branch, where choosing between slopes of noise was a coin toss for the branch
     * predictor.
     *
     * @param variance {@link MannKendall#variance} of those y (the Mann–Kendall test has it)
     * @param work where the slopes' keys are put and sorted: room for at least {@code n(n-1)} of them
     */
    public static Halves fitWithHalves(double[] x, double[] y, int n, double variance, double confidence, long[] work) {
        int half = n / 2;
        // work: the older half's slopes from 0, the newer half's from halfPairs, the pairs across from 2 halfPairs, all
        // of them sorted from pairs.
        int halfPairs = Math.max(0, half * (half - 1) / 2);
        int pairs = Math.max(0, n * (n - 1) / 2);
        int mo = 0;
        int mn = halfPairs;
        int ma = 2 * halfPairs;
        for (int i = 0; i < n - 1; i++) {
            for (int j = i + 1; j < n; j++) {
                double dx = x[j] - x[i];
                if (dx != 0) {
                    long slope = key((y[j] - y[i]) / dx);
                    if (j < half) {
                        work[mo++] = slope;
                    } else if (i >= n - half) {
                        work[mn++] = slope;
                    } else {
                        work[ma++] = slope;
                    }
                }
            }
        }
        mn -= halfPairs;
        ma -= 2 * halfPairs;
        sort(work, 0, mo);
        sort(work, halfPairs, halfPairs + mn);
        sort(work, 2 * halfPairs, 2 * halfPairs + ma);
        double olderSlope = mo == 0 ? Double.NaN : rank(work, 0, mo, (mo + 1) / 2.0);
        double newerSlope = mn == 0 ? Double.NaN : rank(work, halfPairs, mn, (mn + 1) / 2.0);
        int m = mo + mn + ma;
        if (m == 0) {
            return new Halves(new Result(Double.NaN, Double.NaN, Double.NaN, 0), olderSlope, newerSlope);
        }
        // The halves merged into the end of the sorted run, then the pairs across merged with them from its start: the
        // merge writes no further than it has read.
        merge(work, 0, mo, halfPairs, halfPairs + mn, pairs + ma);
        merge(work, 2 * halfPairs, 2 * halfPairs + ma, pairs + ma, pairs + m, pairs);
        double median = rank(work, pairs, m, (m + 1) / 2.0);
        double c = quantile(confidence) * Math.sqrt(variance);
        // Sen's interval at the ranks result() takes.
        double lower = rank(work, pairs, m, (m - c) / 2.0);
        double upper = rank(work, pairs, m, (m + c) / 2.0 + 1);
        return new Halves(new Result(median, lower, upper, m), olderSlope, newerSlope);
    }

    /**
     * A slope as a long that orders as {@link Double#compare} orders slopes ({@link Arrays#sort(double[])}'s order):
     * its bits, with a negative one's other bits flipped; a NaN as {@link Double#NaN}'s, above all else.
     */
    private static long key(double slope) {
        long bits = Double.doubleToLongBits(slope);
        return bits ^ ((bits >> 63) & Long.MAX_VALUE);
    }

    /** The slope of a {@link #key}. */
    private static double slope(long key) {
        return Double.longBitsToDouble(key ^ ((key >> 63) & Long.MAX_VALUE));
    }

    /**
     * Sorts {@code a[from, to)} by insertion: at a fit's 15 to 36 keys a run, without {@link Arrays#sort(long[])}'s
     * passes that only pay off on longer ones. Equal keys are the same slope, so any sort gives the same sequence.
     */
    private static void sort(long[] a, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            long v = a[i];
            int j = i - 1;
            while (j >= from && a[j] > v) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
    }

    /**
     * Merges the sorted runs {@code a[i, iEnd)} and {@code a[j, jEnd)} into {@code a} from {@code k}. The second run
     * may lie where the merge writes, after {@code k} by at least the first run's length.
     */
    private static void merge(long[] a, int i, int iEnd, int j, int jEnd, int k) {
        while (i < iEnd && j < jEnd) {
            long first = a[i];
            long second = a[j];
            boolean firstNext = first <= second;
            a[k++] = firstNext ? first : second;
            i += firstNext ? 1 : 0;
            j += firstNext ? 0 : 1;
        }
        while (i < iEnd) {
            a[k++] = a[i++];
        }
        while (j < jEnd) {
            a[k++] = a[j++];
        }
    }

    /** The slope and Sen's interval from the m sorted pairwise slopes of values with the Mann–Kendall variance given. */
    private static Result result(double[] slopes, int m, double variance, double confidence) {
        double median = rank(slopes, m, (m + 1) / 2.0);
        double c = quantile(confidence) * Math.sqrt(variance);
        // Ranks are 1-based: lower = slope at rank (N - C)/2, upper = slope at rank (N + C)/2 + 1 (Gilbert 1987).
        double lower = rank(slopes, m, (m - c) / 2.0);
        double upper = rank(slopes, m, (m + c) / 2.0 + 1);
        return new Result(median, lower, upper, m);
    }

    /**
     * The slope of {@link #fit} over {@code x[from, to)} and {@code y[from, to)} alone, without the interval: the same
     * value {@code fit} gives for copies of those ranges (the same slopes in the same order), without the copies and
     * the Mann–Kendall variance an interval needs ({@link #fitWithHalves} gives a fit's halves' slopes with it).
     */
    public static double slope(double[] x, double[] y, int from, int to) {
        int n = to - from;
        double[] slopes = new double[Math.max(0, n * (n - 1) / 2)];
        int m = 0;
        for (int i = from; i < to - 1; i++) {
            for (int j = i + 1; j < to; j++) {
                double dx = x[j] - x[i];
                if (dx != 0) {
                    slopes[m++] = (y[j] - y[i]) / dx;
                }
            }
        }
        if (m == 0) {
            return Double.NaN;
        }
        Arrays.sort(slopes, 0, m);
        return rank(slopes, m, (m + 1) / 2.0);
    }

    /** The last confidence level asked for and its two-sided normal quantile: an inverse erf per fit was a hot spot. */
    private record Quantile(double confidence, double z) {
    }

    private static volatile Quantile lastQuantile = new Quantile(Double.NaN, Double.NaN);

    private static double quantile(double confidence) {
        Quantile q = lastQuantile;
        if (Double.compare(q.confidence(), confidence) != 0) {
            q = new Quantile(confidence, MannKendall.normalQuantile(1 - (1 - confidence) / 2));
            lastQuantile = q;
        }
        return q.z();
    }

    /** The value at a 1-based, possibly fractional rank among the first m sorted values, clamped to the ends. */
    private static double rank(double[] sorted, int m, double rank) {
        double r = Math.max(1, Math.min(m, rank));
        int below = (int) Math.floor(r);
        double frac = r - below;
        if (below >= m) {
            return sorted[m - 1];
        }
        return sorted[below - 1] + frac * (sorted[below] - sorted[below - 1]);
    }

    /** {@link #rank(double[], int, double)} among the m sorted {@link #key}s {@code keys[from, from + m)}. */
    private static double rank(long[] keys, int from, int m, double rank) {
        double r = Math.max(1, Math.min(m, rank));
        int below = (int) Math.floor(r);
        double frac = r - below;
        if (below >= m) {
            return slope(keys[from + m - 1]);
        }
        double at = slope(keys[from + below - 1]);
        return at + frac * (slope(keys[from + below]) - at);
    }
}
