package io.slowburn.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The event time an intake task has accepted: the latest sample or event time that was not too far ahead of it.
 * Heartbeats and idle-state sweeps follow this clock instead of Kafka's stream time, which any record's timestamp
 * moves: one forged sample dated next year must not make every series look idle (and be swept) or push the
 * watermark (and resolve every open incident). A record dated more than {@code max.future.skew.ms} ahead of it is
 * rejected to the dead-letter topic. The metrics and the events processors of one task share one clock.
 */
public final class IntakeClock {

    /**
     * One clock per incarnation of an intake task, shared by that task's processors. A task that Kafka Streams closes
     * and revives (after a crash, or corrupted state under exactly-once) reprocesses from its committed offsets, so its
     * clock must start afresh too: a clock that remembered the uncommitted progress would withhold heartbeats until the
     * replay passed it, and stall every later stage if no newer data came. A processor that joins its task's clock a
     * second time is the first sign of a new incarnation.
     */
    public static final class Registry {
        private final Map<String, IntakeClock> clocks = new ConcurrentHashMap<>();

        public IntakeClock join(String task, String processor, long maxSkewMs, long heartbeatMs, long sweepMs) {
            return clocks.compute(task, (t, clock) -> {
                IntakeClock current = clock == null || clock.members.contains(processor)
                        ? new IntakeClock(t, maxSkewMs, heartbeatMs, sweepMs) : clock;
                current.members.add(processor);
                return current;
            });
        }
    }

    private final String task;
    private final long maxSkewMs;
    private final long heartbeatMs;
    private final long sweepMs;
    private final java.util.Set<String> members = ConcurrentHashMap.newKeySet();
    private long accepted = Long.MIN_VALUE;
    private long nextHeartbeat = Long.MIN_VALUE;
    private long nextSweep = Long.MIN_VALUE;

    private IntakeClock(String task, long maxSkewMs, long heartbeatMs, long sweepMs) {
        this.task = "intake-" + task;
        this.maxSkewMs = maxSkewMs;
        this.heartbeatMs = heartbeatMs;
        this.sweepMs = sweepMs;
    }

    public String task() {
        return task;
    }

    /** Whether {@code ts} is too far ahead of the accepted time to be believed. */
    public synchronized boolean tooFarAhead(long ts) {
        return accepted != Long.MIN_VALUE && ts > accepted + maxSkewMs;
    }

    /** Moves the clock to {@code ts} (never back). */
    public synchronized void accept(long ts) {
        accepted = Math.max(accepted, ts);
    }

    public synchronized long accepted() {
        return accepted;
    }

    /**
     * Whether a heartbeat is due at the accepted time (and, if so, schedules the next one). Heartbeats and sweeps fall
     * due on a fixed event-time grid, so a task that restarts from its committed offsets keeps the same rhythm.
     */
    public synchronized boolean heartbeatDue() {
        if (accepted == Long.MIN_VALUE || accepted < nextHeartbeat) {
            return false;
        }
        nextHeartbeat = nextOnGrid(accepted, heartbeatMs);
        return true;
    }

    /** Whether an idle-state sweep is due at the accepted time (never at the first record: nothing can be idle yet). */
    public synchronized boolean sweepDue() {
        if (nextSweep == Long.MIN_VALUE) {
            nextSweep = nextOnGrid(accepted, sweepMs);
            return false;
        }
        if (accepted < nextSweep) {
            return false;
        }
        nextSweep = nextOnGrid(accepted, sweepMs);
        return true;
    }

    private static long nextOnGrid(long time, long step) {
        return Math.floorDiv(time, step) * step + step;
    }

    public byte[] heartbeat() {
        return Watermarks.heartbeat(task, accepted());
    }

    public String reason(long ts) {
        return "event time " + java.time.Instant.ofEpochMilli(ts) + " is " + java.time.Duration.ofMillis(ts - accepted())
                + " ahead of what this partition has seen (" + java.time.Instant.ofEpochMilli(accepted())
                + "); max.future.skew.ms exceeded";
    }
}
