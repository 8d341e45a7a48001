package io.slowburn.analysis.stats;

import java.util.Arrays;

/**
 * Median of a sample: the middle value in {@link Arrays#sort(double[])} order (the mean of the two middle ones for an
 * even count). A small sample is sorted; a large one (a day of baseline buckets, judged at every bucket close) has its
 * middle selected instead, in the same total order ({@link Double#compare}), so the result is the same value.
 */
public final class Medians {

    /** Up to this many values, sorting a copy is as fast as selecting. */
    private static final int SORTED = 32;

    private Medians() {
    }

    public static double of(double[] values, int n) {
        if (n == 0) {
            return Double.NaN;
        }
        double[] copy = Arrays.copyOf(values, n);
        if (n <= SORTED) {
            Arrays.sort(copy);
            return n % 2 == 1 ? copy[n / 2] : (copy[n / 2 - 1] + copy[n / 2]) / 2;
        }
        int k = n / 2;
        select(copy, k);
        if (n % 2 == 1) {
            return copy[k];
        }
        double below = copy[0];
        for (int i = 1; i < k; i++) {
            if (Double.compare(copy[i], below) > 0) {
                below = copy[i];
            }
        }
        return (below + copy[k]) / 2;
    }

    public static double of(double[] values) {
        return of(values, values.length);
    }

    /**
     * Moves the k-th smallest value to index {@code k}, the k smaller ones (in any order) before it and the others
     * after it (quickselect with a three-way partition, so repeated values cost nothing extra).
     */
    private static void select(double[] a, int k) {
        int lo = 0;
        int hi = a.length - 1;
        while (hi > lo) {
            double pivot = middleOf(a[lo], a[lo + (hi - lo) / 2], a[hi]);
            int lt = lo;
            int i = lo;
            int gt = hi;
            while (i <= gt) {
                int c = Double.compare(a[i], pivot);
                if (c < 0) {
                    swap(a, lt++, i++);
                } else if (c > 0) {
                    swap(a, i, gt--);
                } else {
                    i++;
                }
            }
            if (k < lt) {
                hi = lt - 1;
            } else if (k > gt) {
                lo = gt + 1;
            } else {
                return;
            }
        }
    }

    private static double middleOf(double a, double b, double c) {
        if (Double.compare(a, b) > 0) {
            double t = a;
            a = b;
            b = t;
        }
        if (Double.compare(b, c) > 0) {
            b = c;
        }
        return Double.compare(a, b) > 0 ? a : b;
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
