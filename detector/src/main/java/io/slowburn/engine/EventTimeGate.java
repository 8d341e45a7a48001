package io.slowburn.engine;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
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
    /** One digest per gate (a gate serves one task's thread): getting an instance per record costs more than hashing. */
    private final MessageDigest sha256;

    public EventTimeGate(KeyValueState buffer, Watermarks watermarks) {
        this.buffer = buffer;
        this.watermarks = watermarks;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
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
        List<Map.Entry<String, byte[]>> ready = buffer.upTo(padded(low) + "~");
        List<Held> out = new ArrayList<>(ready.size());
        for (Map.Entry<String, byte[]> kv : ready) {
            buffer.delete(kv.getKey());
            out.add(new Held(Long.parseLong(kv.getKey().substring(0, 19)), kv.getValue()));
        }
        return out;
    }

    /** Event time first; then the key and a digest of the record, so equal times order the same on every run. */
    private String key(String key, long ts, byte[] value) {
        byte[] digest = sha256.digest(value);
        return padded(ts) + "|" + key + "|" + HexFormat.of().formatHex(digest, 0, 8);
    }

    /** {@code String.format(Locale.ROOT, "%019d", v)}, without a formatter per record. */
    static String padded(long v) {
        String digits = v < 0 ? Long.toString(v).substring(1) : Long.toString(v);
        int width = v < 0 ? 18 : 19;
        StringBuilder sb = new StringBuilder(20);
        if (v < 0) {
            sb.append('-');
        }
        for (int i = digits.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(digits).toString();
    }
}
