package io.slowburn.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A small {@link KeyValueState} kept whole in memory, in key order, in front of the store that persists it: reads and
 * scans are served from memory, writes reach the store at {@link #flush()} (live: before every commit, inside the
 * transaction). For a buffer whose entries come and go within a few seconds (observations waiting for the watermark):
 * an entry held and released between two commits never reaches the store, and the scan that releases them does not
 * walk Kafka Streams' record cache. Loaded from the store when made (after a restart: what was committed).
 */
public final class MirrorState implements KeyValueState {

    private final KeyValueState behind;
    /** The whole state, in key order: every read and scan is served from here. */
    private final MemoryState memory = new MemoryState();
    /** Changes since the last flush: a value, or {@code null} for a deletion. */
    private final Map<String, byte[]> pending = new HashMap<>();

    public MirrorState(KeyValueState behind) {
        this.behind = behind;
        for (Map.Entry<String, byte[]> e : behind.all()) {
            memory.put(e.getKey(), e.getValue());
        }
    }

    @Override
    public byte[] get(String key) {
        return memory.get(key);
    }

    @Override
    public void put(String key, byte[] value) {
        if (value == null) {
            delete(key);
            return;
        }
        memory.put(key, value);
        pending.put(key, value);
    }

    @Override
    public void delete(String key) {
        memory.delete(key);
        pending.put(key, null);
    }

    @Override
    public List<Map.Entry<String, byte[]>> prefix(String prefix) {
        return memory.prefix(prefix);
    }

    @Override
    public List<Map.Entry<String, byte[]>> upTo(String to) {
        return memory.upTo(to);
    }

    @Override
    public List<Map.Entry<String, byte[]>> all() {
        return memory.all();
    }

    @Override
    public long approximateSize() {
        return memory.approximateSize();
    }

    /** Writes every change since the last flush into the store behind. */
    public void flush() {
        pending.forEach((k, v) -> {
            if (v == null) {
                behind.delete(k);
            } else {
                behind.put(k, v);
            }
        });
        pending.clear();
    }
}
