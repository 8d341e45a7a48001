package io.slowburn.engine;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The event time each source of an intake task has reached, and the task's progress: the time a quorum of its sources
 * has reached. One source, however far ahead it dates its records, cannot move the progress; a minority of sources
 * that fell silent (or started with an old record) cannot hold it back.
 *
 * <p>The progress is the k-th most advanced source clock, with k = min({@link #QUORUM}, ⌈n/2⌉) for n known sources:
 * with one or two sources the most advanced (there is nothing to outvote it), from three sources on at least two must
 * agree, from five on three. Clocks are kept in a store, so they are committed with the offsets that produced them, and
 * restored when the task restarts; sources silent for longer than the state TTL are forgotten. A clock written behind
 * keeps its changes in memory until {@link #flush()} (live: before every commit); else each change is written at once.
 */
final class SourceClocks {

    /** How many sources must have reached a time before the task's progress follows. */
    static final int QUORUM = 3;
    private static final String PREFIX = "c|";

    private final KeyValueState store;
    private final boolean writeBehind;
    private final Map<String, Long> clocks = new HashMap<>();
    /** Changes not yet in the store (writing behind): the new clock, or {@code null} for a source forgotten. */
    private final Map<String, Long> unwritten = new HashMap<>();
    /** The {@link #QUORUM} most advanced clocks, most advanced first: the order statistic without a scan. */
    private final List<Map.Entry<String, Long>> top = new ArrayList<>(QUORUM + 1);

    SourceClocks(KeyValueState store, boolean writeBehind) {
        this.store = store;
        this.writeBehind = writeBehind;
        for (Map.Entry<String, byte[]> kv : store.prefix(PREFIX)) {
            clocks.put(kv.getKey().substring(PREFIX.length()), ByteBuffer.wrap(kv.getValue()).getLong());
        }
        rebuildTop();
    }

    int size() {
        return clocks.size();
    }

    /** The source's clock, or {@code null} when the source is new (never seen, or forgotten). */
    Long clockOf(String source) {
        return clocks.get(source);
    }

    /** The task's progress: the k-th most advanced source clock; {@code Long.MIN_VALUE} before any source. */
    long progress() {
        int n = clocks.size();
        if (n == 0) {
            return Long.MIN_VALUE;
        }
        int k = Math.min(QUORUM, (n + 1) / 2);
        return top.get(k - 1).getValue();
    }

    /** The most advanced source clock; {@code Long.MIN_VALUE} before any source. */
    long newest() {
        return top.isEmpty() ? Long.MIN_VALUE : top.get(0).getValue();
    }

    /** Moves the source's clock to {@code ts} (never back); a new source starts there. */
    void advance(String source, long ts) {
        Long before = clocks.get(source);
        if (before != null && before >= ts) {
            return;
        }
        clocks.put(source, ts);
        write(source, ts);
        updateTop(source, ts);
    }

    /** Forgets every source whose clock is before {@code cutoff}. */
    void forgetBefore(long cutoff) {
        List<String> stale = new ArrayList<>();
        clocks.forEach((source, clock) -> {
            if (clock < cutoff) {
                stale.add(source);
            }
        });
        if (!stale.isEmpty()) {
            stale.forEach(this::forget);
            rebuildTop();
        }
    }

    /** Forgets every source: the task re-bases on sources that outvoted them. */
    void forgetAll() {
        new ArrayList<>(clocks.keySet()).forEach(this::forget);
        rebuildTop();
    }

    private void forget(String source) {
        clocks.remove(source);
        write(source, null);
    }

    private void write(String source, Long clock) {
        if (writeBehind) {
            unwritten.put(source, clock);
        } else {
            store(source, clock);
        }
    }

    private void store(String source, Long clock) {
        if (clock == null) {
            store.delete(PREFIX + source);
        } else {
            store.put(PREFIX + source, ByteBuffer.allocate(Long.BYTES).putLong(clock).array());
        }
    }

    /** Writes the changes kept in memory into the store. */
    void flush() {
        unwritten.forEach(this::store);
        unwritten.clear();
    }

    private void updateTop(String source, long ts) {
        top.removeIf(e -> e.getKey().equals(source));
        int at = 0;
        while (at < top.size() && top.get(at).getValue() >= ts) {
            at++;
        }
        if (at < QUORUM) {
            top.add(at, Map.entry(source, ts));
            if (top.size() > QUORUM) {
                top.remove(QUORUM);
            }
        } else if (top.size() < QUORUM) {
            top.add(Map.entry(source, ts));
        }
    }

    private void rebuildTop() {
        top.clear();
        clocks.forEach(this::updateTop);
    }
}
