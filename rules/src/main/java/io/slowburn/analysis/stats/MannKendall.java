package io.slowburn.analysis.stats;

import java.util.Arrays;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The Mann–Kendall trend test: does {@code y} tend to rise (or fall) with its order, whatever the shape of the
 * rise? Rank-based, so a few wild buckets cannot fake a trend. Uses the normal approximation of S with the
 * variance corrected for ties (Kendall 1975, Gilbert 1987 §16.4), with continuity correction.
 */
public final class MannKendall {

    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);
    /** {@link #tails} kept: at most 2^13 of them, each found within 8 slots of its hash. */
    private static final int TAILS_BITS = 13;
    private static final int TAILS_PROBES = 8;
    private static final Tails[] TAILS = new Tails[1 << TAILS_BITS];

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
        return test(y, y.length);
    }

    /**
     * {@link #test(double[])} of the first n values. S and the tie term of {@link #variance} in one pass over the
     * pairs: a value with c equal values after it adds {@code 6c(c+2)}, and over a tie group of t those add up to its
     * {@code t(t-1)(2t+5)} (ties by {@code ==}, as {@link #variance} counts them). Whole numbers: exact, so the
     * variance is the same double.
     */
    public static Result test(double[] y, int n) {
        long s = 0;
        long ties = 0;
        for (int i = 0; i < n - 1; i++) {
            double yi = y[i];
            int equal = 0;
            for (int j = i + 1; j < n; j++) {
                double yj = y[j];
                // Without branches: on noise each comparison would be a coin toss for the branch predictor.
                s += (yj > yi ? 1 : 0) - (yj < yi ? 1 : 0);
                equal += yj == yi ? 1 : 0;
            }
            ties += 6L * equal * (equal + 2);
        }
        double variance = ((double) n * (n - 1) * (2.0 * n + 5) - ties) / 18.0;
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
        Tails tails = tails(z);
        // -|z| is -z or z: the tail already computed (an erfc each is what a fit spends most on).
        double pTwoSided = Math.min(1.0, 2 * (z >= 0 ? tails.increase() : tails.decrease()));
        return new Result(n, s, variance, z, tails.increase(), tails.decrease(), pTwoSided);
    }

    /** The p-values at z: of an increase {@code P(Z <= -z)}, of a decrease {@code P(Z <= z)}. Immutable: shared safely. */
    private record Tails(double z, double increase, double decrease) {
    }

    /**
     * Both tails at {@code z}: remembered by z, as S and its variance take few values at a ladder's 9 to 12 points
     * and an erfc is most of a trend fit's cost. An open-addressed table of immutable entries found by z's bits: no
     * boxed key, no lock. A z is looked for in the few slots from its hash on and, when not found, put in the first
     * empty one; with none empty it is computed each time. Threads may compute the same z at once, or one may
     * overwrite another's new entry: either way an entry holds what its z gives.
     */
    private static Tails tails(double z) {
        long bits = Double.doubleToRawLongBits(z);
        int slot = (int) ((bits * 0x9E3779B97F4A7C15L) >>> (Long.SIZE - TAILS_BITS));
        for (int probe = 0; probe < TAILS_PROBES; probe++, slot = (slot + 1) & (TAILS.length - 1)) {
            Tails t = TAILS[slot];
            if (t == null) {
                t = new Tails(z, STANDARD_NORMAL.cumulativeProbability(-z), STANDARD_NORMAL.cumulativeProbability(z));
                TAILS[slot] = t;
                return t;
            }
            if (Double.doubleToRawLongBits(t.z()) == bits) {
                return t;
            }
        }
        return new Tails(z, STANDARD_NORMAL.cumulativeProbability(-z), STANDARD_NORMAL.cumulativeProbability(z));
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
