package io.slowburn.analysis.trend;

/**
 * The arrays a rung's fit works in, reused from fit to fit instead of allocated for each: one set per
 * thread ({@link RungFits}), sized for a rung's {@code buckets}. Holds nothing between fits:
 * every fit writes what it reads.
 */
final class FitScratch {

    /** The fitted buckets' positions (hours into the stretch) and values. */
    final double[] x;
    final double[] y;
    /** Theil–Sen's pairwise slopes (as sort keys): each pair's, then the same sorted. */
    final long[] slopes;
    /** The step test's residuals from the line, its sorted values and the medians either side of each split. */
    final double[] residual;
    final double[] sorted;
    final double[] prefixMedian;
    final double[] suffixMedian;

    FitScratch(int buckets) {
        this.x = new double[buckets];
        this.y = new double[buckets];
        this.slopes = new long[buckets * (buckets - 1)];
        this.residual = new double[buckets];
        this.sorted = new double[buckets];
        this.prefixMedian = new double[buckets];
        this.suffixMedian = new double[buckets];
    }

    /** Whether this holds a fit of {@code buckets} buckets. */
    boolean fits(int buckets) {
        return x.length >= buckets;
    }
}
