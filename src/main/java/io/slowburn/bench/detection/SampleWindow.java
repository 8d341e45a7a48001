package io.slowburn.bench.detection;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The samples of one series over a trailing range {@code (now - width, now]}, as a Prometheus range selector sees
 * them, with the functions the baseline uses: {@code predict_linear}, {@code deriv}, {@code increase},
 * {@code avg_over_time}. Plain least squares, recomputed on demand (a range holds at most a few hundred samples).
 */
final class SampleWindow {

    private record Point(long t, double v) {
    }

    private final long widthMs;
    private final ArrayDeque<Point> points = new ArrayDeque<>();
    private long first = Long.MIN_VALUE;
    private double sum;

    SampleWindow(long widthMs) {
        this.widthMs = widthMs;
    }

    void add(long t, double v) {
        if (first == Long.MIN_VALUE) {
            first = t;
        }
        points.addLast(new Point(t, v));
        sum += v;
        while (!points.isEmpty() && points.peekFirst().t() <= t - widthMs) {
            sum -= points.removeFirst().v();
        }
    }

    int size() {
        return points.size();
    }

    /** The series has been seen for the whole range: the range is full. */
    boolean full(long now) {
        return first != Long.MIN_VALUE && first <= now - widthMs;
    }

    double mean() {
        return points.isEmpty() ? Double.NaN : sum / points.size();
    }

    /** Least-squares slope in units per second ({@code deriv}); NaN with fewer than two samples. */
    double slopePerSecond() {
        double[] fit = fit();
        return fit == null ? Double.NaN : fit[1];
    }

    /** The least-squares line evaluated {@code aheadMs} after the newest sample ({@code predict_linear}). */
    double predict(long aheadMs) {
        double[] fit = fit();
        return fit == null ? Double.NaN : fit[0] + fit[1] * aheadMs / 1000.0;
    }

    /** Counter increase over the range, resets (a drop) counted as a restart from zero; NaN with fewer than two. */
    double increase() {
        if (points.size() < 2) {
            return Double.NaN;
        }
        double inc = 0;
        Iterator<Point> it = points.iterator();
        double prev = it.next().v();
        while (it.hasNext()) {
            double v = it.next().v();
            inc += v >= prev ? v - prev : v;
            prev = v;
        }
        return inc;
    }

    /** Seconds between the oldest and the newest sample. */
    double spanSeconds() {
        return points.isEmpty() ? 0 : (points.peekLast().t() - points.peekFirst().t()) / 1000.0;
    }

    /** Intercept at the newest sample and slope per second, time measured in seconds from the newest sample. */
    private double[] fit() {
        int n = points.size();
        if (n < 2) {
            return null;
        }
        long now = points.peekLast().t();
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (Point p : points) {
            double x = (p.t() - now) / 1000.0;
            sx += x;
            sy += p.v();
            sxx += x * x;
            sxy += x * p.v();
        }
        double den = n * sxx - sx * sx;
        if (den == 0) {
            return null;
        }
        double slope = (n * sxy - sx * sy) / den;
        double intercept = (sy - slope * sx) / n;
        return new double[] {intercept, slope};
    }
}
