package io.slowburn.analysis.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mann–Kendall's tie-corrected variance, with ties counted pair by pair for a few values, is the one a sorted copy
 * gives: on noise, on few distinct values (ties), and with signed zeros, NaN and infinities mixed in.
 */
class TieTermsTest {

    private static final double[] ODD = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.0, 1.0};

    @Test
    void tieCorrectedVarianceIsTheSortedOnes() {
        Random random = new Random(13);
        for (int round = 0; round < 20_000; round++) {
            int n = 1 + random.nextInt(30);
            double[] y = new double[n];
            int kind = random.nextInt(3);
            for (int i = 0; i < n; i++) {
                y[i] = switch (kind) {
                    case 0 -> random.nextGaussian() * 100;
                    case 1 -> random.nextInt(4) * 0.5;
                    default -> random.nextInt(3) == 0 ? ODD[random.nextInt(ODD.length)] : random.nextGaussian();
                };
            }
            assertThat(MannKendall.variance(y)).as("%s", Arrays.toString(y)).isEqualTo(sortedVariance(y));
        }
    }

    /** The variance as it was computed before: tie groups as runs of a sorted copy. */
    private static double sortedVariance(double[] y) {
        int n = y.length;
        double v = (double) n * (n - 1) * (2.0 * n + 5);
        double[] sorted = y.clone();
        Arrays.sort(sorted);
        int i = 0;
        while (i < n) {
            int j = i + 1;
            while (j < n && sorted[j] == sorted[i]) {
                j++;
            }
            long t = j - i;
            if (t > 1) {
                v -= (double) t * (t - 1) * (2.0 * t + 5);
            }
            i = j;
        }
        return v / 18.0;
    }
}
