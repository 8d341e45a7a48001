package io.slowburn.bench.nab;

import io.slowburn.analysis.anomaly.StreamingScorer;
import java.util.Arrays;
import java.util.Random;
import org.apache.commons.math3.special.Erf;

/** A detector run over one series at a time, row by row, giving a score in [0, 1] per row. */
public interface Detector {

    String name();

    double[] score(LabelledSeries series);

    /** slowburn's {@link StreamingScorer}, one default configuration for every series. */
    static Detector slowburn() {
        return new Detector() {
            @Override
            public String name() {
                return "slowburn";
            }

            @Override
            public double[] score(LabelledSeries series) {
                StreamingScorer s = new StreamingScorer();
                double[] out = new double[series.length()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = s.score(series.values()[i]);
                }
                return out;
            }
        };
    }

    /** NAB's null detector: 0.5 everywhere. */
    static Detector none() {
        return constant("null", 0.5);
    }

    private static Detector constant(String name, double value) {
        return new Detector() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public double[] score(LabelledSeries series) {
                double[] out = new double[series.length()];
                Arrays.fill(out, value);
                return out;
            }
        };
    }

    /** NAB's random detector: uniform scores, seeded 42 (Java's generator, so not NAB's exact draws). */
    static Detector random() {
        return new Detector() {
            @Override
            public String name() {
                return "random";
            }

            @Override
            public double[] score(LabelledSeries series) {
                Random r = new Random(42);
                double[] out = new double[series.length()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = r.nextDouble();
                }
                return out;
            }
        };
    }

    /**
     * NAB's windowed Gaussian baseline ({@code nab/detectors/gaussian/windowedGaussian_detector.py}): the score of a
     * value is {@code 1 - Q(|x - mean| / std)} over a window of the previous values: the first 6400 values, then
     * the window slides by steps of 100; the population standard deviation, 1e-6 when it is 0; 0 for the first row.
     */
    static Detector windowedGaussian() {
        return new Detector() {
            @Override
            public String name() {
                return "windowed-gaussian";
            }

            @Override
            public double[] score(LabelledSeries series) {
                final int windowSize = 6400;
                final int stepSize = 100;
                double[] v = series.values();
                double[] out = new double[v.length];
                double mean = 0;
                double std = 1;
                int windowStart = 0;
                int windowEnd = 0;
                for (int i = 0; i < v.length; i++) {
                    if (windowEnd > windowStart) {
                        double z = Math.abs(v[i] - mean) / std;
                        out[i] = 1 - 0.5 * Erf.erfc(z / Math.sqrt(2));
                    }
                    boolean update = false;
                    if (windowEnd - windowStart < windowSize) {
                        windowEnd = i + 1;
                        update = true;
                    } else if (i + 1 - windowEnd == stepSize) {
                        windowStart += stepSize;
                        windowEnd = i + 1;
                        update = true;
                    }
                    if (update) {
                        double sum = 0;
                        for (int j = windowStart; j < windowEnd; j++) {
                            sum += v[j];
                        }
                        mean = sum / (windowEnd - windowStart);
                        double ss = 0;
                        for (int j = windowStart; j < windowEnd; j++) {
                            ss += (v[j] - mean) * (v[j] - mean);
                        }
                        std = Math.sqrt(ss / (windowEnd - windowStart));
                        if (std == 0.0) {
                            std = 0.000001;
                        }
                    }
                }
                return out;
            }
        };
    }
}
