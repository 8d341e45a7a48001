package io.slowburn.analysis.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class BucketRingTest {

    private static final long T0 = 1_772_409_600_000L;
    private static final long MINUTE = 60_000L;

    @Test
    void shouldSummariseEachBucket() {
        BucketRing ring = new BucketRing(4, MINUTE);
        ring.add(T0, 5);
        ring.add(T0 + 10_000, 1);
        ring.add(T0 + 50_000, 9);
        long i = ring.indexOf(T0);
        assertThat(ring.count(i)).isEqualTo(3);
        assertThat(ring.min(i)).isEqualTo(1);
        assertThat(ring.max(i)).isEqualTo(9);
        assertThat(ring.sum(i)).isEqualTo(15);
        assertThat(ring.mean(i)).isEqualTo(5);
    }

    @Test
    void shouldRotateByEventTimeAndForgetOldBuckets() {
        BucketRing ring = new BucketRing(3, MINUTE);
        ring.add(T0, 1);
        ring.add(T0 + MINUTE, 2);
        ring.add(T0 + 3 * MINUTE, 4);
        long i0 = ring.indexOf(T0);
        assertThat(ring.count(i0)).as("rotated out").isZero();
        assertThat(ring.count(i0 + 1)).isEqualTo(1);
        assertThat(ring.count(i0 + 2)).as("skipped, empty").isZero();
        assertThat(ring.add(T0, 7)).as("too old for the ring").isFalse();
        assertThat(ring.add(T0 + MINUTE + 1, 3)).as("old but still held").isTrue();
        assertThat(ring.max(i0 + 1)).isEqualTo(3);
    }

    @Test
    void shouldMergePairsWhenCoarsening() {
        BucketRing ring = new BucketRing(4, MINUTE);
        for (int m = 0; m < 4; m++) {
            ring.add(T0 + m * MINUTE, m + 1);
        }
        ring.coarsen();
        assertThat(ring.width()).isEqualTo(2 * MINUTE);
        long i = ring.indexOf(T0);
        assertThat(ring.count(i)).isEqualTo(2);
        assertThat(ring.min(i)).isEqualTo(1);
        assertThat(ring.max(i + 1)).isEqualTo(4);
        assertThat(ring.sum(i, i + 1)).isEqualTo(10);
    }

    @Test
    void shouldRoundTripThroughBytes() throws IOException {
        BucketRing ring = new BucketRing(5, MINUTE);
        for (int m = 0; m < 7; m += 2) {
            ring.add(T0 + m * MINUTE, m * 1.5);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ring.writeTo(new DataOutputStream(bytes));
        BucketRing copy = new BucketRing(5, MINUTE);
        copy.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        copy.writeTo(new DataOutputStream(again));
        assertThat(again.toByteArray()).isEqualTo(bytes.toByteArray());
        assertThat(copy.newest()).isEqualTo(ring.newest());
        assertThat(copy.sum(copy.oldest(), copy.newest())).isEqualTo(ring.sum(ring.oldest(), ring.newest()));
    }

    @Test
    void shouldRejectSamplesBeyondTheLatenessBound() {
        Watermark clock = new Watermark(2 * MINUTE);
        assertThat(clock.accept(T0)).isTrue();
        assertThat(clock.accept(T0 + 10 * MINUTE)).isTrue();
        assertThat(clock.accept(T0 + 8 * MINUTE)).as("exactly at the bound").isTrue();
        assertThat(clock.accept(T0 + 8 * MINUTE - 1)).isFalse();
        assertThat(clock.history()).isEqualTo(10 * MINUTE);
    }
}
