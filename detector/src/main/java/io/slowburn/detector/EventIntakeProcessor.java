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
    private ProcessorContext<String, Routed> context;

    EventIntakeProcessor(InternalCodec codec, DetectorMetrics metrics) {
        this.codec = codec;
        this.metrics = metrics;
        this.dlq = new Dlq(codec, metrics);
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        metrics.recordIn("events");
        Event event;
        try {
            event = codec.records().readEvent(record.value());
        } catch (InvalidRecordException e) {
            dlq.send(context, record, e.getMessage());
            return;
        }
        var n = codec.records().toJson(event);
        n.put("stream", "event");
        metrics.recordOut(Route.BY_SOURCE);
        context.forward(new Record<>(event.source(), new Routed(Route.BY_SOURCE, codec.records().bytes(n)), event.ts()));
    }
}
