package io.slowburn.detector;

import com.fasterxml.jackson.databind.JsonNode;
import io.slowburn.model.InvalidRecordException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Admits experiment declarations into the registry: malformed ones go to the dead-letter topic with their reason
 * and sanction nothing; well-formed ones go to the registry topic keyed by their id (whether they are authentic is
 * decided at verdict time, against the keys trusted then). A tombstone removes a declaration.
 */
final class ExperimentIntakeProcessor implements Processor<String, byte[], String, Routed> {

    private final InternalCodec codec;
    private final DeclarationCheck check;
    private final DetectorMetrics metrics;
    private final Dlq dlq;
    private ProcessorContext<String, Routed> context;

    ExperimentIntakeProcessor(InternalCodec codec, DeclarationCheck check, DetectorMetrics metrics) {
        this.codec = codec;
        this.check = check;
        this.metrics = metrics;
        this.dlq = new Dlq(codec, metrics);
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        metrics.recordIn("experiments");
        if (record.value() == null) {
            if (record.key() != null) {
                context.forward(new Record<>(record.key(), new Routed(Route.REGISTRY, new byte[0]), record.timestamp()));
            }
            return;
        }
        try {
            JsonNode n = codec.records().readTree(record.value());
            String id = check.idOf(n);
            metrics.recordOut(Route.REGISTRY);
            context.forward(new Record<>(id, new Routed(Route.REGISTRY, record.value()), record.timestamp()));
        } catch (InvalidRecordException e) {
            dlq.send(context, record, "experiment declaration: " + e.getMessage());
        }
    }
}
