package io.slowburn.detector.topology;

import io.slowburn.engine.KeyValueState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** The engine's {@link KeyValueState} over a Kafka Streams key-value store (with its cache and changelog). */
final class StoreState implements KeyValueState {

    private static final StringSerializer KEYS = new StringSerializer();

    private final KeyValueStore<String, byte[]> store;

    StoreState(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    @Override
    public byte[] get(String key) {
        return store.get(key);
    }

    @Override
    public void put(String key, byte[] value) {
        store.put(key, value);
    }

    @Override
    public void delete(String key) {
        store.delete(key);
    }

    @Override
    public List<Map.Entry<String, byte[]>> prefix(String prefix) {
        try (KeyValueIterator<String, byte[]> it = store.prefixScan(prefix, KEYS)) {
            return drain(it);
        }
    }

    @Override
    public List<Map.Entry<String, byte[]>> upTo(String to) {
        try (KeyValueIterator<String, byte[]> it = store.range(null, to)) {
            return drain(it);
        }
    }

    @Override
    public List<Map.Entry<String, byte[]>> all() {
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            return drain(it);
        }
    }

    @Override
    public long approximateSize() {
        return store.approximateNumEntries();
    }

    private static List<Map.Entry<String, byte[]>> drain(KeyValueIterator<String, byte[]> it) {
        List<Map.Entry<String, byte[]>> out = new ArrayList<>();
        while (it.hasNext()) {
            KeyValue<String, byte[]> kv = it.next();
            out.add(Map.entry(kv.key, kv.value));
        }
        return out;
    }
}
