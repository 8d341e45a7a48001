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
        return result(slopes, m, y, confidence);
    }

    /** {@link #fit} of all the points, and the slopes of the older half and of the newer half of them alone. */
    public record Halves(Result all, double older, double newer) {
    }

    /**
     * {@link #fit} of {@code x} and {@code y} with {@link #slope} of {@code [0, n/2)} and of {@code [n - n/2, n)}: the
     * same values bit for bit. The halves' pairwise slopes are among all the points' ones, so the halves are sorted
     * alone and the pairs across them apart, then merged, instead of sorting every slope again (the fit's sort was
     * about a tenth of a backtest).
     */
    public static Halves fitWithHalves(double[] x, double[] y, double confidence) {
        int n = x.length;
        int half = n / 2;
        double[] older = new double[Math.max(0, half * (half - 1) / 2)];
        double[] newer = new double[older.length];
        double[] across = new double[Math.max(0, n * (n - 1) / 2 - 2 * older.length)];
        int mo = 0;
        int mn = 0;
        int ma = 0;
        for (int i = 0; i < n - 1; i++) {
            for (int j = i + 1; j < n; j++) {
                double dx = x[j] - x[i];
                if (dx != 0) {
                    double slope = (y[j] - y[i]) / dx;
                    if (j < half) {
                        older[mo++] = slope;
                    } else if (i >= n - half) {
                        newer[mn++] = slope;
                    } else {
                        across[ma++] = slope;
                    }
                }
            }
        }
        Arrays.sort(older, 0, mo);
        Arrays.sort(newer, 0, mn);
        Arrays.sort(across, 0, ma);
        double olderSlope = mo == 0 ? Double.NaN : rank(older, mo, (mo + 1) / 2.0);
        double newerSlope = mn == 0 ? Double.NaN : rank(newer, mn, (mn + 1) / 2.0);
        int m = mo + mn + ma;
        if (m == 0) {
            return new Halves(new Result(Double.NaN, Double.NaN, Double.NaN, 0), olderSlope, newerSlope);
        }
        double[] halves = new double[mo + mn];
        merge(older, mo, newer, mn, halves);
        double[] slopes = new double[m];
        merge(halves, mo + mn, across, ma, slopes);
        return new Halves(result(slopes, m, y, confidence), olderSlope, newerSlope);
    }

    /** Merges sorted {@code a[0, na)} and {@code b[0, nb)} into {@code into}, in {@link Arrays#sort(double[])}'s order. */
    private static void merge(double[] a, int na, double[] b, int nb, double[] into) {
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < na && j < nb) {
            into[k++] = Double.compare(a[i], b[j]) <= 0 ? a[i++] : b[j++];
        }
        while (i < na) {
            into[k++] = a[i++];
        }
        while (j < nb) {
            into[k++] = b[j++];
        }
    }

    /** The slope and Sen's interval from the m sorted pairwise slopes of the values y. */
    private static Result result(double[] slopes, int m, double[] y, double confidence) {
        double median = rank(slopes, m, (m + 1) / 2.0);
        double c = quantile(confidence) * Math.sqrt(MannKendall.variance(y));
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
}
