package io.slowburn.analysis.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
}
