package io.slowburn.detector;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A low watermark for the source stage. Its input is written by every intake task (events, derived counter resets,
 * samples of source-keyed rules) and each task runs at its own pace, so the source stage's own stream time says
 * nothing about what is still to come. Every intake task therefore broadcasts, every tick of its stream time, how
 * far it has come; the source stage judges silence ("the crash loop stopped") only at the minimum over all intake
 * tasks. The same holds offline, so a backtest and a live run resolve alerts at the same event times. An intake task
 * whose partitions get no data holds the watermark back, as an idle partition holds back stream time.
 */
final class Watermarks {

    static final String KEY_PREFIX = "~tick|";
    private static final String STORE_PREFIX = "~wm|";

    private final KeyValueStore<String, byte[]> store;
    private final long tickMs;
    private final Map<String, Long> byTask = new TreeMap<>();
    private long nextTick = Long.MIN_VALUE;

    Watermarks(KeyValueStore<String, byte[]> store, long tickMs) {
        this.store = store;
        this.tickMs = tickMs;
        try (var it = store.prefixScan(STORE_PREFIX, new org.apache.kafka.common.serialization.StringSerializer())) {
            it.forEachRemaining(kv -> byTask.put(kv.key.substring(STORE_PREFIX.length()), ByteBuffer.wrap(kv.value).getLong()));
        }
        if (!byTask.isEmpty()) {
            nextTick = low() + tickMs;
        }
    }

    static boolean isHeartbeat(String key) {
        return key != null && key.startsWith(KEY_PREFIX);
    }

    static byte[] heartbeat(String task, long streamTime) {
        return (task + "\n" + streamTime).getBytes(StandardCharsets.UTF_8);
    }

    /** Records a task's progress; returns the new low watermark when it has crossed the next tick. */
    Optional<Long> heartbeat(byte[] value) {
        String[] parts = new String(value, StandardCharsets.UTF_8).split("\n", 2);
        String task = parts[0];
        long time = Long.parseLong(parts[1]);
        Long before = byTask.get(task);
        if (before != null && before >= time) {
            return Optional.empty();
        }
        byTask.put(task, time);
        store.put(STORE_PREFIX + task, ByteBuffer.allocate(8).putLong(time).array());
        long low = low();
        if (nextTick == Long.MIN_VALUE) {
            nextTick = low + tickMs;
            return Optional.empty();
        }
        if (low < nextTick) {
            return Optional.empty();
        }
        nextTick = low + tickMs;
        return Optional.of(low);
    }

    private long low() {
        long low = Long.MAX_VALUE;
        for (long t : byTask.values()) {
            low = Math.min(low, t);
        }
        return low;
    }
}
