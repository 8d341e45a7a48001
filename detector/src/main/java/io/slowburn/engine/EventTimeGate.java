package io.slowburn.engine;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Holds a stage's input in event-time order until the low watermark of its upstream tasks has passed it, then
 * releases it in that order. A stage fed by several upstream tasks (each at its own pace) thus sees its input in the
 * same order live as in a backtest. Records at or behind the watermark (an upstream task that was idle) pass at once.
 */
public final class EventTimeGate {

    /** A record released by the gate. */
    public record Held(long ts, byte[] value) {
    }

    private final HeldBuffer buffer;
    private final Watermarks watermarks;
    /** One digest per gate (a gate serves one task's thread): getting an instance per record costs more than hashing. */
    private final MessageDigest sha256;

    public EventTimeGate(HeldBuffer buffer, Watermarks watermarks) {
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
        buffer.hold(new HeldKey(ts, String.valueOf(key), digest(value)), value);
        return true;
    }

    /** Everything at or before {@code low}, removed from the buffer, in event-time order. */
    public List<Held> release(long low) {
        return buffer.releaseThrough(low);
    }

    /** The first 8 bytes of the record's SHA-256, big-endian: so equal times and keys order the same on every run. */
    private long digest(byte[] value) {
        byte[] d = sha256.digest(value);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (d[i] & 0xFF);
        }
        return v;
    }

    /** {@code String.format(Locale.ROOT, "%019d", v)}, without a formatter per record. */
    static String padded(long v) {
        return appendPadded(new StringBuilder(20), v).toString();
    }

    /** Appends {@link #padded}{@code (v)}: 19 digits, zero-padded, after a minus sign for a negative v (18 then). */
    static StringBuilder appendPadded(StringBuilder sb, long v) {
        if (v < 0) {
            String digits = Long.toString(v).substring(1);
            sb.append('-');
            for (int i = digits.length(); i < 18; i++) {
                sb.append('0');
            }
            return sb.append(digits);
        }
        for (long bound = 10, width = 1; width < 19; bound *= 10, width++) {
            if (v < bound) {
                sb.append('0'); // one more zero for every power of ten v is below, up to 10^18
            }
        }
        return sb.append(v);
    }
}
