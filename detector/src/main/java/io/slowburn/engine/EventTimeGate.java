package io.slowburn.engine;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Holds a stage's input in event-time order until the low watermark of its upstream tasks has passed it, then
 * releases it in that order. A stage fed by several upstream tasks (each at its own pace) thus sees its input in the
 * same order live as in a backtest. Records at or behind the watermark (an upstream task that was idle) pass at once.
 */
public final class EventTimeGate {

    /** A record released by the gate. */
    public record Held(long ts, byte[] value) {
    }

    private final KeyValueState buffer;
    private final Watermarks watermarks;

    public EventTimeGate(KeyValueState buffer, Watermarks watermarks) {
        this.buffer = buffer;
        this.watermarks = watermarks;
    }

    public Watermarks watermarks() {
        return watermarks;
    }

    /** Buffers the record; returns false when it is already behind the watermark (the caller processes it now). */
    public boolean hold(String key, long ts, byte[] value) {
        if (ts <= watermarks.low()) {
            return false;
        }
        buffer.put(key(key, ts, value), value);
        return true;
    }

    /** Everything at or before {@code low}, removed from the buffer, in event-time order. */
    public List<Held> release(long low) {
        List<Map.Entry<String, byte[]>> ready = buffer.upTo(String.format(Locale.ROOT, "%019d~", low));
        List<Held> out = new ArrayList<>(ready.size());
        for (Map.Entry<String, byte[]> kv : ready) {
            buffer.delete(kv.getKey());
            out.add(new Held(Long.parseLong(kv.getKey().substring(0, 19)), kv.getValue()));
        }
        return out;
    }

    /** Event time first; then the key and a digest of the record, so equal times order the same on every run. */
    private static String key(String key, long ts, byte[] value) {
        byte[] digest;
        try {
            digest = java.security.MessageDigest.getInstance("SHA-256").digest(value);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
        return String.format(Locale.ROOT, "%019d|%s|%s", ts, key, HexFormat.of().formatHex(digest, 0, 8));
    }
}
