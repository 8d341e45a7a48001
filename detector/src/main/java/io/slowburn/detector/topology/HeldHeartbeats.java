package io.slowburn.detector.topology;

import io.slowburn.detector.service.DetectorMetrics;
import io.slowburn.engine.Emitter;
import io.slowburn.engine.Route;
import io.slowburn.engine.Watermarks;
import java.util.EnumMap;
import java.util.Map;

/**
 * An intake processor's output, with its watermark heartbeats held back until {@link #release()} (live: a wall-clock
 * punctuation every {@code commit.interval.ms}), where only the newest held per route is sent. Everything else passes
 * at once.
 *
 * <p>Why: an intake task owes a heartbeat every {@code watermark.interval.ms} of its progress, and catching up (a
 * replay, a restart behind its lag) it crosses thousands of those grid points a second; each heartbeat went to every
 * partition of the by-source topic and to the verdict stage, and each source stage answered it, so heartbeats were
 * about a third of the records the stream thread read (72 h bench). Under exactly-once a later stage sees none of them
 * before the commit anyway, and a watermark that takes the newest of several steps at once is the same watermark: the
 * stages behind it decide the same whether it moves in small steps or in jumps.
 *
 * <p>What stays as it was: the values sent are those the task owed (a heartbeat is the task's progress where it crossed
 * a grid point; skipped ones are older values of the same task, which the receivers would have overtaken anyway); the
 * last one owed is always sent, so a later stage's watermark ends where it did; and a heartbeat still follows every
 * observation and finding the task sent before it, on the same partitions, as held records only go later.
 */
final class HeldHeartbeats implements Emitter {

    private final Emitter out;
    private final DetectorMetrics metrics;
    /** The newest held heartbeat per route, in the order the routes were first held (by source, then the findings). */
    private final Map<Route, Held> held = new EnumMap<>(Route.class);

    private record Held(String key, byte[] value, long ts) {
    }

    HeldHeartbeats(Emitter out, DetectorMetrics metrics) {
        this.out = out;
        this.metrics = metrics;
    }

    @Override
    public void emit(String key, Route route, byte[] value, long ts) {
        if (Watermarks.isHeartbeat(key)) {
            held.put(route, new Held(key, value, ts));
        } else {
            out.emit(key, route, value, ts);
        }
    }

    /** Holds {@code value} as a heartbeat to every route a heartbeat of an intake task takes. */
    void hold(String key, byte[] value, long ts) {
        held.put(Route.BY_SOURCE, new Held(key, value, ts));
        held.put(Route.FINDING, new Held(key, value, ts));
    }

    /** Sends the heartbeats held since the last release (the newest per route); nothing when none is held. */
    void release() {
        if (held.isEmpty()) {
            return;
        }
        for (Map.Entry<Route, Held> e : held.entrySet()) {
            Held h = e.getValue();
            metrics.recordOut(e.getKey());
            out.emit(h.key(), e.getKey(), h.value(), h.ts());
        }
        held.clear();
    }

    /** Whether a heartbeat is held (for tests). */
    boolean holding() {
        return !held.isEmpty();
    }
}
