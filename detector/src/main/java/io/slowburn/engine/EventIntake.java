package io.slowburn.engine;

import io.slowburn.detector.service.DetectorMetrics;
import io.slowburn.model.Event;

/**
 * Passes parsed events on to the source stage, keyed by source, on the intake clock it shares with the series stage of
 * its task. Kafka-free.
 */
public final class EventIntake {

    private final InternalCodec codec;
    private final DetectorMetrics metrics;
    private final IntakeClock clock;
    private final Emitter out;

    public EventIntake(InternalCodec codec, DetectorMetrics metrics, IntakeClock clock, Emitter out) {
        this.codec = codec;
        this.metrics = metrics;
        this.clock = clock;
        this.out = out;
    }

    /** Passes one parsed event on; returns why it is rejected (for the dead-letter topic), or {@code null}. */
    public String accept(Event event) {
        return accept(event, IntakeClock.NO_ARRIVAL);
    }

    /** As {@link #accept(Event)}, for a record the broker received at {@code arrival}. */
    public String accept(Event event, long arrival) {
        String misfit = clock.admit(event.source(), event.ts(), arrival);
        if (misfit != null) {
            return misfit;
        }
        var n = codec.records().toJson(event);
        n.put("stream", "event");
        metrics.recordOut(Route.BY_SOURCE);
        out.emit(event.source(), Route.BY_SOURCE, codec.records().bytes(n), event.ts());
        return null;
    }

    /** Heartbeats owed after each record (the series stage of this task sweeps). */
    public void duties() {
        SeriesStage.clockDuties(clock, metrics, out, 0, null);
    }
}
