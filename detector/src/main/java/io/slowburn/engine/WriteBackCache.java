package io.slowburn.engine;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The bounded map behind the engine's write-back caches ({@link RuleStates}, {@link WriteBackState}). What has to make
 * room is Caffeine's choice (W-TinyLFU), not the least recently used: live, a task sees its series in the same round at
 * every scrape, and an LRU cache smaller than the round drops each entry just before its next use; W-TinyLFU admits a
 * newcomer only over an entry used less often, so part of the round stays. Eviction runs on the caller's thread, inside
 * the put or read that made room ({@code executor(Runnable::run)}; the eviction listener runs synchronously), so an
 * entry leaves memory only after {@code evicted} has written it through.
 */
final class WriteBackCache {

    private WriteBackCache() {
    }

    /** A map of at most {@code capacity} entries that hands each one it drops to {@code evicted} first. */
    static <V> Map<String, V> bounded(int capacity, BiConsumer<String, V> evicted) {
        return Caffeine.newBuilder().maximumSize(capacity).executor(Runnable::run)
                .<String, V>evictionListener((key, value, cause) -> {
                    if (key != null && value != null) {
                        evicted.accept(key, value);
                    }
                })
                .build().asMap();
    }
}
