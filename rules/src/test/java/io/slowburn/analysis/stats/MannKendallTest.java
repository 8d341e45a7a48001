package io.slowburn.analysis.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
}
