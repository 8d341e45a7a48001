package io.slowburn.analysis.stats;

import java.util.Arrays;

/**
 * The values of a baseline ring (one float per slot, NaN when empty) kept sorted as slots change, for its median and
 * median absolute deviation at every bucket close. A day of buckets was selected twice per close ({@link Medians}),
 * though one slot changes per close. Both figures are the values {@link Medians#of} gives for the ring's values, bit
 * for bit: the same order statistics (the deviations taken in order by walking out from the median both ways), the
 * same arithmetic. Not stored: a state read from bytes builds it again from its ring.
 */
public final class SortedBaseline {

    private final float[] sorted;
    private int n;

    /** The non-NaN values of {@code ring}, sorted. */
    public SortedBaseline(float[] ring) {
        sorted = new float[ring.length];
        for (float v : ring) {
            if (!Float.isNaN(v)) {
                sorted[n++] = v;
            }
        }
        Arrays.sort(sorted, 0, n);
    }

    /** A slot changed from {@code before} to {@code after} (either NaN: empty). */
    public void replace(float before, float after) {
        if (!Float.isNaN(before)) {
            int at = position(before);
            System.arraycopy(sorted, at + 1, sorted, at, n - at - 1);
            n--;
        }
        if (!Float.isNaN(after)) {
            int at = position(after);
            int insertAt = at >= 0 ? at : -at - 1;
            System.arraycopy(sorted, insertAt, sorted, insertAt + 1, n - insertAt);
            sorted[insertAt] = after;
            n++;
        }
    }

    /** Every slot emptied. */
    public void clear() {
        n = 0;
    }

    /** Where v is (or, as {@link Arrays#binarySearch}, where it would go), in {@link Float#compare} order. */
    private int position(float v) {
        return Arrays.binarySearch(sorted, 0, n, v);
    }

    /** {@code Medians.of} of the values. */
    public double median() {
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? (double) sorted[n / 2] : ((double) sorted[n / 2 - 1] + (double) sorted[n / 2]) / 2;
    }

    /** {@code Medians.of} of {@code |v - m|} over the values v. */
    public double medianDeviation(double m) {
        if (n == 0) {
            return Double.NaN;
        }
        if (!Float.isFinite(sorted[0]) || !Float.isFinite(sorted[n - 1]) || !Double.isFinite(m)) {
            double[] deviations = new double[n];
            for (int i = 0; i < n; i++) {
                deviations[i] = Math.abs(sorted[i] - m);
            }
            return Medians.of(deviations, n);
        }
        // Below m the deviation grows as the values fall, from m up as they rise: merge the two walks in order.
        int right = 0;
        while (right < n && sorted[right] < m) {
            right++;
        }
        int left = right - 1;
        int k = n / 2;
        double previous = Double.NaN;
        double current = Double.NaN;
        for (int taken = 0; taken <= k; taken++) {
            double fromLeft = left >= 0 ? Math.abs(sorted[left] - m) : Double.POSITIVE_INFINITY;
            double fromRight = right < n ? Math.abs(sorted[right] - m) : Double.POSITIVE_INFINITY;
            previous = current;
            if (left >= 0 && (right >= n || fromLeft <= fromRight)) {
                current = fromLeft;
                left--;
            } else {
                current = fromRight;
                right++;
            }
        }
        return n % 2 == 1 ? current : (previous + current) / 2;
    }
}
