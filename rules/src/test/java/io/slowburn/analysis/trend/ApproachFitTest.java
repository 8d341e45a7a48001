package io.slowburn.analysis.trend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ApproachFitTest {

    private static final int N = 12;

    private static double[] hours() {
        double[] x = new double[N];
        for (int i = 0; i < N; i++) {
            x[i] = (i + 0.5) / N;
        }
        return x;
    }

    @Test
    void shouldFindThePlateauOfARiseThatBends() {
        double[] x = hours();
        double[] y = new double[N];
        Random r = new Random(3);
        for (int i = 0; i < N; i++) {
            // onset a quarter of the way in, time constant 20 minutes, 900 MB toward a floor of 1.1 GB, 5 MB of noise
            double since = Math.max(0, x[i] - 0.25);
            y[i] = 1.1e9 + 9e8 * (1 - Math.exp(-since / (20 / 60.0))) + r.nextGaussian() * 5e6;
        }
        assertThat(ApproachFit.plateau(x, y, N)).isBetween(1.8e9, 2.2e9);
    }

    @Test
    void shouldRarelyMistakeANoisyStraightRiseForOneThatLevelsOff() {
        // A leak from a third of the way in, noise a fifth of the rise per bucket: the curve can round the line's corner
        // now and then, never often (one bucket close in a hundred at most: the rule's 'for' then waits one more close).
        double[] x = hours();
        Random r = new Random(5);
        int flagged = 0;
        for (int seed = 0; seed < 2_000; seed++) {
            double[] y = new double[N];
            for (int i = 0; i < N; i++) {
                y[i] = 1.1e9 + Math.max(0, x[i] - 0.33) * 3e8 + r.nextGaussian() * 5e6;
            }
            flagged += Double.isNaN(ApproachFit.plateau(x, y, N)) ? 0 : 1;
        }
        assertThat(flagged).isLessThanOrEqualTo(20);
    }

    @Test
    void shouldNeverSeeAPlateauInAStraightRiseWithoutNoise() {
        double[] x = hours();
        double[] y = new double[N];
        for (int i = 0; i < N; i++) {
            y[i] = 1.1e9 + Math.max(0, x[i] - 0.3) * 3e8;
        }
        assertThat(ApproachFit.plateau(x, y, N)).isNaN();
    }

    @Test
    void shouldSayNothingOnTooFewBuckets() {
        assertThat(ApproachFit.plateau(new double[] {0, 1, 2, 3, 4, 5}, new double[] {0, 5, 8, 9, 9.5, 9.7}, 6)).isNaN();
    }
}
