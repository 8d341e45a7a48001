package io.slowburn.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link KeyValueState} with a write-back cache in front: reads and writes of the per-sample bookkeeping (when a
 * series was last seen, a counter's last value) are map operations, and {@link #flush()} (live: before every commit,
 * so the writes join the transaction they belong to) writes what changed into the state behind. At most
 * {@code capacity} keys are cached; one that has to make room is written through and dropped, chosen by
 * {@link WriteBackCache} (which keeps part of a round of keys larger than the cache, where LRU keeps none). A scan
 * flushes first, then reads the state behind.
 */
public final class WriteBackState implements KeyValueState {

    /** A cached absence: the key is known to have no value (deleted, or never written). Compared by identity. */
    private static final byte[] ABSENT = new byte[0];

    private static final class Entry {
        final String key;
        byte[] value;
        boolean dirty;

        Entry(String key, byte[] value) {
            this.key = key;
            this.value = value;
        }
    }

    private final KeyValueState behind;
    private final Map<String, Entry> cache;
    /** The entries changed since the last flush, each once (some written through since, to make room). */
    private final List<Entry> dirty = new ArrayList<>();

    public WriteBackState(KeyValueState behind, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.behind = behind;
        this.cache = WriteBackCache.bounded(capacity, this::writeThrough);
    }

    @Override
    public byte[] get(String key) {
        Entry e = cache.get(key);
        if (e == null) {
            byte[] v = behind.get(key);
            cache.put(key, new Entry(key, v == null ? ABSENT : v));
            return v;
        }
        return e.value == ABSENT ? null : e.value;
    }

    @Override
    public void put(String key, byte[] value) {
        if (value == null) {
            delete(key);
            return;
        }
        set(key, value);
    }

    @Override
    public void delete(String key) {
        set(key, ABSENT);
    }

    private void set(String key, byte[] value) {
        Entry e = cache.get(key);
        if (e == null) {
            e = new Entry(key, value);
            cache.put(key, e);
        } else {
            e.value = value;
        }
        if (!e.dirty) {
            e.dirty = true;
            dirty.add(e);
        }
    }

    @Override
    public List<Map.Entry<String, byte[]>> prefix(String prefix) {
        flush();
        return behind.prefix(prefix);
    }

    @Override
    public List<Map.Entry<String, byte[]>> upTo(String to) {
        flush();
        return behind.upTo(to);
    }

    @Override
    public List<Map.Entry<String, byte[]>> all() {
        flush();
        return behind.all();
    }

    @Override
    public long approximateSize() {
        flush();
        return behind.approximateSize();
    }

    /** Writes every change since the last flush into the state behind (the changed entries only, not every one cached). */
    public void flush() {
        for (Entry e : dirty) {
            writeThrough(e.key, e);
        }
        dirty.clear();
    }

    private void writeThrough(String key, Entry e) {
        if (!e.dirty) {
            return;
        }
        if (e.value == ABSENT) {
            behind.delete(key);
        } else {
            behind.put(key, e.value);
        }
        e.dirty = false;
    }
}
