package io.slowburn.analysis.trend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The step test's medians from insertion-sorted prefixes and suffixes, and the approach fit's cached regressors and
 * early stops, give the answers the plain computations gave (kept here as the reference), bit for bit, on rises,
 * steps, bends, ties and noise, with and without empty buckets; and a fit in a scratch shared with others is the fit
 * in its own.
 */
class FitShortcutsTest {

    @Test
    void stepTestAnswersAsWithASortedCopyPerSplit() {
        Random random = new Random(3);
        // One scratch for every round, as a rung's fits share one: what a longer fit left in it must not matter.
        FitScratch scratch = new FitScratch(14);
        int steps = 0;
        for (int round = 0; round < 50_000; round++) {
            int n = 1 + random.nextInt(14);
            double[] x = positions(random, n);
            double[] y = series(random, x);
            double slope = random.nextBoolean() ? random.nextGaussian() : 0;
            boolean expected = referenceStep(x, y, slope);
            assertThat(RungFit.stepExplainsBetter(x, y, n, slope, scratch)).as("round %d", round).isEqualTo(expected);
            steps += expected ? 1 : 0;
        }
        assertThat(steps).as("both answers are exercised").isBetween(1_000, 49_000);
    }

    @Test
    void approachFitAnswersAsWithEveryFitFinished() {
        Random random = new Random(5);
        int plateaus = 0;
        for (int round = 0; round < 20_000; round++) {
            int n = 1 + random.nextInt(14);
            double[] x = positions(random, n);
            double[] y = series(random, x);
            double expected = referencePlateau(x, y, n);
            assertThat(Double.doubleToLongBits(ApproachFit.plateau(x, y, n))).as("round %d", round)
                    .isEqualTo(Double.doubleToLongBits(expected));
            plateaus += Double.isNaN(expected) ? 0 : 1;
        }
        assertThat(plateaus).as("both answers are exercised").isBetween(500, 19_500);
    }

    @Test
    void fitInASharedScratchIsTheFitInItsOwn() {
        Random random = new Random(7);
        // As a ladder's rungs share one: a fit of fewer buckets or points after a longer one must not read what it left.
        FitScratch shared = new FitScratch(12);
        int fitted = 0;
        for (int round = 0; round < 5_000; round++) {
            int buckets = 6 + random.nextInt(7);
            long width = (1 + random.nextInt(20)) * 60_000L;
            LevelRing ring = new LevelRing(buckets + 2, width, LevelRing.Aggregate.MEAN);
            long start = random.nextInt(1_000_000) * 1000L;
            double slope = random.nextGaussian();
            for (long t = start; t < start + (buckets + 2) * width; t += width / 2) {
                if (random.nextInt(5) > 0) {
                    ring.add(t, slope * (t - start) / width + (random.nextBoolean() ? random.nextGaussian() : random.nextInt(2)));
                }
            }
            long end = Math.floorDiv(start + (buckets + 2) * width, width) - random.nextInt(2);
            int minPoints = 3 + random.nextInt(buckets - 2);
            RungFit own = RungFit.of(ring, end, buckets, minPoints, 0.95, new FitScratch(buckets));
            assertThat(RungFit.of(ring, end, buckets, minPoints, 0.95, shared)).as("round %d", round).isEqualTo(own);
            assertThat(RungFit.trendOnly(ring, end, buckets, minPoints, shared)).as("round %d", round)
                    .isEqualTo(own == null ? null : RungFit.trendOnly(own.spanHours(), own.points(), own.pIncrease(), own.oldest()));
            fitted += own == null ? 0 : 1;
        }
        assertThat(fitted).as("rungs with enough points").isGreaterThan(1_000);
    }

    /** Bucket centres of 5 min buckets, a third of the time with gaps (empty buckets), of one of two rung widths. */
    private static double[] positions(Random random, int n) {
        double width = random.nextBoolean() ? 5 / 60.0 : 20 / 60.0;
        boolean gaps = random.nextInt(3) == 0;
        double[] x = new double[n];
        for (int i = 0, bucket = 0; i < n; i++, bucket++) {
            bucket += gaps && random.nextInt(4) == 0 ? 1 : 0;
            x[i] = (bucket + 0.5) * width;
        }
        return x;
    }

    /** A ramp, a step, an approach to a plateau, flat ties, or noise. */
    private static double[] series(Random random, double[] x) {
        int n = x.length;
        double[] y = new double[n];
        int kind = random.nextInt(5);
        double noise = random.nextDouble() * 2;
        for (int i = 0; i < n; i++) {
            double shape = switch (kind) {
                case 0 -> 10 * x[i];
                case 1 -> i < n / 2 ? 0 : 5;
                case 2 -> 8 * (1 - Math.exp(-x[i] / 0.2));
                case 3 -> random.nextInt(2);
                default -> 0;
            };
            y[i] = 100 + shape + (kind == 3 ? 0 : noise * random.nextGaussian());
        }
        return y;
    }

    private static boolean referenceStep(double[] x, double[] y, double slope) {
        int n = y.length;
        double[] residual = new double[n];
        for (int i = 0; i < n; i++) {
            residual[i] = y[i] - slope * x[i];
        }
        double intercept = median(residual, 0, n);
        double line = 0;
        for (int i = 0; i < n; i++) {
            line += Math.abs(residual[i] - intercept);
        }
        double best = Double.POSITIVE_INFINITY;
        for (int split = 3; split <= n - 3; split++) {
            best = Math.min(best, deviation(y, 0, split) + deviation(y, split, n));
        }
        return best < line;
    }

    private static double deviation(double[] y, int from, int to) {
        double m = median(y, from, to);
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += Math.abs(y[i] - m);
        }
        return sum;
    }

    private static double median(double[] values, int from, int to) {
        double[] sorted = Arrays.copyOfRange(values, from, to);
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double referencePlateau(double[] x, double[] y, int n) {
        if (n < 7) {
            return Double.NaN;
        }
        double span = x[n - 1] - x[0];
        double half = span / (n - 1) / 2;
        int onsets = 2 * (n - 5) + 1;
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
        for (double share : new double[] {0.1, 0.2, 0.4, 0.8, 1.6}) {
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
        return bestApproach < ApproachFit.BETTER_BY * bestLine ? plateau : Double.NaN;
    }

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
