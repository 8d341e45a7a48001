package io.slowburn.analysis.trend;

import io.slowburn.analysis.window.VarInts;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * A ring of event-time buckets that keeps ONE number per bucket: its minimum (the post-GC floor, the drained
 * queue), its mean or its maximum, and the sample count. Half the size of a {@code BucketRing} per bucket (a varint and a float),
 * which is what lets a ladder of a dozen rungs stay under 2 KiB. Bucket {@code i} covers {@code [i*w, (i+1)*w)}.
 * The value is kept as a {@code float} in memory as on the wire, so a state behaves the same after serialization.
 */
final class LevelRing {

    private static final long EMPTY = Long.MIN_VALUE;

    private final long width;
    /** How a bucket's samples become its one value. */
    enum Aggregate { MIN, MEAN, MAX }

    private final Aggregate aggregate;
    private final int[] count;
    private final float[] value;
    private long newest = EMPTY;

    LevelRing(int capacity, long widthMs, Aggregate aggregate) {
        if (capacity < 1 || widthMs < 1) {
            throw new IllegalArgumentException("capacity and width must be positive, got '" + capacity + "' and '" + widthMs + "'");
        }
        this.width = widthMs;
        this.aggregate = aggregate;
        this.count = new int[capacity];
        this.value = new float[capacity];
    }

    long width() {
        return width;
    }

    int capacity() {
        return count.length;
    }

    /** Adds a sample; false (no change) when it is older than the oldest bucket held. */
    boolean add(long ts, double v) {
        long index = Math.floorDiv(ts, width);
        if (newest == EMPTY) {
            newest = index;
        } else if (index > newest) {
            rotateTo(index);
        } else if (index <= newest - count.length) {
            return false;
        }
        int s = slot(index);
        int n = ++count[s];
        float x = (float) v;
        if (n == 1) {
            value[s] = x;
        } else {
            value[s] = switch (aggregate) {
                case MIN -> Math.min(value[s], x);
                case MAX -> Math.max(value[s], x);
                case MEAN -> value[s] + (x - value[s]) / n;
            };
        }
        return true;
    }

    private void rotateTo(long index) {
        if (index - newest >= count.length) {
            Arrays.fill(count, 0);
        } else {
            for (long i = newest + 1; i <= index; i++) {
                count[slot(i)] = 0;
            }
        }
        newest = index;
    }

    private int slot(long index) {
        return (int) Math.floorMod(index, (long) count.length);
    }

    private boolean holds(long index) {
        return newest != EMPTY && index <= newest && index > newest - count.length;
    }

    int count(long index) {
        return holds(index) ? count[slot(index)] : 0;
    }

    /** The largest value of the non-empty buckets in {@code [from, to)}; NaN when all are empty. */
    double max(long from, long to) {
        double m = Double.NaN;
        for (long i = from; i < to; i++) {
            if (count(i) > 0 && !(value[slot(i)] <= m)) {
                m = value[slot(i)];
            }
        }
        return m;
    }

    /** The smallest value of the non-empty buckets in {@code [from, to)}; NaN when all are empty. */
    double min(long from, long to) {
        double m = Double.NaN;
        for (long i = from; i < to; i++) {
            if (count(i) > 0 && !(value[slot(i)] >= m)) {
                m = value[slot(i)];
            }
        }
        return m;
    }

    /** The bucket's value; NaN when empty or not held. */
    double value(long index) {
        return count(index) == 0 ? Double.NaN : value[slot(index)];
    }

    /**
     * The non-empty buckets in {@code [from, to)}, oldest first: each one's offset from {@code from} into
     * {@code offsets} and its value into {@code values}; returns how many. What {@link #count} and {@link #value} give
     * bucket by bucket, with one slot computed instead of three per bucket (a fit reads its rung this way).
     */
    int nonEmpty(long from, long to, double[] offsets, double[] values) {
        if (newest == EMPTY) {
            return 0;
        }
        long first = Math.max(from, newest - count.length + 1);
        long last = Math.min(to, newest + 1);
        int n = 0;
        int s = slot(first);
        for (long i = first; i < last; i++) {
            if (count[s] > 0) {
                offsets[n] = i - from;
                values[n] = value[s];
                n++;
            }
            s = s + 1 == count.length ? 0 : s + 1;
        }
        return n;
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeBoolean(newest != EMPTY);
        if (newest == EMPTY) {
            return;
        }
        VarInts.writeSigned(out, newest);
        for (long i = newest - count.length + 1; i <= newest; i++) {
            int s = slot(i);
            VarInts.writeUnsigned(out, count[s]);
            if (count[s] > 0) {
                out.writeFloat(value[s]);
            }
        }
    }

    void readFrom(DataInput in) throws IOException {
        readFrom(in, count.length);
    }

    /**
     * Reads a ring that was written with {@code written} buckets (an older layout of a longer or shorter ring): the
     * newest buckets this ring can hold are kept, the rest read and dropped; buckets it never had stay empty.
     */
    void readFrom(DataInput in, int written) throws IOException {
        Arrays.fill(count, 0);
        if (!in.readBoolean()) {
            newest = EMPTY;
            return;
        }
        newest = VarInts.readSigned(in);
        for (long i = newest - written + 1; i <= newest; i++) {
            int n = (int) VarInts.readUnsigned(in);
            float v = n > 0 ? in.readFloat() : 0f;
            if (i > newest - count.length) {
                int s = slot(i);
                count[s] = n;
                value[s] = v;
            }
        }
    }
}
