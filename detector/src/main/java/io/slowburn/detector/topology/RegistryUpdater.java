package io.slowburn.detector.topology;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Keeps the global experiment registry store up to date from the accepted-declarations topic, as a global table would
 * (a value is stored with its timestamp, a tombstone removes it), and counts every change in a version that the series
 * stages read ({@link RegistryStore#version()}): they then derive the running experiments' {@code abort_when}
 * conditions again only when the registry changed, instead of reading the whole store for every sample.
 */
final class RegistryUpdater implements Processor<String, byte[], Void, Void> {

    private final AtomicLong version;
    private TimestampedKeyValueStore<String, byte[]> store;

    RegistryUpdater(AtomicLong version) {
        this.version = version;
    }

    /**
     * Adds the global store {@link StoreNames#EXPERIMENT_REGISTRY}, read from {@code topic} and kept by this processor,
     * to {@code builder}; returns the version it counts up. The store is the one a global table kept before (the same
     * name, a timestamped store over the same supplier), so an upgrade finds it as it was.
     */
    static AtomicLong addTo(StreamsBuilder builder, String topic, KeyValueBytesStoreSupplier supplier) {
        AtomicLong version = new AtomicLong();
        builder.addGlobalStore(Stores.timestampedKeyValueStoreBuilder(supplier, Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
                topic, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("experiment-registry-source"),
                () -> new RegistryUpdater(version));
        return version;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.store = context.getStateStore(StoreNames.EXPERIMENT_REGISTRY);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            return; // a global table drops keyless records too
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), ValueAndTimestamp.make(record.value(), record.timestamp()));
        }
        version.incrementAndGet(); // after the write: a reader that sees the new version also sees the new content
    }
}
