package io.slowburn.detector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Partitioned by experiment id: sends ONE abort command per experiment to the control topic, whatever the number of
 * breaches, and records it on the audit topic. With exactly-once the store and the output commit together, so a
 * crash never duplicates a command.
 */
final class AbortProcessor implements Processor<String, byte[], String, Routed> {

    private final InternalCodec codec;
    private final DetectorMetrics metrics;
    private final AuditRecords audit;
    private ProcessorContext<String, Routed> context;
    private KeyValueStore<String, byte[]> sent;

    AbortProcessor(InternalCodec codec, DetectorMetrics metrics) {
        this.codec = codec;
        this.metrics = metrics;
        this.audit = new AuditRecords(codec);
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
        this.sent = context.getStateStore(StoreNames.ABORTS_SENT);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String experiment = record.key();
        if (experiment == null || sent.get(experiment) != null) {
            return;
        }
        JsonNode request;
        try {
            request = codec.records().mapper().readTree(record.value());
        } catch (IOException e) {
            throw new IllegalStateException("corrupt abort request on the internal topic", e);
        }
        sent.put(experiment, ByteBuffer.allocate(8).putLong(record.timestamp()).array());
        ObjectNode command = codec.records().mapper().createObjectNode();
        command.put("action", "abort");
        command.put("experiment", experiment);
        command.put("ts", request.get("ts").asLong());
        command.put("reason", request.get("reason").asText());
        command.put("alert", request.get("alert").asText());
        metrics.recordOut(Route.CONTROL);
        context.forward(new Record<>(experiment, new Routed(Route.CONTROL, codec.records().bytes(command)), record.timestamp()));
        metrics.recordOut(Route.AUDIT);
        context.forward(new Record<>(experiment, new Routed(Route.AUDIT, audit.abort(experiment, request.get("alert").asText(),
                request.get("reason").asText(), request.get("ts").asLong())), record.timestamp()));
    }
}
