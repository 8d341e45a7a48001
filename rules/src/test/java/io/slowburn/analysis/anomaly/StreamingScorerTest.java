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

    @Test
    void shouldScoreTwoDeviationsWithOneTailAsWithTwo() {
        Random random = new Random(5);
        double[] edges = {0, -0, 7.999999, 8, 8.000001, -8, 30, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int i = 0; i < 100_000; i++) {
            double a = i % 10 == 0 ? edges[random.nextInt(edges.length)] : random.nextGaussian() * (1 + random.nextInt(6));
            double b = i % 7 == 0 ? edges[random.nextInt(edges.length)] : random.nextGaussian() * (1 + random.nextInt(6));
            assertThat(Double.doubleToRawLongBits(StreamingScorer.surpriseOfBoth(a, b))).as(a + ", " + b)
                    .isEqualTo(Double.doubleToRawLongBits(Math.max(StreamingScorer.tailSurprise(a), StreamingScorer.tailSurprise(b))));
        }
    }


    private static double[] noise(int n, long seed, double mean, double sd) {
        Random r = new Random(seed);
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = mean + sd * r.nextGaussian();
        }
        return xs;
    }

    private static double[] scores(double[] xs) {
        StreamingScorer s = new StreamingScorer();
        double[] out = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            out[i] = s.score(xs[i]);
        }
        return out;
    }

    private static long countAtLeast(double[] s, double threshold) {
        return Arrays.stream(s).filter(v -> v >= threshold).count();
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
        double[] xs = noise(900, 2, 100, 5);
        double[] prefix = Arrays.copyOf(xs, 500);
        double[] more = xs.clone();
        for (int i = 500; i < more.length; i++) {
            more[i] = i % 7 == 0 ? 1e6 : -more[i];
        }

        double[] a = scores(prefix);
        double[] b = Arrays.copyOf(scores(xs), 500);
        double[] c = Arrays.copyOf(scores(more), 500);

        assertThat(b).containsExactly(a);
        assertThat(c).containsExactly(a);
    }

    @Test
    void shouldRarelyScoreNoiseHigh() {
        double[] s = scores(noise(20_000, 3, 0, 1));

        assertThat(countAtLeast(s, StreamingScorer.DETECTION)).isLessThanOrEqualTo(COUNT_ON_NOISE);
        assertThat(countAtLeast(s, 0.95)).isZero();
        double[] sorted = Arrays.copyOfRange(s, StreamingScorer.DEFAULT_WARMUP, s.length);
        Arrays.sort(sorted);
        assertThat(sorted[sorted.length / 2]).isLessThan(0.05);
    }

    private static final int COUNT_ON_NOISE = 10;

    @Test
    void shouldScoreASpikeHighOnceAndNoiseLow() {
        double[] xs = noise(1_000, 4, 0.2, 0.01);
        xs[700] = 0.35;

        double[] s = scores(xs);

        assertThat(s[700]).isEqualTo(1.0);
        assertThat(countAtLeast(Arrays.copyOfRange(s, 0, 700), StreamingScorer.DETECTION)).isLessThanOrEqualTo(1);
        assertThat(countAtLeast(Arrays.copyOfRange(s, 701, 1000), StreamingScorer.DETECTION)).isZero();
    }

    @Test
    void shouldScoreZeroDuringWarmUpThenDetectALevelShift() {
        double[] xs = noise(1_000, 5, 10, 1);
        for (int i = 600; i < xs.length; i++) {
            xs[i] -= 6;
        }

        double[] s = scores(xs);

        assertThat(Arrays.copyOf(s, StreamingScorer.DEFAULT_WARMUP)).containsOnly(0.0);
        assertThat(Arrays.stream(s, 600, 605).max().getAsDouble()).isGreaterThanOrEqualTo(StreamingScorer.DETECTION);
        assertThat(countAtLeast(Arrays.copyOfRange(s, 750, 1000), StreamingScorer.DETECTION)).isZero();
    }

    @Test
    void shouldScoreAFlatSeriesThatMovesHighWithoutDividingByZero() {
        double[] xs = new double[400];
        Arrays.fill(xs, 42);
        xs[300] = 43;

        double[] s = scores(xs);

        assertThat(s[299]).isEqualTo(0.0);
        assertThat(s[300]).isEqualTo(1.0);
    }

    @Test
    void shouldRoundTripMidWarmUpAndAfter() throws IOException {
        double[] xs = noise(700, 6, 3, 1);
        xs[500] = 30;
        for (int cut : new int[] {10, 100, 400}) {
            StreamingScorer a = new StreamingScorer();
            for (int i = 0; i < cut; i++) {
                a.score(xs[i]);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            a.writeTo(new DataOutputStream(bytes));
            StreamingScorer b = StreamingScorer.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            for (int i = cut; i < xs.length; i++) {
                assertThat(b.score(xs[i])).isEqualTo(a.score(xs[i]));
            }
            assertThat(bytes.size()).isLessThanOrEqualTo(600);
        }
    }

    @Test
    void shouldRefuseNonFiniteValuesAndABadWarmUp() {
        assertThatThrownBy(() -> new StreamingScorer().score(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StreamingScorer(2)).hasMessage("warmup must be between 4 and 10000, got 2");
    }
}
