package io.slowburn.analysis.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A baseline ring's median and median absolute deviation from its kept-sorted values are, after every change of a
 * slot, the values {@link Medians#of} gives for the ring (as the analyses computed them before), bit for bit: rings
 * of a few to a day of slots, filling up and wrapping, with ties, signed zeros, infinities and emptied slots.
 */
class SortedBaselineTest {

    private static final float[] ODD = {0.0f, -0.0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 1.0f};

    @Test
    void medianAndDeviationAreThoseOfTheRingAfterEveryChange() {
        Random random = new Random(17);
        for (int round = 0; round < 300; round++) {
            float[] ring = new float[1 + random.nextInt(300)];
            Arrays.fill(ring, Float.NaN);
            SortedBaseline sorted = new SortedBaseline(ring);
            int kind = random.nextInt(4);
            for (int step = 0; step < 3 * ring.length; step++) {
                int slot = step % ring.length;
                float value = switch (kind) {
                    case 0 -> (float) (random.nextGaussian() * 1e3);
                    case 1 -> random.nextInt(5) * 0.25f;
                    case 2 -> random.nextInt(8) == 0 ? ODD[random.nextInt(ODD.length)] : (float) random.nextGaussian();
                    default -> random.nextInt(6) == 0 ? Float.NaN : (float) random.nextGaussian();
                };
                if (random.nextInt(200) == 0) {
                    Arrays.fill(ring, Float.NaN);
                    sorted.clear();
                }
                sorted.replace(ring[slot], value);
                ring[slot] = value;
                double expectedMedian = reference(ring, false, 0);
                double median = sorted.median();
                assertThat(Double.doubleToLongBits(median)).as("median, round %d step %d", round, step)
                        .isEqualTo(Double.doubleToLongBits(expectedMedian));
                assertThat(Double.doubleToLongBits(sorted.medianDeviation(median))).as("deviation, round %d step %d", round, step)
                        .isEqualTo(Double.doubleToLongBits(reference(ring, true, median)));
            }
            SortedBaseline rebuilt = new SortedBaseline(ring);
            assertThat(Double.doubleToLongBits(rebuilt.median())).isEqualTo(Double.doubleToLongBits(sorted.median()));
        }
    }

    /** As the analyses summarized their baseline: the median of the values, or of their distances to {@code m}. */
    private static double reference(float[] ring, boolean deviations, double m) {
        double[] values = new double[ring.length];
        int n = 0;
        for (float v : ring) {
            if (!Float.isNaN(v)) {
                values[n++] = v;
            }
        }
        if (deviations) {
            for (int i = 0; i < n; i++) {
                values[i] = Math.abs(values[i] - m);
            }
        }
        return Medians.of(values, n);
    }
}
