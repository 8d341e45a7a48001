package io.slowburn.detector;

import io.slowburn.model.Event;
import io.slowburn.model.InvalidRecordException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Parses events (malformed ones to the dead-letter topic) and passes them to the source stage, keyed by source. */
final class EventIntakeProcessor implements Processor<String, byte[], String, Routed> {

    private final InternalCodec codec;
    private final DetectorMetrics metrics;
    private final Dlq dlq;
    private final DetectorConfig config;
    private final IntakeClock.Registry clocks;
    private IntakeClock clock;
    private ProcessorContext<String, Routed> context;

    EventIntakeProcessor(InternalCodec codec, DetectorMetrics metrics, DetectorConfig config, IntakeClock.Registry clocks) {
        this.codec = codec;
        this.metrics = metrics;
        this.dlq = new Dlq(codec, metrics);
        this.config = config;
        this.clocks = clocks;
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
        this.clock = clocks.join(context.taskId(), "event-intake", config.getLong(DetectorConfig.MAX_FUTURE_SKEW_MS),
                config.getLong(DetectorConfig.WATERMARK_INTERVAL_MS), config.getLong(DetectorConfig.STATE_SWEEP_INTERVAL_MS));
    }

    @Override
    public void process(Record<String, byte[]> record) {
        processEvent(record);
        // The series stage of this task sweeps; events only move the clock and owe heartbeats.
        SeriesStageProcessor.clockDuties(context, clock, metrics, (k, r, v, ts) -> {
            metrics.recordOut(r);
            context.forward(new Record<>(k, new Routed(r, v), ts));
        }, 0, null);
    }

    private void processEvent(Record<String, byte[]> record) {
        metrics.recordIn("events");
        Event event;
        try {
            event = codec.records().readEvent(record.value());
        } catch (InvalidRecordException e) {
            dlq.send(context, record, e.getMessage());
            return;
        }
        if (clock.tooFarAhead(event.ts())) {
            dlq.send(context, record, clock.reason(event.ts()));
            return;
        }
        clock.accept(event.ts());
        var n = codec.records().toJson(event);
        n.put("stream", "event");
        metrics.recordOut(Route.BY_SOURCE);
        context.forward(new Record<>(event.source(), new Routed(Route.BY_SOURCE, codec.records().bytes(n)), event.ts()));
    }
}
