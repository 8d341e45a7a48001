package io.slowburn.detector.topology;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A key-value store that runs a hook just before Kafka Streams flushes its cache for a commit. The engine keeps rule
 * states as objects between samples (a write-back cache) and writes the changed ones into this store in that hook, so
 * their bytes join the same commit (under exactly-once, the same transaction) as the input offsets and the outputs
 * they belong to: Kafka Streams 4.4 flushes a task's store caches first thing in {@code StreamTask.prepareCommit}
 * ({@code ProcessorStateManager.flushCache}, which calls {@code flushCache()} on every registered store), then the
 * record collector, then commits. A task suspended for a rebalance closes its processors before that commit; they
 * flush in {@code close()}. A task closed dirty (a crash) loses the objects with the uncommitted transaction and
 * restores the bytes of the last commit from the changelog, as before. Outermost around the store Kafka builds
 * (metered, cached, changelogged), so the registered store is this one.
 */
final class PreCommitStore extends WrappedStateStore<KeyValueStore<String, byte[]>, String, byte[]>
        implements KeyValueStore<String, byte[]> {

    private static final Runnable NOTHING = () -> { };

    private Runnable beforeFlush = NOTHING;

    private PreCommitStore(KeyValueStore<String, byte[]> wrapped) {
        super(wrapped);
    }

    /** A builder of {@code inner}'s store wrapped in one of these. */
    static StoreBuilder<KeyValueStore<String, byte[]>> around(StoreBuilder<KeyValueStore<String, byte[]>> inner) {
        return new StoreBuilder<>() {
            @Override
            public StoreBuilder<KeyValueStore<String, byte[]>> withCachingEnabled() {
                inner.withCachingEnabled();
                return this;
            }

            @Override
            public StoreBuilder<KeyValueStore<String, byte[]>> withCachingDisabled() {
                inner.withCachingDisabled();
                return this;
            }

            @Override
            public StoreBuilder<KeyValueStore<String, byte[]>> withLoggingEnabled(Map<String, String> config) {
                inner.withLoggingEnabled(config);
                return this;
            }

            @Override
            public StoreBuilder<KeyValueStore<String, byte[]>> withLoggingDisabled() {
                inner.withLoggingDisabled();
                return this;
            }

            @Override
            public KeyValueStore<String, byte[]> build() {
                return new PreCommitStore(inner.build());
            }

            @Override
            public Map<String, String> logConfig() {
                return inner.logConfig();
            }

            @Override
            public boolean loggingEnabled() {
                return inner.loggingEnabled();
            }

            @Override
            public String name() {
                return inner.name();
            }
        };
    }

    /**
     * Runs {@code hook} before every flush of the store named {@code name} of this processor's task (replacing the hook
     * of a processor this task closed before).
     *
     * @throws IllegalStateException when that store was not built by {@link #around}
     */
    static void beforeFlush(ProcessorContext<?, ?> context, String name, Runnable hook) {
        StateStore store = context.getStateStore(name);
        // The context hands out its own read-write decorator around the registered store: look inside it.
        while (!(store instanceof PreCommitStore) && store instanceof WrappedStateStore<?, ?, ?> wrapper) {
            store = wrapper.wrapped();
        }
        if (!(store instanceof PreCommitStore preCommit)) {
            throw new IllegalStateException("store '" + name + "' has no pre-commit hook: build it with PreCommitStore.around");
        }
        preCommit.beforeFlush = hook;
    }

    @Override
    public void flushCache() {
        beforeFlush.run();
        super.flushCache();
    }

    @Override
    public void close() {
        beforeFlush = NOTHING;
        super.close();
    }

    @Override
    public void put(String key, byte[] value) {
        wrapped().put(key, value);
    }

    @Override
    public byte[] putIfAbsent(String key, byte[] value) {
        return wrapped().putIfAbsent(key, value);
    }

    @Override
    public void putAll(List<KeyValue<String, byte[]>> entries) {
        wrapped().putAll(entries);
    }

    @Override
    public byte[] delete(String key) {
        return wrapped().delete(key);
    }

    @Override
    public byte[] get(String key) {
        return wrapped().get(key);
    }

    @Override
    public KeyValueIterator<String, byte[]> range(String from, String to) {
        return wrapped().range(from, to);
    }

    @Override
    public KeyValueIterator<String, byte[]> reverseRange(String from, String to) {
        return wrapped().reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<String, byte[]> all() {
        return wrapped().all();
    }

    @Override
    public KeyValueIterator<String, byte[]> reverseAll() {
        return wrapped().reverseAll();
    }

    @Override
    public <S extends Serializer<P>, P> KeyValueIterator<String, byte[]> prefixScan(P prefix, S prefixKeySerializer) {
        return wrapped().prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
        return wrapped().approximateNumEntries();
    }
}
