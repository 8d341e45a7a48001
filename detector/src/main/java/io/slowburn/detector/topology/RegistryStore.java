package io.slowburn.detector.topology;

import io.slowburn.engine.ExperimentRegistryView;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Read access to the global experiment registry store (accepted declarations by id). A global table's store holds
 * values with their timestamps; an empty value is a removed declaration.
 */
final class RegistryStore implements ExperimentRegistryView {

    private final KeyValueStore<String, Object> store;
    private final AtomicLong version;

    /** @param version counted up by the {@link RegistryUpdater} at every change of the store */
    RegistryStore(ProcessorContext<?, ?> context, AtomicLong version) {
        this.store = context.getStateStore(StoreNames.EXPERIMENT_REGISTRY);
        this.version = version;
    }

    @Override
    public long version() {
        return version.get();
    }

    @Override
    public boolean isEmpty() {
        return store.approximateNumEntries() == 0;
    }

    /** The declaration stored under {@code id}, or {@code null}. */
    @Override
    public byte[] get(String id) {
        return bytes(store.get(id));
    }

    /** Every stored declaration, by id. */
    @Override
    public Map<String, byte[]> all() {
        Map<String, byte[]> out = new TreeMap<>();
        try (var it = store.all()) {
            while (it.hasNext()) {
                var kv = it.next();
                byte[] b = bytes(kv.value);
                if (b != null) {
                    out.put(kv.key, b);
                }
            }
        }
        return out;
    }

    private static byte[] bytes(Object v) {
        Object value = v instanceof ValueAndTimestamp<?> vt ? vt.value() : v;
        return value instanceof byte[] b && b.length > 0 ? b : null;
    }
}
