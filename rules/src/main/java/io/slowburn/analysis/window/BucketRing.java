package io.slowburn.analysis.window;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * A fixed-size ring of event-time buckets, in the spirit of Micrometer's {@code TimeWindowMax}: the ring rotates
 * as event time advances and each bucket keeps a summary (count, min, max, sum), never the raw samples. Buckets
 * are aligned to multiples of the width since the epoch, so bucket {@code i} covers {@code [i*w, (i+1)*w)}.
 *
 * <p>{@link #coarsen()} doubles the width by merging neighbouring pairs (min of mins, sum of sums, ...): this is
 * how a ring of a hundred buckets covers a history of hours at fine resolution and of a week at coarse
 * resolution without ever growing. Min and max are kept as {@code float} in memory as on the wire, so that a
 * state behaves the same whether or not it went through serialization; the sum is kept as a {@code double}.
 *
 * <p>Serialized size: a header of ~12 bytes plus, per bucket, one byte when empty and 17-19 bytes when not.
 */
public final class BucketRing {

    private static final long EMPTY = Long.MIN_VALUE;

    private final int capacity;
    private long width;
    private long newest = EMPTY;
    private final int[] count;
    private final float[] min;
    private final float[] max;
    private final double[] sum;

    public BucketRing(int capacity, long widthMs) {
        if (capacity < 1 || widthMs < 1) {
            throw new IllegalArgumentException("capacity and width must be positive, got '" + capacity + "' and '" + widthMs + "'");
        }
        this.capacity = capacity;
        this.width = widthMs;
        this.count = new int[capacity];
        this.min = new float[capacity];
        this.max = new float[capacity];
        this.sum = new double[capacity];
    }

    public int capacity() {
        return capacity;
    }

    public long width() {
        return width;
    }

    /** The bucket index holding event time {@code ts}. */
    public long indexOf(long ts) {
        return Math.floorDiv(ts, width);
    }

    /** Start of bucket {@code index}, epoch ms. */
    public long startOf(long index) {
        return index * width;
    }

    /** Index of the newest bucket, or {@link Long#MIN_VALUE} when the ring never saw a sample. */
    public long newest() {
        return newest;
    }

    public boolean isEmpty() {
        return newest == EMPTY;
    }

    /** Oldest index still held. */
    public long oldest() {
        return newest - capacity + 1;
    }

    /**
     * Adds a value at event time {@code ts}, rotating the ring forward when {@code ts} is newer than every bucket.
     * Returns false, changing nothing, when {@code ts} is older than the oldest bucket held.
     */
    public boolean add(long ts, double value) {
        long index = indexOf(ts);
        if (newest == EMPTY) {
            newest = index;
        } else if (index > newest) {
            rotateTo(index);
        } else if (index <= newest - capacity) {
            return false;
        }
        int s = slot(index);
        float v = (float) value;
        if (count[s] == 0) {
            min[s] = v;
            max[s] = v;
        } else {
            if (v < min[s]) {
                min[s] = v;
            }
            if (v > max[s]) {
                max[s] = v;
            }
        }
        count[s]++;
        sum[s] += value;
        return true;
    }

    /** Moves the newest bucket to {@code index}, emptying the buckets it passes. */
    public void rotateTo(long index) {
        if (newest == EMPTY) {
            newest = index;
            return;
        }
        if (index <= newest) {
            return;
        }
        if (index - newest >= capacity) {
            Arrays.fill(count, 0);
            Arrays.fill(sum, 0);
        } else {
            for (long i = newest + 1; i <= index; i++) {
                int s = slot(i);
                count[s] = 0;
                sum[s] = 0;
            }
        }
        newest = index;
    }

    /** Doubles the bucket width by merging the pairs {@code 2k, 2k+1}; the number of buckets held stays the same. */
    public void coarsen() {
        if (newest == EMPTY) {
            width *= 2;
            return;
        }
        int[] c = new int[capacity];
        float[] lo = new float[capacity];
        float[] hi = new float[capacity];
        double[] su = new double[capacity];
        long newNewest = Math.floorDiv(newest, 2);
        for (long i = oldest(); i <= newest; i++) {
            int s = slot(i);
            if (count[s] == 0) {
                continue;
            }
            long j = Math.floorDiv(i, 2);
            if (j <= newNewest - capacity) {
                continue;
            }
            int t = (int) Math.floorMod(j, (long) capacity);
            if (c[t] == 0) {
                lo[t] = min[s];
                hi[t] = max[s];
            } else {
                lo[t] = Math.min(lo[t], min[s]);
                hi[t] = Math.max(hi[t], max[s]);
            }
            c[t] += count[s];
            su[t] += sum[s];
        }
        System.arraycopy(c, 0, count, 0, capacity);
        System.arraycopy(lo, 0, min, 0, capacity);
        System.arraycopy(hi, 0, max, 0, capacity);
        System.arraycopy(su, 0, sum, 0, capacity);
        newest = newNewest;
        width *= 2;
    }

    private boolean holds(long index) {
        return newest != EMPTY && index <= newest && index > newest - capacity;
    }

    private int slot(long index) {
        return (int) Math.floorMod(index, (long) capacity);
    }

    /** Number of samples in bucket {@code index}; 0 when empty or not held. */
    public int count(long index) {
        return holds(index) ? count[slot(index)] : 0;
    }

    public double min(long index) {
        return count(index) == 0 ? Double.NaN : min[slot(index)];
    }

    public double max(long index) {
        return count(index) == 0 ? Double.NaN : max[slot(index)];
    }

    /** Sum of the values in bucket {@code index}; 0 when empty or not held. */
    public double sum(long index) {
        return count(index) == 0 ? 0 : sum[slot(index)];
    }

    public double mean(long index) {
        int n = count(index);
        return n == 0 ? Double.NaN : sum[slot(index)] / n;
    }

    /** Sum of the bucket sums over {@code [from, to]}. */
    public double sum(long from, long to) {
        double total = 0;
        for (long i = Math.max(from, oldest()); i <= Math.min(to, newest); i++) {
            total += sum(i);
        }
        return total;
    }

    public void writeTo(DataOutput out) throws IOException {
        VarInts.writeUnsigned(out, width);
        out.writeBoolean(newest != EMPTY);
        if (newest == EMPTY) {
            return;
        }
        VarInts.writeSigned(out, newest);
        // Oldest first, so that a reader with the same capacity rebuilds the same slots.
        for (long i = oldest(); i <= newest; i++) {
            int s = slot(i);
            VarInts.writeUnsigned(out, count[s]);
            if (count[s] > 0) {
                out.writeFloat(min[s]);
                out.writeFloat(max[s]);
                out.writeDouble(sum[s]);
            }
        }
    }

    public void readFrom(DataInput in) throws IOException {
        width = VarInts.readUnsigned(in);
        Arrays.fill(count, 0);
        Arrays.fill(sum, 0);
        if (!in.readBoolean()) {
            newest = EMPTY;
            return;
        }
        newest = VarInts.readSigned(in);
        for (long i = oldest(); i <= newest; i++) {
            int s = slot(i);
            int n = (int) VarInts.readUnsigned(in);
            count[s] = n;
            if (n > 0) {
                min[s] = in.readFloat();
                max[s] = in.readFloat();
                sum[s] = in.readDouble();
            }
        }
    }
}
