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
        // The line from the first bucket first: the approach must leave less than BETTER_BY of every line's
        // residuals, so an approach fit stops adding once its sum reaches that line's bar (or the best approach so
        // far), and when none gets below it the answer is NaN without the other lines. A NaN bar settles it too.
        ApproachBasis.Regressor[] lines = basis.lines;
        double bar = BETTER_BY * residual(lines[0], y, ym, n, null, Double.NaN); // NaN: the whole sum
        if (Double.isNaN(bar)) {
            return Double.NaN;
        }
        // The first approach with the least residuals, among those below the bar: the best approach when it is below.
        // Two at a time (residuals()); the second is judged against the best including the first, as one by one.
        double bestApproach = bar;
        double plateau = Double.NaN;
        ApproachBasis.Regressor[] approaches = basis.approaches;
        double[] sums = new double[2];
        double[] coefficients = new double[4];
        int k = 0;
        for (; k + 1 < approaches.length; k += 2) {
            residuals(approaches[k], approaches[k + 1], y, ym, n, bestApproach, sums, coefficients);
            for (int j = 0; j < 2; j++) {
                if (sums[j] < bestApproach) {
                    bestApproach = sums[j];
                    plateau = coefficients[2 * j + 1] > 0 ? coefficients[2 * j] + coefficients[2 * j + 1] : Double.NaN;
                }
            }
        }
        double last = k < approaches.length ? residual(approaches[k], y, ym, n, coefficients, bestApproach) : Double.NaN;
        if (last < bestApproach) {
            bestApproach = last;
            plateau = coefficients[1] > 0 ? coefficients[0] + coefficients[1] : Double.NaN;
        }
        if (!(bestApproach < bar)) {
            return Double.NaN;
        }
        // The other lines, each summed whole: the first the best approach does not clearly beat settles it.
        for (int l = 1; l < lines.length; l++) {
            if (!(bestApproach < BETTER_BY * residual(lines[l], y, ym, n, null, Double.NaN))) {
                return Double.NaN;
            }
        }
        return plateau;
    }

    /**
     * {@link #residual} of two approaches at once, into {@code sums} and their a and b into {@code coefficients}
     * ({@code a1, b1, a2, b2}): each sum added in the same order as alone, but the two chains of additions overlap,
     * where one waited for each addition before the next. Stops once both sums reach {@code stopAt}; a sum below it is
     * the whole sum, and only then are its coefficients the fit's.
     */
    private static void residuals(ApproachBasis.Regressor first, ApproachBasis.Regressor second, double[] y, double ym,
                                  int n, double stopAt, double[] sums, double[] coefficients) {
        double[] g1 = first.g();
        double[] g2 = second.g();
        double[] gc1 = first.centred();
        double[] gc2 = second.centred();
        double cov1 = 0;
        double cov2 = 0;
        for (int i = 0; i < n; i++) {
            double centred = y[i] - ym;
            cov1 += gc1[i] * centred;
            cov2 += gc2[i] * centred;
        }
        double var1 = first.var();
        double var2 = second.var();
        double b1 = var1 > 0 ? cov1 / var1 : 0;
        double b2 = var2 > 0 ? cov2 / var2 : 0;
        double a1 = ym - b1 * first.mean();
        double a2 = ym - b2 * second.mean();
        double sum1 = 0;
        double sum2 = 0;
        for (int i = 0; i < n; i++) {
            sum1 += Math.abs(y[i] - a1 - b1 * g1[i]);
            sum2 += Math.abs(y[i] - a2 - b2 * g2[i]);
            if (sum1 >= stopAt && sum2 >= stopAt) {
                break;
            }
        }
        sums[0] = sum1;
        sums[1] = sum2;
        coefficients[0] = a1;
        coefficients[1] = b1;
        coefficients[2] = a2;
        coefficients[3] = b2;
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
