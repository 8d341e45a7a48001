package io.slowburn.detector.topology;

import io.slowburn.model.EventTimePeek;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Kafka Streams' timestamp for a telemetry record: its event time, read from the record's {@code ts}, whatever the
 * Kafka timestamp says. The telemetry topics stamp records on arrival (so that retention counts from arrival, see
 * {@code TopicSpec}); ordering a task's partitions by arrival would let a burst of one partition's samples (after a
 * broker outage, say) overtake another partition's events of the same moment. With event time, Kafka Streams
 * processes a task's partitions in event-time order, as far as their data has been fetched.
 *
 * <p>A record without a valid {@code ts} takes its partition's time (it is dead-lettered when processed, never
 * skipped: Kafka Streams drops a record with a negative timestamp, so this never returns one).
 */
final class EventTimeExtractor implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        ArrivalTime.stamp(record);
        long ts = record.value() instanceof byte[] value ? EventTimePeek.of(value) : EventTimePeek.NONE;
        if (ts != EventTimePeek.NONE) {
            return ts;
        }
        return partitionTime >= 0 ? partitionTime : Math.max(0, record.timestamp());
    }
}
