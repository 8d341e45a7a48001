package io.slowburn.analysis.trend;

import java.util.function.LongToDoubleFunction;

/**
 * Does a young rise bend down? A heap cache warming up fills like {@code b (1 - exp(-t / tau))}: in its first hour its
 * post-GC floor climbs as fast as a leak that would reach the heap max within hours, and only its slowing tells it
 * apart (an application cache warming up on a host does the same to host memory, for longer when it is slow). A
 * leak climbs in a straight line. Here the bend is a significance test, not a ratio of residuals: the buckets are
 * fitted with "flat until a knee, then a quadratic" ({@code y = a + b z + c z^2}, {@code z = max(0, t - knee)}, least
 * squares, the knee at each bucket in turn, the smallest residuals win), and the rise bends when {@code c} is negative
 * by more than {@value #MIN_T} standard errors. A leak's {@code c} is noise around zero; a leak that starts within the
 * stretch makes the knee, not a bend. On the short rungs only: over hours the daily cycle bends a slow leak too, and a
 * warm-up has levelled off by then (other guards see that).
 *
 * <p>Pure arithmetic on the buckets the rung already holds: no state of its own.
 */
final class FloorBend {

    /**
     * How many standard errors below zero the curvature must be: a leak's noise crosses it rarely, a warm-up at once.
     * At 3, two more of the detection suite's slowest heap warm-ups (time constants near two hours; 40 seeds) fired
     * before their bend was significant; at 2.5, one of its twelve-hour heap leaks waited 1.6 hours instead of 70
     * minutes.
     */
    static final double MIN_T = 2.5;
    /** The rise needs this many buckets after its knee for a curvature to be estimated. */
    static final int MIN_RISE_POINTS = 6;

    private FloorBend() {
    }

    /** Whether the non-empty buckets of {@code ring} in {@code [end - buckets, end)} rise and bend down significantly. */
    static boolean bends(LevelRing ring, long end, int buckets) {
        return bends(ring, end, buckets, Long.MIN_VALUE);
    }

    /** As {@link #bends(LevelRing, long, int)}, on the buckets from {@code from} on only. */
    static boolean bends(LevelRing ring, long end, int buckets, long from) {
        return curvature(ring, end, buckets, from) < -MIN_T;
    }

    /** As {@link #bends(LevelRing, long, int, long)}, with {@code shift} added to each bucket's level. */
    static boolean bends(LevelRing ring, long end, int buckets, long from, LongToDoubleFunction shift) {
        return curvature(ring, end, buckets, from, shift) < -MIN_T;
    }

    /** The t-statistic of the curvature of the best knee-quadratic fit; 0 when there is none. */
    static double curvature(LevelRing ring, long end, int buckets) {
        return curvature(ring, end, buckets, Long.MIN_VALUE);
    }

    /** As {@link #curvature(LevelRing, long, int)}, on the buckets from {@code from} on only. */
    static double curvature(LevelRing ring, long end, int buckets, long from) {
        return curvature(ring, end, buckets, from, i -> 0);
    }

    /** As {@link #curvature(LevelRing, long, int, long)}, with {@code shift} added to each bucket's level. */
    static double curvature(LevelRing ring, long end, int buckets, long from, LongToDoubleFunction shift) {
        double[] t = new double[buckets];
        double[] y = new double[buckets];
        int n = 0;
        for (long i = Math.max(end - buckets, from); i < end; i++) {
            if (ring.count(i) > 0) {
                t[n] = i - (end - buckets);
                y[n] = ring.value(i) + shift.applyAsDouble(i);
                n++;
            }
        }
        if (n < MIN_RISE_POINTS + 1) {
            return 0;
        }
        double bestSse = Double.POSITIVE_INFINITY;
        double bestT = 0;
        for (int knee = 0; knee <= n - MIN_RISE_POINTS; knee++) {
            double[] fit = kneeQuadratic(t, y, n, t[knee]);
            if (fit != null && fit[0] < bestSse) {
                bestSse = fit[0];
                bestT = fit[1];
            }
        }
        return bestT;
    }

    /**
     * Least squares of {@code y = a + b z + c z^2} with {@code z = max(0, t - knee)}: {sse, t-statistic of c}, or null
     * when the design is singular, the fit does not rise at its knee, or too few points are left for a residual.
     */
    static double[] kneeQuadratic(double[] t, double[] y, int n, double knee) {
        if (n < 5) {
            return null;
        }
        double[][] m = new double[3][3];
        double[] v = new double[3];
        for (int i = 0; i < n; i++) {
            double z = Math.max(0, t[i] - knee);
            double[] row = {1, z, z * z};
            for (int r = 0; r < 3; r++) {
                v[r] += row[r] * y[i];
                for (int c = 0; c < 3; c++) {
                    m[r][c] += row[r] * row[c];
                }
            }
        }
        double[][] inv = invert(m);
        if (inv == null) {
            return null;
        }
        double[] beta = new double[3];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                beta[r] += inv[r][c] * v[c];
            }
        }
        if (!(beta[1] > 0)) {
            return null;
        }
        double sse = 0;
        for (int i = 0; i < n; i++) {
            double z = Math.max(0, t[i] - knee);
            double r = y[i] - beta[0] - beta[1] * z - beta[2] * z * z;
            sse += r * r;
        }
        double variance = sse / (n - 3);
        double se = Math.sqrt(variance * inv[2][2]);
        return new double[] {sse, se > 0 ? beta[2] / se : beta[2] < 0 ? Double.NEGATIVE_INFINITY : 0};
    }

    /** The inverse of a symmetric 3x3 matrix; null when it is (nearly) singular. */
    private static double[][] invert(double[][] m) {
        double a = m[0][0];
        double b = m[0][1];
        double c = m[0][2];
        double d = m[1][1];
        double e = m[1][2];
        double f = m[2][2];
        double c00 = d * f - e * e;
        double c01 = c * e - b * f;
        double c02 = b * e - c * d;
        double det = a * c00 + b * c01 + c * c02;
        if (!(Math.abs(det) > 1e-9 * Math.abs(a * d * f))) {
            return null;
        }
        double c11 = a * f - c * c;
        double c12 = b * c - a * e;
        double c22 = a * d - b * b;
        return new double[][] {
            {c00 / det, c01 / det, c02 / det},
            {c01 / det, c11 / det, c12 / det},
            {c02 / det, c12 / det, c22 / det},
        };
    }
}
