package io.slowburn.ingest.publish;

import io.slowburn.model.Observation;
import io.slowburn.model.Stream;
import java.util.Objects;

/**
 * A record that passed validation and is ready for a sink: the contract's key, the event time that becomes the
 * Kafka record timestamp, and the serialized contract JSON (serialized once, on the collector's thread).
 *
 * @param stream {@link Stream#METRIC} or {@link Stream#EVENT}: picks the topic
 * @param key series id for a metric, source for an event
 * @param timestamp the sample's event time, epoch milliseconds
 * @param observation the record itself (a {@code MetricSample} or an {@code Event})
 * @param value contract JSON without the {@code stream} field
 */
public record PublishedRecord(Stream stream, String key, long timestamp, Observation observation, byte[] value) {

    public PublishedRecord {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(observation, "observation");
        Objects.requireNonNull(value, "value");
    }
}
