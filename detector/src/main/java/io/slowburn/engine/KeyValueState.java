package io.slowburn.engine;

import java.util.List;
import java.util.Map;

/**
 * A stage's state: string keys, byte values, ordered by key. The engine sees only this; the topology backs it with a
 * Kafka Streams store, {@code backtest} and the tests with memory ({@link MemoryState}). Scans return a snapshot, so
 * the caller may change the state while it walks them.
 */
public interface KeyValueState {

    byte[] get(String key);

    void put(String key, byte[] value);

    void delete(String key);

    /** Every entry whose key starts with {@code prefix}, in key order. */
    List<Map.Entry<String, byte[]>> prefix(String prefix);

    /** Every entry whose key is at most {@code to}, in key order. */
    List<Map.Entry<String, byte[]>> upTo(String to);

    /**
     * Removes every entry whose key is at most {@code to} and returns them, in key order: {@link #upTo} and a
     * {@link #delete} of each, which a state kept in memory does in one walk.
     */
    default List<Map.Entry<String, byte[]>> removeUpTo(String to) {
        List<Map.Entry<String, byte[]>> out = upTo(to);
        for (Map.Entry<String, byte[]> e : out) {
            delete(e.getKey());
        }
        return out;
    }

    /** Every entry, in key order. */
    List<Map.Entry<String, byte[]>> all();

    /** How many entries, when that is cheap to know; a non-zero estimate otherwise. */
    long approximateSize();
}
