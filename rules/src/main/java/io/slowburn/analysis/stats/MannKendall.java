package io.slowburn.analysis.stats;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The Mann–Kendall trend test: does {@code y} tend to rise (or fall) with its order, whatever the shape of the
 * rise? Rank-based, so a few wild buckets cannot fake a trend. Uses the normal approximation of S with the
 * variance corrected for ties (Kendall 1975, Gilbert 1987 §16.4), with continuity correction.
 */
public final class MannKendall {

    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);
    private static final int TAILS_KEPT = 4096;
    /** {@link #tails} by z. */
    private static final Map<Double, double[]> TAILS = new ConcurrentHashMap<>();

    private MannKendall() {
    }

    /**
     * @param s the statistic: number of increasing pairs minus decreasing pairs
     * @param variance variance of S under "no trend", tie-corrected
     * @param z standardized S with continuity correction
     * @param pIncrease one-sided p-value against "no trend" for an increase
     * @param pTwoSided two-sided p-value
     */
    public record Result(int n, long s, double variance, double z, double pIncrease, double pDecrease, double pTwoSided) {
    }

    /** Tests the values in the order given (oldest first). Needs at least 3 values to say anything. */
    public static Result test(double[] y) {
        int n = y.length;
        long s = 0;
        for (int i = 0; i < n - 1; i++) {
            double yi = y[i];
            for (int j = i + 1; j < n; j++) {
                s += y[j] > yi ? 1 : (y[j] < yi ? -1 : 0);
            }
        }
        double variance = variance(y);
        double z;
        if (variance <= 0) {
            z = 0;
        } else if (s > 0) {
            z = (s - 1) / Math.sqrt(variance);
        } else if (s < 0) {
            z = (s + 1) / Math.sqrt(variance);
        } else {
            z = 0;
        }
        double[] tails = tails(z);
        double pIncrease = tails[0];
        double pDecrease = tails[1];
        // -|z| is -z or z: the tail already computed (an erfc each is what a fit spends most on).
        double pTwoSided = Math.min(1.0, 2 * (z >= 0 ? pIncrease : pDecrease));
        return new Result(n, s, variance, z, pIncrease, pDecrease, pTwoSided);
    }

    /**
     * Both tails of the standard normal at {@code z}, {@code {P(Z <= -z), P(Z <= z)}}: remembered by z, as S and its
     * variance take few values at a ladder's 9 to 12 points and an erfc is most of a trend fit's cost. Bounded: past
     * {@link #TAILS_KEPT} values of z the others are computed each time.
     */
    private static double[] tails(double z) {
        double[] t = TAILS.get(z);
        if (t == null) {
            t = new double[] {STANDARD_NORMAL.cumulativeProbability(-z), STANDARD_NORMAL.cumulativeProbability(z)};
            if (TAILS.size() < TAILS_KEPT) {
                TAILS.put(z, t);
            }
        }
        return t;
    }

    /** Var(S) = [n(n-1)(2n+5) - sum over tie groups t(t-1)(2t+5)] / 18. */
    public static double variance(double[] y) {
        int n = y.length;
        double v = (double) n * (n - 1) * (2.0 * n + 5);
        if (n <= FEW) {
            return (v - tieTerms(y)) / 18.0;
        }
        double[] sorted = y.clone();
        Arrays.sort(sorted);
        int i = 0;
        while (i < n) {
            int j = i + 1;
            while (j < n && sorted[j] == sorted[i]) {
                j++;
            }
            long t = j - i;
            if (t > 1) {
                v -= (double) t * (t - 1) * (2.0 * t + 5);
            }
            i = j;
        }
        return v / 18.0;
    }

    /** Up to this many values, ties are counted pair by pair: cheaper than sorting a copy (a ladder fits 6 to 12). */
    private static final int FEW = 16;

    /**
     * The sum over tie groups of t(t-1)(2t+5), each group counted once at its first member: the groups a sort makes
     * runs of ({@code ==}, so -0.0 with 0.0 and each NaN alone). Whole numbers far below 2^53: exact in any order.
     */
    private static double tieTerms(double[] y) {
        double terms = 0;
        int n = y.length;
        for (int i = 0; i < n; i++) {
            boolean first = true;
            for (int j = 0; j < i; j++) {
                if (y[j] == y[i]) {
                    first = false;
                    break;
                }
            }
            if (!first) {
                continue;
            }
            long t = 1;
            for (int j = i + 1; j < n; j++) {
                if (y[j] == y[i]) {
                    t++;
                }
            }
            if (t > 1) {
                terms += (double) t * (t - 1) * (2.0 * t + 5);
            }
        }
        return terms;
    }

    /** The standard normal quantile, shared with {@link TheilSen}'s interval. */
    static double normalQuantile(double p) {
        return STANDARD_NORMAL.inverseCumulativeProbability(p);
    }
}
