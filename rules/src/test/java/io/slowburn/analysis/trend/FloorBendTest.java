package io.slowburn.analysis.trend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class FloorBendTest {

    private static final long BUCKET = 300_000L;
    private static final int POINTS = TrendToLimitAnalysis.POINTS;

    /** The rung of an hour at {@code bucket: 5m}: twelve bucket minima, each a post-GC floor with 1.5% noise. */
    private static LevelRing rung(IntToDoubleFunction floorAtBucket, long seed) {
        Random r = new Random(seed);
        LevelRing ring = new LevelRing(POINTS + 1, BUCKET, LevelRing.Aggregate.MIN);
        for (int i = 0; i < POINTS; i++) {
            // two collections a bucket: the minimum of two noisy floors
            for (int gc = 0; gc < 2; gc++) {
                ring.add(i * BUCKET + gc * BUCKET / 2, floorAtBucket.applyAsDouble(i) * (1 + 0.015 * r.nextDouble()));
            }
        }
        return ring;
    }

    @Test
    void shouldSeeAHeapCacheWarmingUpBendWithinTheHour() {
        // 900 MB cached with a time constant of 40 minutes, from the fourth bucket on: 400 MB/h and falling.
        for (long seed = 1; seed <= 20; seed++) {
            LevelRing ring = rung(i -> 1.1e9 + (i < 3 ? 0 : 9e8 * (1 - Math.exp(-(i - 3) * 5 / 40.0))), seed);
            assertThat(FloorBend.curvature(ring, POINTS, POINTS)).as("seed %s", seed).isLessThan(-FloorBend.MIN_T);
            assertThat(FloorBend.bends(ring, POINTS, POINTS)).isTrue();
        }
    }

    @Test
    void shouldNotSeeALeakBendWhetherItStartedWithinTheStretchOrBeforeIt() {
        // A leak that reaches the 4 GB heap max in 12 hours: 250 MB/h, a straight line from its onset.
        for (int onset : new int[] {0, 3, 5}) {
            for (long seed = 1; seed <= 20; seed++) {
                LevelRing ring = rung(i -> 1.1e9 + Math.max(0, i - onset) * 2.5e8 / 12, seed);
                assertThat(FloorBend.bends(ring, POINTS, POINTS)).as("onset %s, seed %s", onset, seed).isFalse();
            }
        }
    }

    @Test
    void shouldNotSeeAFlatFloorBend() {
        for (long seed = 1; seed <= 20; seed++) {
            assertThat(FloorBend.bends(rung(i -> 1.1e9, seed), POINTS, POINTS)).as("flat, seed %s", seed).isFalse();
        }
    }

    @Test
    void shouldReadTheBendOnTheBucketsFromTheFirstGivenOnly() {
        // A sawtooth's up-stroke and reclaim in the first four buckets (levels before its correction began), then a
        // cache warming up: read from the fifth bucket, the bend is the warm-up's alone, as if the four were not there.
        IntToDoubleFunction warmUp = i -> 1.1e9 + 9e8 * (1 - Math.exp(-(i - 4) * 5 / 40.0));
        LevelRing mixed = rung(i -> i < 4 ? 1.1e9 + (i % 4) * 4e8 : warmUp.applyAsDouble(i), 3);
        LevelRing alone = new LevelRing(POINTS + 1, BUCKET, LevelRing.Aggregate.MIN);
        for (int i = 4; i < POINTS; i++) {
            alone.add(i * BUCKET, mixed.value(i));
        }
        assertThat(FloorBend.curvature(mixed, POINTS, POINTS, 4)).isEqualTo(FloorBend.curvature(alone, POINTS, POINTS))
                .isLessThan(-FloorBend.MIN_T);
        assertThat(FloorBend.bends(mixed, POINTS, POINTS, 4)).isTrue();
    }

    @Test
    void shouldSayNothingWithTooFewBuckets() {
        LevelRing ring = new LevelRing(POINTS + 1, BUCKET, LevelRing.Aggregate.MIN);
        for (int i = 0; i < FloorBend.MIN_RISE_POINTS; i++) {
            ring.add(i * BUCKET, 1.1e9 + 9e8 * (1 - Math.exp(-i / 3.0)));
        }
        assertThat(FloorBend.curvature(ring, POINTS, POINTS)).isZero();
    }
}
