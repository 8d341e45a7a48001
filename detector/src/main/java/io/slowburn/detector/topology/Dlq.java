package io.slowburn.detector.topology;

import io.slowburn.detector.service.DetectorMetrics;
import io.slowburn.engine.InternalCodec;
import io.slowburn.engine.Route;
import io.slowburn.engine.Routed;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Sends a rejected record to the dead-letter topic with its reason, topic, partition and offset. */
final class Dlq {

    private final InternalCodec codec;
    private final DetectorMetrics metrics;

    Dlq(InternalCodec codec, DetectorMetrics metrics) {
        this.codec = codec;
        this.metrics = metrics;
    }

    void send(ProcessorContext<String, Routed> context, Record<String, byte[]> record, String reason) {
        var meta = context.recordMetadata();
        String topic = meta.map(RecordMetadata::topic).orElse("?");
        int partition = meta.map(RecordMetadata::partition).orElse(-1);
        long offset = meta.map(RecordMetadata::offset).orElse(-1L);
        byte[] letter = codec.deadLetter(reason, topic, partition, offset, record.timestamp(), record.key(), record.value());
        metrics.recordOut(Route.DLQ);
        context.forward(new Record<>(record.key(), new Routed(Route.DLQ, letter), record.timestamp()));
    }
}
