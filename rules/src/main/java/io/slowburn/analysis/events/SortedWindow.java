package io.slowburn.analysis.events;

import java.util.Arrays;

/**
 * The values of a sliding window of buckets kept sorted as buckets enter, leave or change, for the window's median:
 * sorting the whole window again each time one bucket came and one went was most of {@link StepRiseAnalysis}'s cost.
 * The order is {@link Arrays#sort(double[])}'s ({@link Double#compare}), so the median is the one a sorted copy gives,
 * bit for bit. Not stored: a state read from bytes builds it again from its ring.
 */
final class SortedWindow {

    private final double[] sorted;
    private int n;

    SortedWindow(int capacity) {
        sorted = new double[capacity];
    }

    int size() {
        return n;
    }

    void clear() {
        n = 0;
    }

    /** Adds v without keeping the order: {@link #sort} after a run of these. */
    void append(double v) {
        sorted[n++] = v;
    }

    void sort() {
        Arrays.sort(sorted, 0, n);
    }

    void add(double v) {
        int at = Arrays.binarySearch(sorted, 0, n, v);
        int insertAt = at >= 0 ? at : -at - 1;
        System.arraycopy(sorted, insertAt, sorted, insertAt + 1, n - insertAt);
        sorted[insertAt] = v;
        n++;
    }

    /** Removes one value equal to v (under {@link Double#compare}); v must be there. */
    void remove(double v) {
        int at = Arrays.binarySearch(sorted, 0, n, v);
        if (at < 0) {
            throw new IllegalStateException(v + " is not in the window");
        }
        System.arraycopy(sorted, at + 1, sorted, at, n - at - 1);
        n--;
    }

    /** The middle value, or the mean of the two middle ones; NaN when empty. */
    double median() {
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
