package io.slowburn.detector;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Holds a stage's input in event-time order until the low watermark of its upstream tasks has passed it, then
 * releases it in that order. A stage fed by several upstream tasks (each at its own pace) thus sees its input in the
 * same order live as in a backtest. Records at or behind the watermark (an upstream task that was idle) pass at once.
 */
final class EventTimeGate {

    /** A record released by the gate. */
    record Held(long ts, byte[] value) {
    }

    private final KeyValueStore<String, byte[]> buffer;
    private final Watermarks watermarks;

    EventTimeGate(KeyValueStore<String, byte[]> buffer, Watermarks watermarks) {
        this.buffer = buffer;
        this.watermarks = watermarks;
    }

    Watermarks watermarks() {
        return watermarks;
    }

    /** Buffers the record; returns false when it is already behind the watermark (the caller processes it now). */
    boolean hold(Record<String, byte[]> record) {
        if (record.timestamp() <= watermarks.low()) {
            return false;
        }
        buffer.put(key(record), record.value());
        return true;
    }

    /** Everything at or before {@code low}, removed from the buffer, in event-time order. */
    List<Held> release(long low) {
        List<KeyValue<String, byte[]>> ready = new ArrayList<>();
        try (var it = buffer.range(null, String.format(Locale.ROOT, "%019d~", low))) {
            it.forEachRemaining(ready::add);
        }
        List<Held> out = new ArrayList<>(ready.size());
        for (KeyValue<String, byte[]> kv : ready) {
            buffer.delete(kv.key);
            out.add(new Held(Long.parseLong(kv.key.substring(0, 19)), kv.value));
        }
        return out;
    }

    /** Event time first; then the key and a digest of the record, so equal times order the same on every run. */
    private static String key(Record<String, byte[]> record) {
        byte[] digest;
        try {
            digest = java.security.MessageDigest.getInstance("SHA-256").digest(record.value());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
        return String.format(Locale.ROOT, "%019d|%s|%s", record.timestamp(), record.key(), HexFormat.of().formatHex(digest, 0, 8));
    }
}
