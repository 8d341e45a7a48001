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
 * regressors are computed once per set of positions ({@link ApproachBasis}).
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
        ApproachBasis basis = ApproachBasis.of(x, n, TAU_SHARES, MIN_RISE_POINTS);
        double ym = 0;
        for (int i = 0; i < n; i++) {
            ym += y[i];
        }
        ym /= n;
        // The lines first: the approach must leave less than BETTER_BY of the best line's residuals, so an approach
        // fit stops adding once its sum reaches that bar (or the best approach so far). The bar is below every line's
        // share, as each line was to be: a NaN one settles it (NaN).
        double bar = Double.POSITIVE_INFINITY;
        for (ApproachBasis.Regressor g : basis.lines) {
            double share = BETTER_BY * residual(g, y, ym, n, null, Double.NaN); // NaN: the whole sum
            if (Double.isNaN(share)) {
                return Double.NaN;
            }
            bar = Math.min(bar, share);
        }
        // The first approach with the least residuals, among those below the bar: the best approach when it is below.
        double bestApproach = bar;
        double plateau = Double.NaN;
        double[] coefficients = new double[2];
        for (ApproachBasis.Regressor g : basis.approaches) {
            double r = residual(g, y, ym, n, coefficients, bestApproach);
            if (r < bestApproach) {
                bestApproach = r;
                plateau = coefficients[1] > 0 ? coefficients[0] + coefficients[1] : Double.NaN;
            }
        }
        return plateau;
    }

    /**
     * Sum of absolute residuals of the least-squares fit {@code y = a + b g}; writes a and b when asked. Stops adding
     * once the sum reaches {@code stopAt} (it can only grow) and returns that partial sum, writing nothing: a fit that
     * cannot beat the best so far need not be finished. A NaN {@code stopAt} never stops it.
     *
     * @param ym the mean of y
     */
    private static double residual(ApproachBasis.Regressor regressor, double[] y, double ym, int n, double[] coefficients,
                                   double stopAt) {
        double[] g = regressor.g();
        double[] gc = regressor.centred();
        double cov = 0;
        for (int i = 0; i < n; i++) {
            cov += gc[i] * (y[i] - ym);
        }
        double var = regressor.var();
        double b = var > 0 ? cov / var : 0;
        double a = ym - b * regressor.mean();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.abs(y[i] - a - b * g[i]);
            if (sum >= stopAt) {
                return sum;
            }
        }
        if (coefficients != null) {
            coefficients[0] = a;
            coefficients[1] = b;
        }
        return sum;
    }
}
