package io.slowburn.engine;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * A low watermark for the source stage. Its input is written by every intake task (events, derived counter resets,
 * samples of source-keyed rules) and each task runs at its own pace, so the source stage's own stream time says
 * nothing about what is still to come. Every intake task therefore broadcasts, every tick of its stream time, how
 * far it has come; the source stage processes its input in event-time order up to the minimum over the intake tasks,
 * and judges silence ("the crash loop stopped") only there. The same holds offline, so a backtest and a live run
 * agree.
 *
 * <p>An intake task that sends nothing for {@code idleMs} of wall-clock time (its partitions get no data) stops
 * holding the watermark back, as {@code max.task.idle.ms} does for a task's partitions; its later records are then
 * processed as they come. Wall-clock time never advances in a backtest, so a replay is not affected.
 */
public final class Watermarks {

    public static final String KEY_PREFIX = "~tick|";
    private static final byte[] KEY_PREFIX_BYTES = KEY_PREFIX.getBytes(StandardCharsets.US_ASCII);
    private static final String STORE_PREFIX = "~wm|";

    private final KeyValueState store;
    private final long idleMs;
    private final int expectedTasks;
    private final long startedWall;
    private final Map<String, Long> byTask = new TreeMap<>();
    private final Map<String, Long> lastHeardWall = new HashMap<>();
    private long low = Long.MIN_VALUE;

    /**
     * @param expectedTasks how many intake tasks there are (the partitions of the telemetry topics): until each has
     *     reported, or {@code idleMs} has passed, the watermark does not move
     */
    public Watermarks(KeyValueState store, long idleMs, int expectedTasks, long wallNow) {
        this.store = store;
        this.idleMs = idleMs;
        this.expectedTasks = expectedTasks;
        this.startedWall = wallNow;
        for (Map.Entry<String, byte[]> kv : store.prefix(STORE_PREFIX)) {
            String task = kv.getKey().substring(STORE_PREFIX.length());
            byTask.put(task, ByteBuffer.wrap(kv.getValue()).getLong());
            lastHeardWall.put(task, wallNow);
        }
        low = compute(wallNow);
    }

    public static boolean isHeartbeat(String key) {
        return key != null && key.startsWith(KEY_PREFIX);
    }

    /** {@link #isHeartbeat(String)} of the key these UTF-8 bytes spell (the prefix is ASCII), without decoding them. */
    public static boolean isHeartbeat(byte[] key) {
        if (key == null || key.length < KEY_PREFIX_BYTES.length) {
            return false;
        }
        for (int i = 0; i < KEY_PREFIX_BYTES.length; i++) {
            if (key[i] != KEY_PREFIX_BYTES[i]) {
                return false;
            }
        }
        return true;
    }

    public static byte[] heartbeat(String task, long streamTime) {
        return (task + "\n" + streamTime).getBytes(StandardCharsets.UTF_8);
    }

    /** Records a task's progress; returns the new low watermark when it moved. */
    public OptionalLong heartbeat(byte[] value, long wallNow) {
        String[] parts = new String(value, StandardCharsets.UTF_8).split("\n", 2);
        String task = parts[0];
        long time = Long.parseLong(parts[1]);
        lastHeardWall.put(task, wallNow);
        Long before = byTask.get(task);
        if (before == null || time > before) {
            byTask.put(task, time);
            store.put(STORE_PREFIX + task, ByteBuffer.allocate(8).putLong(time).array());
        }
        return advance(wallNow);
    }

    /** Re-evaluates the watermark as wall-clock time passes (an idle task stops holding it back). */
    public OptionalLong advance(long wallNow) {
        long now = compute(wallNow);
        if (now > low) {
            low = now;
            return OptionalLong.of(low);
        }
        return OptionalLong.empty();
    }

    public long low() {
        return low;
    }

    private long compute(long wallNow) {
        if (byTask.size() < expectedTasks && wallNow - startedWall <= idleMs) {
            return Long.MIN_VALUE; // an intake task has not reported yet: its records may still be on their way
        }
        long active = Long.MAX_VALUE;
        long all = Long.MAX_VALUE;
        for (Map.Entry<String, Long> e : byTask.entrySet()) {
            all = Math.min(all, e.getValue());
            Long heard = lastHeardWall.get(e.getKey());
            if (heard == null || wallNow - heard <= idleMs) {
                active = Math.min(active, e.getValue());
            }
        }
        if (all == Long.MAX_VALUE) {
            return Long.MIN_VALUE;
        }
        return active == Long.MAX_VALUE ? all : active;
    }
}
