package io.slowburn.analysis.window;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The event-time clock of one state: the first and the newest event time seen. A sample older than
 * {@code newest - lateness} is late and must change nothing. Never looks at the wall clock.
 */
public final class Watermark {

    private static final long NONE = Long.MIN_VALUE;

    private final long latenessMs;
    private long first = NONE;
    private long newest = NONE;

    public Watermark(long latenessMs) {
        this.latenessMs = latenessMs;
    }

    /** Advances the clock with {@code ts}; false (and no change) when {@code ts} is beyond the lateness bound. */
    public boolean accept(long ts) {
        if (newest == NONE) {
            first = ts;
            newest = ts;
            return true;
        }
        if (ts < newest - latenessMs) {
            return false;
        }
        if (ts > newest) {
            newest = ts;
        }
        if (ts < first) {
            first = ts;
        }
        return true;
    }

    public boolean isEmpty() {
        return newest == NONE;
    }

    /** Newest event time seen. */
    public long newest() {
        return newest;
    }

    public long first() {
        return first;
    }

    /** Everything at or before this time is final: no accepted sample can land before it any more. */
    public long settled() {
        return newest - latenessMs;
    }

    /** Event time covered so far, in ms. */
    public long history() {
        return newest == NONE ? 0 : newest - first;
    }

    public void writeTo(DataOutput out) throws IOException {
        out.writeBoolean(newest != NONE);
        if (newest != NONE) {
            out.writeLong(newest);
            VarInts.writeUnsigned(out, newest - first);
        }
    }

    public void readFrom(DataInput in) throws IOException {
        if (in.readBoolean()) {
            newest = in.readLong();
            first = newest - VarInts.readUnsigned(in);
        } else {
            newest = NONE;
            first = NONE;
        }
    }
}
