package io.slowburn.analysis.trend;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@link ApproachFit} computes from the bucket positions alone, once per set of positions instead of at every
 * fit: each model's regressor {@code g} (a line or an approach from each onset), its mean and its spread. A rung's
 * positions are its buckets' offsets in the window times the bucket width, so every fit of a rung without gaps sees
 * the same ones; the exponentials were most of a fit's cost. Computed by the same expressions in the same order as
 * the fit did inline, so the fit's results are the same, bit for bit.
 */
final class ApproachBasis {

    /** Enough for every rung of every rule without gaps; bounded because gaps make new positions. */
    private static final int KEPT = 256;
    private static final Map<Positions, ApproachBasis> BASES = new ConcurrentHashMap<>();

    /** One regressor: g, its mean, g minus its mean, and the sum of squares of the latter. */
    record Regressor(double[] g, double mean, double[] centred, double var) {
        static Regressor of(double[] g, int n) {
            double gm = 0;
            for (int i = 0; i < n; i++) {
                gm += g[i];
            }
            gm /= n;
            double[] centred = new double[n];
            double var = 0;
            for (int i = 0; i < n; i++) {
                centred[i] = g[i] - gm;
                var += (g[i] - gm) * (g[i] - gm);
            }
            return new Regressor(g, gm, centred, var);
        }
    }

    /** The approach's regressors, time constant by time constant, each onset in turn. */
    final Regressor[] approaches;
    /** The line's regressors, one per onset. */
    final Regressor[] lines;

    private ApproachBasis(Regressor[] approaches, Regressor[] lines) {
        this.approaches = approaches;
        this.lines = lines;
    }

    /** The basis for these positions (x[0, n)), from the cache when seen before. */
    static ApproachBasis of(double[] x, int n, double[] tauShares, int minRisePoints) {
        // Looked up by a view of x[0, n): copied only to be kept.
        ApproachBasis basis = BASES.get(new Positions(x, n));
        if (basis == null) {
            Positions key = new Positions(Arrays.copyOf(x, n), n);
            basis = compute(key.x, n, tauShares, minRisePoints);
            if (BASES.size() >= KEPT) {
                BASES.clear();
            }
            BASES.put(key, basis);
        }
        return basis;
    }

    private static ApproachBasis compute(double[] x, int n, double[] tauShares, int minRisePoints) {
        double span = x[n - 1] - x[0];
        // Onsets every half bucket, the same for both models: a line whose onset falls between two buckets must not
        // lose to a curve only because the curve can round the corner.
        double half = span / (n - 1) / 2;
        int onsets = 2 * (n - minRisePoints) + 1;
        Regressor[] lines = new Regressor[onsets];
        for (int k = 0; k < onsets; k++) {
            double onset = x[0] + k * half;
            double[] g = new double[n];
            for (int i = 0; i < n; i++) {
                g[i] = Math.max(0, x[i] - onset);
            }
            lines[k] = Regressor.of(g, n);
        }
        Regressor[] approaches = new Regressor[tauShares.length * onsets];
        int r = 0;
        for (double share : tauShares) {
            double tau = share * span;
            for (int k = 0; k < onsets; k++) {
                double onset = x[0] + k * half;
                double[] g = new double[n];
                for (int i = 0; i < n; i++) {
                    g[i] = x[i] <= onset ? 0 : 1 - Math.exp(-(x[i] - onset) / tau);
                }
                approaches[r++] = Regressor.of(g, n);
            }
        }
        return new ApproachBasis(approaches, lines);
    }

    /** Bucket positions {@code x[0, n)} as a map key: equal when every position is the same double. */
    private static final class Positions {
        final double[] x;
        private final int n;
        private final int hash;

        Positions(double[] x, int n) {
            this.x = x;
            this.n = n;
            int h = 1;
            for (int i = 0; i < n; i++) {
                h = 31 * h + Double.hashCode(x[i]);
            }
            this.hash = h;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Positions p && Arrays.equals(x, 0, n, p.x, 0, p.n);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
