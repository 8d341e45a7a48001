package io.slowburn.analysis.trend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** A ring's non-empty buckets read at once are the ones {@code count} and {@code value} give bucket by bucket. */
class LevelRingTest {

    @Test
    void nonEmptyBucketsAreTheOnesReadOneByOne() {
        Random random = new Random(23);
        for (int round = 0; round < 10_000; round++) {
            int capacity = 1 + random.nextInt(20);
            long width = 60_000L;
            LevelRing ring = new LevelRing(capacity, width, LevelRing.Aggregate.values()[random.nextInt(3)]);
            long first = random.nextInt(1_000) - 500;
            long t = first * width;
            for (int i = random.nextInt(3 * capacity); i > 0; i--) {
                t += random.nextInt(3) * width / 2;
                ring.add(t, random.nextGaussian());
            }
            // Ranges that start before the oldest bucket held, end past the newest, or hold none.
            long from = first + random.nextInt(4 * capacity) - 2 * capacity;
            long to = from + random.nextInt(3 * capacity);
            double[] offsets = new double[(int) (to - from)];
            double[] values = new double[offsets.length];
            int n = ring.nonEmpty(from, to, offsets, values);
            int expected = 0;
            for (long i = from; i < to; i++) {
                if (ring.count(i) > 0) {
                    assertThat(offsets[expected]).as("round %d", round).isEqualTo(i - from);
                    assertThat(values[expected]).as("round %d", round).isEqualTo(ring.value(i));
                    expected++;
                }
            }
            assertThat(n).as("round %d", round).isEqualTo(expected);
        }
    }
}
