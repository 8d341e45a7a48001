package io.slowburn.analysis.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MannKendallTest {

    @Test
    void shouldComputeSAndVarianceWithoutTies() {
        MannKendall.Result r = MannKendall.test(new double[] {1, 2, 3, 4, 5});
        assertThat(r.s()).isEqualTo(10);
        // n(n-1)(2n+5)/18 = 5*4*15/18
        assertThat(r.variance()).isCloseTo(5 * 4 * 15 / 18.0, within(1e-12));
        assertThat(r.z()).isCloseTo(9 / Math.sqrt(5 * 4 * 15 / 18.0), within(1e-12));
        // z = 9 / sqrt(16.67) = 2.20: one-sided p = 0.0137.
        assertThat(r.pIncrease()).isCloseTo(0.0137, within(1e-4));
        assertThat(r.pDecrease()).isCloseTo(1 - r.pIncrease(), within(1e-12));
    }

    @Test
    void shouldCorrectTheVarianceForTies() {
        // Values 1,1,2,2,2: tie groups of 2 and 3. Var = [5*4*15 - 2*1*9 - 3*2*11] / 18.
        double[] y = {1, 2, 1, 2, 2};
        assertThat(MannKendall.variance(y)).isCloseTo((300 - 18 - 66) / 18.0, within(1e-12));
        // Pairs: (1,2)+ (1,1)0 (1,2)+ (1,2)+ | (2,1)- (2,2)0 (2,2)0 | (1,2)+ (1,2)+ | (2,2)0: S = 3 - 1 + 2 = 4
        assertThat(MannKendall.test(y).s()).isEqualTo(4);
    }

    @Test
    void shouldFindNoTrendInAFlatSeries() {
        MannKendall.Result r = MannKendall.test(new double[] {3, 3, 3, 3, 3, 3});
        assertThat(r.s()).isZero();
        assertThat(r.pTwoSided()).isEqualTo(1.0);
    }

    @Test
    void shouldBeSymmetricForFallingSeries() {
        MannKendall.Result up = MannKendall.test(new double[] {1, 3, 2, 5, 4, 7, 6, 9});
        MannKendall.Result down = MannKendall.test(new double[] {9, 6, 7, 4, 5, 2, 3, 1});
        assertThat(down.s()).isEqualTo(-up.s());
        assertThat(down.pDecrease()).isCloseTo(up.pIncrease(), within(1e-12));
        assertThat(up.pTwoSided()).isCloseTo(2 * up.pIncrease(), within(1e-12));
    }

    /**
     * The test counts S and the ties in one pass over the first n values: the S of the pair loop alone and the
     * variance {@link MannKendall#variance} gives those values, bit for bit, on noise, on few distinct values and with
     * signed zeros, NaN and infinities mixed in, whatever the array holds after them.
     */
    @Test
    void shouldCountSAndTiesInOnePassAsSeparately() {
        double[] odd = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.0, 1.0};
        Random random = new Random(17);
        for (int round = 0; round < 20_000; round++) {
            double[] y = new double[1 + random.nextInt(30)];
            int n = random.nextInt(y.length + 1);
            int kind = random.nextInt(3);
            for (int i = 0; i < y.length; i++) {
                y[i] = switch (kind) {
                    case 0 -> random.nextGaussian() * 100;
                    case 1 -> random.nextInt(4) * 0.5;
                    default -> random.nextInt(3) == 0 ? odd[random.nextInt(odd.length)] : random.nextGaussian();
                };
            }
            double[] first = Arrays.copyOf(y, n);
            MannKendall.Result r = MannKendall.test(y, n);
            assertThat(r.s()).as("%s", Arrays.toString(first)).isEqualTo(pairSum(first));
            assertThat(Double.doubleToRawLongBits(r.variance())).as("%s", Arrays.toString(first))
                    .isEqualTo(Double.doubleToRawLongBits(MannKendall.variance(first)));
        }
    }

    private static long pairSum(double[] y) {
        long s = 0;
        for (int i = 0; i < y.length; i++) {
            for (int j = i + 1; j < y.length; j++) {
                s += y[j] > y[i] ? 1 : (y[j] < y[i] ? -1 : 0);
            }
        }
        return s;
    }
}
