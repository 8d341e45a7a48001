package io.slowburn.engine;

import java.util.List;

/** What an {@link EventTimeGate} holds, in {@link HeldKey} order, until the watermark passes it. */
public interface HeldBuffer {

    /** Holds {@code value} under {@code key} (a key held again takes the new value). */
    void hold(HeldKey key, byte[] value);

    /** Removes every record held at or before {@code low} and returns them, in key order. */
    List<EventTimeGate.Held> releaseThrough(long low);

    /** How many records are held. */
    long size();

    /** A buffer in memory only: for {@code backtest} and tests. */
    static HeldBuffer inMemory() {
        return new MemoryHeldBuffer();
    }

    /**
     * A buffer kept in {@code state} under the keys' {@link HeldKey#text() text}, one entry per held record: for a gate
     * whose records are few (the verdict stage's findings), over a store with a record cache.
     */
    static HeldBuffer over(KeyValueState state) {
        return new KeyValueHeldBuffer(state);
    }
}
