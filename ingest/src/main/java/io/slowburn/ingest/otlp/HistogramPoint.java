package io.slowburn.ingest.otlp;

import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import java.util.Arrays;

/**
 * The counts of one histogram data point as explicit buckets: bucket {@code i} holds the observations in
 * ({@code bounds[i-1]}, {@code bounds[i]}], the last one those above every bound. Exponential histograms are converted
 * to the same shape, so one quantile estimate serves both.
 *
 * @param sum the sum of the observations, {@code NaN} when the point has none
 * @param negative whether observations below zero were recorded (exponential negative buckets): no quantiles then
 */
record HistogramPoint(double[] bounds, long[] counts, long count, double sum, boolean negative) {

    static HistogramPoint of(HistogramDataPoint p) {
        double[] bounds = p.getExplicitBoundsList().stream().mapToDouble(Double::doubleValue).toArray();
        long[] counts = p.getBucketCountsList().stream().mapToLong(Long::longValue).toArray();
        if (counts.length != bounds.length + 1) {
            // The spec allows a point with no buckets at all (count and sum only).
            counts = new long[0];
            bounds = new double[0];
        }
        return new HistogramPoint(bounds, counts, p.getCount(), p.hasSum() ? p.getSum() : Double.NaN, false);
    }

    /**
     * Bucket {@code offset + k} of an exponential histogram of scale {@code s} holds (base^(offset+k), base^(offset+k+1)]
     * with base = 2^(2^-s); the zero bucket holds [0, zero_threshold].
     */
    static HistogramPoint of(ExponentialHistogramDataPoint p) {
        ExponentialHistogramDataPoint.Buckets pos = p.getPositive();
        int n = pos.getBucketCountsCount();
        double base = Math.pow(2, Math.pow(2, -p.getScale()));
        double[] bounds = new double[n + 2];
        long[] counts = new long[n + 3];
        bounds[0] = Math.max(0, p.getZeroThreshold());
        counts[0] = p.getZeroCount();
        bounds[1] = Math.pow(base, pos.getOffset());
        for (int k = 0; k < n; k++) {
            bounds[k + 2] = Math.pow(base, pos.getOffset() + k + 1.0);
            counts[k + 2] = pos.getBucketCounts(k);
        }
        boolean negative = p.getNegative().getBucketCountsList().stream().anyMatch(c -> c > 0);
        if (n == 0) {
            return new HistogramPoint(new double[0], new long[0], p.getCount(), p.hasSum() ? p.getSum() : Double.NaN, negative);
        }
        return new HistogramPoint(bounds, counts, p.getCount(), p.hasSum() ? p.getSum() : Double.NaN, negative);
    }

    /** Count and sum only (a summary's). */
    static HistogramPoint countAndSum(long count, double sum) {
        return new HistogramPoint(new double[0], new long[0], count, sum, false);
    }

    boolean sameBuckets(HistogramPoint other) {
        return Arrays.equals(bounds, other.bounds);
    }

    /** This point plus a later delta of the same buckets (delta temporality accumulated). */
    HistogramPoint plus(HistogramPoint delta) {
        long[] c = counts.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] += delta.counts[i];
        }
        double s = Double.isNaN(sum) || Double.isNaN(delta.sum) ? Double.NaN : sum + delta.sum;
        return new HistogramPoint(bounds, c, count + delta.count, s, negative || delta.negative);
    }

    /** What was observed between {@code earlier} and this cumulative point (same buckets, same start). */
    HistogramPoint minus(HistogramPoint earlier) {
        long[] c = counts.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] -= earlier.counts[i];
        }
        double s = Double.isNaN(sum) || Double.isNaN(earlier.sum) ? Double.NaN : sum - earlier.sum;
        return new HistogramPoint(bounds, c, count - earlier.count, s, negative);
    }

    /** The mean observation, or {@code NaN} without observations or without a sum. */
    double average() {
        return count > 0 && !Double.isNaN(sum) ? sum / count : Double.NaN;
    }

    /**
     * The q-quantile by linear interpolation within its bucket, as Prometheus's {@code histogram_quantile} estimates it:
     * the first bucket's lower edge is 0 (for a positive bound), and a rank in the open last bucket is the highest bound.
     * {@code NaN} without buckets, without observations, or with negative observations the buckets cannot place.
     */
    double quantile(double q) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (counts.length == 0 || total <= 0 || negative) {
            return Double.NaN;
        }
        double rank = q * total;
        long cumulative = 0;
        for (int i = 0; i < counts.length; i++) {
            long before = cumulative;
            cumulative += counts[i];
            if (cumulative >= rank && counts[i] > 0) {
                if (i == counts.length - 1) {
                    return bounds.length == 0 ? Double.NaN : bounds[bounds.length - 1];
                }
                double upper = bounds[i];
                double lower = i == 0 ? Math.min(0, upper) : bounds[i - 1];
                return lower + (upper - lower) * (rank - before) / counts[i];
            }
        }
        return bounds.length == 0 ? Double.NaN : bounds[bounds.length - 1];
    }
}
