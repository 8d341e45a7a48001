package io.slowburn.analysis.stats;

import java.util.Arrays;

/** Median of a small sample (sorts a copy). */
public final class Medians {

    private Medians() {
    }

    public static double of(double[] values, int n) {
        if (n == 0) {
            return Double.NaN;
        }
        double[] copy = Arrays.copyOf(values, n);
        Arrays.sort(copy);
        return n % 2 == 1 ? copy[n / 2] : (copy[n / 2 - 1] + copy[n / 2]) / 2;
    }

    public static double of(double[] values) {
        return of(values, values.length);
    }
}
