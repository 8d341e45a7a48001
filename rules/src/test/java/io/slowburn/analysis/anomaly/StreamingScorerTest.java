package io.slowburn.analysis.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamingScorerTest {

    private static double[] noise(int n, long seed, double mean, double sd) {
        Random r = new Random(seed);
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = mean + sd * r.nextGaussian();
        }
        return xs;
    }

    private static double[] scores(double[] xs) {
        StreamingScorer s = new StreamingScorer(30);
        double[] out = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            out[i] = s.score(xs[i]);
        }
        return out;
    }

    @Test
    void shouldKeepEveryScoreBetweenZeroAndOne() {
        double[] xs = noise(2_000, 1, 0, 1);
        xs[500] = 1e12;
        xs[501] = -1e12;
        xs[900] = 0;
        for (int i = 1000; i < 1100; i++) {
            xs[i] = 5;
        }

        for (double s : scores(xs)) {
            assertThat(s).isBetween(0.0, 1.0);
        }
    }

    @Test
    void shouldBeCausal() {
        double[] xs = noise(600, 2, 100, 5);
        double[] prefix = Arrays.copyOf(xs, 300);
        double[] more = xs.clone();
        for (int i = 300; i < more.length; i++) {
            more[i] = i % 7 == 0 ? 1e6 : -more[i];
        }

        double[] a = scores(prefix);
        double[] b = Arrays.copyOf(scores(xs), 300);
        double[] c = Arrays.copyOf(scores(more), 300);

        assertThat(b).containsExactly(a);
        assertThat(c).containsExactly(a);
    }

    @Test
    void shouldScoreASpikeHighAndNoiseLow() {
        double[] xs = noise(1_000, 3, 0.2, 0.01);
        xs[700] = 0.35;

        double[] s = scores(xs);

        assertThat(s[700]).isGreaterThan(0.9999);
        long above = Arrays.stream(s).filter(v -> v >= 0.995).count();
        assertThat(above).isLessThanOrEqualTo(10);
        double[] sorted = Arrays.copyOfRange(s, 30, s.length);
        Arrays.sort(sorted);
        assertThat(sorted[sorted.length / 2]).isLessThan(0.8);
        assertThat(s[701]).isLessThan(0.995);
    }

    @Test
    void shouldScoreZeroDuringWarmUpAndAbsorbALevelShift() {
        double[] xs = noise(600, 4, 10, 1);
        for (int i = 300; i < xs.length; i++) {
            xs[i] += 20;
        }

        double[] s = scores(xs);

        assertThat(Arrays.copyOf(s, 30)).containsOnly(0.0);
        assertThat(s[300]).isGreaterThan(0.9999);
        long stillHigh = Arrays.stream(s, 400, 600).filter(v -> v >= 0.995).count();
        assertThat(stillHigh).isLessThanOrEqualTo(3);
    }

    @Test
    void shouldScoreAFlatSeriesThatMovesHighWithoutDividingByZero() {
        double[] xs = new double[100];
        Arrays.fill(xs, 42);
        xs[80] = 43;

        double[] s = scores(xs);

        assertThat(s[79]).isEqualTo(0.0);
        assertThat(s[80]).isEqualTo(1.0);
    }

    @Test
    void shouldRoundTripMidWarmUpAndAfter() throws IOException {
        double[] xs = noise(200, 5, 3, 1);
        for (int cut : new int[] {10, 150}) {
            StreamingScorer a = new StreamingScorer(30);
            for (int i = 0; i < cut; i++) {
                a.score(xs[i]);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            a.writeTo(new DataOutputStream(bytes));
            StreamingScorer b = StreamingScorer.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            for (int i = cut; i < xs.length; i++) {
                assertThat(b.score(xs[i])).isEqualTo(a.score(xs[i]));
            }
            assertThat(bytes.size()).isLessThanOrEqualTo(1 + 4 + 8 + 30 * 8);
        }
    }

    @Test
    void shouldRefuseNonFiniteValues() {
        assertThatThrownBy(() -> new StreamingScorer(30).score(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
