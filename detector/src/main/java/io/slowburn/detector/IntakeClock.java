package io.slowburn.detector;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.processor.TaskId;

/**
 * The event time an intake task has accepted: the latest sample or event time that was not too far ahead of it.
 * Heartbeats and idle-state sweeps follow this clock instead of Kafka's stream time, which any record's timestamp
 * moves: one forged sample dated next year must not make every series look idle (and be swept) or push the
 * watermark (and resolve every open incident). A record dated more than {@code max.future.skew.ms} ahead of it is
 * rejected to the dead-letter topic. The metrics and the events processors of one task share one clock.
 */
final class IntakeClock {

    /** One clock per intake task, shared by that task's processors. */
    static final class Registry {
        private final Map<TaskId, IntakeClock> clocks = new ConcurrentHashMap<>();

        IntakeClock forTask(TaskId task, long maxSkewMs, long heartbeatMs, long sweepMs) {
            return clocks.computeIfAbsent(task, t -> new IntakeClock(t, maxSkewMs, heartbeatMs, sweepMs));
        }
    }

    private final String task;
    private final long maxSkewMs;
    private final long heartbeatMs;
    private final long sweepMs;
    private long accepted = Long.MIN_VALUE;
    private long nextHeartbeat = Long.MIN_VALUE;
    private long nextSweep = Long.MIN_VALUE;

    private IntakeClock(TaskId task, long maxSkewMs, long heartbeatMs, long sweepMs) {
        this.task = "intake-" + task;
        this.maxSkewMs = maxSkewMs;
        this.heartbeatMs = heartbeatMs;
        this.sweepMs = sweepMs;
    }

    String task() {
        return task;
    }

    /** Whether {@code ts} is too far ahead of the accepted time to be believed. */
    synchronized boolean tooFarAhead(long ts) {
        return accepted != Long.MIN_VALUE && ts > accepted + maxSkewMs;
    }

    /** Moves the clock to {@code ts} (never back). */
    synchronized void accept(long ts) {
        accepted = Math.max(accepted, ts);
    }

    synchronized long accepted() {
        return accepted;
    }

    /** Whether a heartbeat is due at the accepted time (and, if so, schedules the next one). */
    synchronized boolean heartbeatDue() {
        if (accepted == Long.MIN_VALUE || accepted < nextHeartbeat) {
            return false;
        }
        nextHeartbeat = accepted + heartbeatMs;
        return true;
    }

    /** Whether an idle-state sweep is due at the accepted time. */
    synchronized boolean sweepDue() {
        if (nextSweep == Long.MIN_VALUE) {
            nextSweep = accepted + sweepMs;
            return false;
        }
        if (accepted < nextSweep) {
            return false;
        }
        nextSweep = accepted + sweepMs;
        return true;
    }

    byte[] heartbeat() {
        return Watermarks.heartbeat(task, accepted());
    }

    String reason(long ts) {
        return "event time " + java.time.Instant.ofEpochMilli(ts) + " is " + java.time.Duration.ofMillis(ts - accepted())
                + " ahead of what this partition has seen (" + java.time.Instant.ofEpochMilli(accepted())
                + "); max.future.skew.ms exceeded";
    }
}
