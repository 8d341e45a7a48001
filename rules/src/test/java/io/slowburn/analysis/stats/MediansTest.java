package io.slowburn.analysis.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MediansTest {

    /** The median as a sorted copy gives it: what every caller has always seen. */
    private static double sortedMedian(double[] values, int n) {
        double[] copy = Arrays.copyOf(values, n);
        Arrays.sort(copy);
        return n % 2 == 1 ? copy[n / 2] : (copy[n / 2 - 1] + copy[n / 2]) / 2;
    }

    @Test
    void shouldGiveTheSortedMedianBitForBitWhateverTheSizeRepeatsAndSignedZeros() {
        Random r = new Random(3);
        double[] pool = {0.0, -0.0, 1.5, -2.25, 1e300, -1e-300, Double.POSITIVE_INFINITY, Double.NaN};
        for (int round = 0; round < 3_000; round++) {
            int n = 1 + r.nextInt(400);
            double[] values = new double[n + r.nextInt(5)];
            for (int i = 0; i < values.length; i++) {
                int kind = r.nextInt(10);
                values[i] = kind == 0 ? pool[r.nextInt(pool.length)] : kind < 4 ? r.nextInt(5) : r.nextGaussian() * 1e6;
            }
            if (round % 7 == 0) {
                Arrays.sort(values, 0, n); // sorted input: the pivot must not degrade
            }
            double[] before = values.clone();
            double median = Medians.of(values, n);
            assertThat(Double.doubleToLongBits(median)).as("round %d, n %d", round, n)
                    .isEqualTo(Double.doubleToLongBits(sortedMedian(before, n)));
            assertThat(values).as("the input is left as it was").isEqualTo(before);
        }
        assertThat(Medians.of(new double[0])).isNaN();
    }
}
