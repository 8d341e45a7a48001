package io.slowburn.detector.topology;

import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.DetectorMetrics;
import io.slowburn.engine.IntakeClock;
import io.slowburn.engine.Routed;
import io.slowburn.engine.Watermarks;
import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Wires an intake processor's output through {@link HeldHeartbeats}, released every {@code commit.interval.ms}. */
final class IntakeHeartbeats {

    private IntakeHeartbeats() {
    }

    /**
     * The processor's output, its heartbeats held and sent by a wall-clock punctuation every {@code commit.interval.ms}:
     * the stream thread runs punctuations after each batch of records it processes and before it commits, so what a
     * batch owed joins the same transaction, at most one per route. A heartbeat the task's previous incarnation owed is
     * held at once ({@link IntakeClock#takeResumedHeartbeat()}).
     */
    static HeldHeartbeats schedule(ProcessorContext<String, Routed> context, IntakeClock clock, DetectorMetrics metrics,
                                   DetectorConfig config) {
        HeldHeartbeats out = new HeldHeartbeats(
                (key, route, value, ts) -> context.forward(new Record<>(key, new Routed(route, value), ts)), metrics);
        long resumed = clock.takeResumedHeartbeat();
        if (resumed != Long.MIN_VALUE) {
            out.hold(Watermarks.KEY_PREFIX + clock.task(), Watermarks.heartbeat(clock.task(), resumed), resumed);
        }
        context.schedule(Duration.ofMillis(config.getLong(DetectorConfig.COMMIT_INTERVAL_MS)), PunctuationType.WALL_CLOCK_TIME,
                wall -> out.release());
        return out;
    }
}
