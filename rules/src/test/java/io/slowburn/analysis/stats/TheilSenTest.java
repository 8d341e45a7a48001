package io.slowburn.analysis.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TheilSenTest {

    @Test
    void shouldRecoverAnExactSlope() {
        double[] x = {0, 1, 2, 3, 4, 5};
        double[] y = {10, 12, 14, 16, 18, 20};
        TheilSen.Result r = TheilSen.fit(x, y, 0.95);
        assertThat(r.slope()).isEqualTo(2.0);
        assertThat(r.lower()).isEqualTo(2.0);
        assertThat(r.upper()).isEqualTo(2.0);
        assertThat(r.pairs()).isEqualTo(15);
    }

    @Test
    void shouldIgnoreOutliersAndBracketTheTrueSlope() {
        Random random = new Random(1);
        int n = 60;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = 5 + 0.5 * i + random.nextGaussian();
        }
        y[10] = 500;
        y[40] = -500;
        TheilSen.Result r = TheilSen.fit(x, y, 0.95);
        assertThat(r.slope()).isCloseTo(0.5, within(0.05));
        assertThat(r.lower()).isLessThan(0.5);
        assertThat(r.upper()).isGreaterThan(0.5);
        assertThat(r.upper() - r.lower()).isLessThan(0.1);
    }

    @Test
    void shouldWidenTheIntervalWithTheConfidence() {
        Random random = new Random(2);
        double[] x = new double[30];
        double[] y = new double[30];
        for (int i = 0; i < 30; i++) {
            x[i] = i;
            y[i] = i + 5 * random.nextGaussian();
        }
        TheilSen.Result narrow = TheilSen.fit(x, y, 0.8);
        TheilSen.Result wide = TheilSen.fit(x, y, 0.99);
        assertThat(wide.upper()).isGreaterThan(narrow.upper());
        assertThat(wide.lower()).isLessThan(narrow.lower());
    }

    @Test
    void shouldGiveARangesAndTheHalvesSlopesBitForBitAsAFitOfTheirCopies() {
        Random random = new Random(11);
        // One work array for every round, as a rung's fits share one: what a longer fit left in it must not matter.
        long[] work = new long[13 * 12];
        for (int round = 0; round < 50_000; round++) {
            int n = random.nextInt(14);
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                // Repeated positions (skipped pairs), ties, signed zeros and steps among the values.
                x[i] = random.nextInt(4) == 0 && i > 0 ? x[i - 1] : i * (random.nextBoolean() ? 1 / 12.0 : 1 / 3.0);
                y[i] = switch (random.nextInt(5)) {
                    case 0 -> random.nextBoolean() ? 0.0 : -0.0;
                    case 1 -> random.nextInt(3);
                    case 2 -> i > n / 2 ? 50 + random.nextGaussian() : random.nextGaussian();
                    default -> 100 + i * random.nextGaussian();
                };
            }
            TheilSen.Result all = TheilSen.fit(x, y, 0.95);
            TheilSen.Halves halves = TheilSen.fitWithHalves(x, y, n, MannKendall.variance(y), 0.95, work);
            assertThat(bits(halves.all())).as("round %d", round).containsExactly(bits(all));
            assertThat(halves.all().pairs()).isEqualTo(all.pairs());
            assertThat(Double.doubleToRawLongBits(halves.older())).as("round %d", round)
                    .isEqualTo(Double.doubleToRawLongBits(TheilSen.slope(x, y, 0, n / 2)));
            assertThat(Double.doubleToRawLongBits(halves.newer())).as("round %d", round)
                    .isEqualTo(Double.doubleToRawLongBits(TheilSen.slope(x, y, n - n / 2, n)));
            int from = n == 0 ? 0 : random.nextInt(n);
            int to = from + random.nextInt(n - from + 1);
            double expected = TheilSen.fit(Arrays.copyOfRange(x, from, to), Arrays.copyOfRange(y, from, to), 0.95).slope();
            assertThat(Double.doubleToRawLongBits(TheilSen.slope(x, y, from, to))).as("round %d", round)
                    .isEqualTo(Double.doubleToRawLongBits(expected));
        }
    }

    private static long[] bits(TheilSen.Result r) {
        return new long[] {Double.doubleToLongBits(r.slope()), Double.doubleToLongBits(r.lower()), Double.doubleToLongBits(r.upper())};
    }
}
