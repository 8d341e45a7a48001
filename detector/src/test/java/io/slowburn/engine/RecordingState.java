package io.slowburn.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A store for tests: a {@link MemoryState} that records the key of every write (put or delete) that reaches it. */
final class RecordingState implements KeyValueState {

    private final MemoryState inner = new MemoryState();
    /** The keys written, in order; clear it to count afresh. */
    final List<String> writes = new ArrayList<>();

    @Override
    public byte[] get(String key) {
        return inner.get(key);
    }

    @Override
    public void put(String key, byte[] value) {
        writes.add(key);
        inner.put(key, value);
    }

    @Override
    public void delete(String key) {
        writes.add(key);
        inner.delete(key);
    }

    @Override
    public List<Map.Entry<String, byte[]>> prefix(String prefix) {
        return inner.prefix(prefix);
    }

    @Override
    public List<Map.Entry<String, byte[]>> upTo(String to) {
        return inner.upTo(to);
    }

    @Override
    public List<Map.Entry<String, byte[]>> all() {
        return inner.all();
    }

    @Override
    public long approximateSize() {
        return inner.approximateSize();
    }
}
