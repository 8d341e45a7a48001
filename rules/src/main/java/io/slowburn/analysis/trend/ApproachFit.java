package io.slowburn.analysis.trend;

/**
 * Does the rise in a rung's buckets approach a plateau? A cache warming up, a pool filling to its size, a JIT
 * settling: every first-order process rises like {@code a + b (1 - exp(-(x - x0) / tau))} from its onset
 * {@code x0}, fast at first and ever slower, toward the plateau {@code a + b}. A leak rises in a straight line from
 * its onset. Both start alike; once the curve bends, the two models tell them apart: the onset, the time constant
 * and the line are all searched, and the approach wins only when it leaves clearly smaller absolute residuals than
 * the best line from any onset (so noise around a straight rise, which a long time constant fits as well as the
 * line, never makes a leak look like it levels off).
 *
 * <p>Least squares for the two linear coefficients at each onset and time constant (closed form), absolute
 * residuals to compare the models (as {@link RungFit#stepExplainsBetter} does). Bucket positions are regular, so the
 * exponentials are computed once per time constant.
 */
final class ApproachFit {

    /** The approach must leave at most this share of the best line's absolute residuals. */
    static final double BETTER_BY = 0.7;
    /** Time constants tried, as shares of the rung's span. */
    private static final double[] TAU_SHARES = {0.1, 0.2, 0.4, 0.8, 1.6};
    /** The rise must have this many buckets after its onset for a bend to show. */
    private static final int MIN_RISE_POINTS = 5;

    private ApproachFit() {
    }

    /**
     * The plateau that an approach through the buckets levels off at, when the approach explains them clearly better
     * than a straight rise; NaN otherwise.
     *
     * @param x bucket centres (hours), increasing and evenly spaced but for gaps
     * @param y bucket values
     * @param n how many of them
     */
    static double plateau(double[] x, double[] y, int n) {
        if (n < MIN_RISE_POINTS + 2) {
            return Double.NaN;
        }
        double span = x[n - 1] - x[0];
        // Onsets every half bucket, the same for both models: a line whose onset falls between two buckets must not
        // lose to a curve only because the curve can round the corner.
        double half = span / (n - 1) / 2;
        int onsets = 2 * (n - MIN_RISE_POINTS) + 1;
        double[] g = new double[n];
        double bestLine = Double.POSITIVE_INFINITY;
        for (int k = 0; k < onsets; k++) {
            double onset = x[0] + k * half;
            for (int i = 0; i < n; i++) {
                g[i] = Math.max(0, x[i] - onset);
            }
            bestLine = Math.min(bestLine, residual(g, y, n, null));
        }
        double bestApproach = Double.POSITIVE_INFINITY;
        double plateau = Double.NaN;
        double[] coefficients = new double[2];
        for (double share : TAU_SHARES) {
            double tau = share * span;
            for (int k = 0; k < onsets; k++) {
                double onset = x[0] + k * half;
                for (int i = 0; i < n; i++) {
                    g[i] = x[i] <= onset ? 0 : 1 - Math.exp(-(x[i] - onset) / tau);
                }
                double r = residual(g, y, n, coefficients);
                if (r < bestApproach) {
                    bestApproach = r;
                    plateau = coefficients[1] > 0 ? coefficients[0] + coefficients[1] : Double.NaN;
                }
            }
        }
        return bestApproach < BETTER_BY * bestLine ? plateau : Double.NaN;
    }

    /** Sum of absolute residuals of the least-squares fit {@code y = a + b g}; writes a and b when asked. */
    private static double residual(double[] g, double[] y, int n, double[] coefficients) {
        double gm = 0;
        double ym = 0;
        for (int i = 0; i < n; i++) {
            gm += g[i];
            ym += y[i];
        }
        gm /= n;
        ym /= n;
        double cov = 0;
        double var = 0;
        for (int i = 0; i < n; i++) {
            cov += (g[i] - gm) * (y[i] - ym);
            var += (g[i] - gm) * (g[i] - gm);
        }
        double b = var > 0 ? cov / var : 0;
        double a = ym - b * gm;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.abs(y[i] - a - b * g[i]);
        }
        if (coefficients != null) {
            coefficients[0] = a;
            coefficients[1] = b;
        }
        return sum;
    }
}
