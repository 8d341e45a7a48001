package io.slowburn.analysis.trend;

import java.util.ArrayDeque;

/**
 * A reference implementation of the Prometheus rule {@code predict_linear(x[range], horizon) > limit}: ordinary
 * least squares over the raw samples of the last {@code range}, extrapolated {@code horizon} past the newest
 * sample. Only for comparison in tests.
 */
final class PredictLinear {

    private final long rangeMs;
    private final long horizonMs;
    private final ArrayDeque<double[]> samples = new ArrayDeque<>();

    PredictLinear(long rangeMs, long horizonMs) {
        this.rangeMs = rangeMs;
        this.horizonMs = horizonMs;
    }

    /** Adds a sample and says whether the rule would fire now. */
    boolean fires(long ts, double value, double limit) {
        samples.addLast(new double[] {ts, value});
        while (samples.peekFirst()[0] < ts - rangeMs) {
            samples.removeFirst();
        }
        if (samples.size() < 2) {
            return false;
        }
        double n = samples.size();
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (double[] s : samples) {
            double x = (s[0] - ts) / 1000.0;
            sx += x;
            sy += s[1];
            sxx += x * x;
            sxy += x * s[1];
        }
        double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        double intercept = (sy - slope * sx) / n;
        return intercept + slope * horizonMs / 1000.0 > limit;
    }
}
