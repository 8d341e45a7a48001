package io.slowburn.detector.topology;

import io.slowburn.engine.IntakeClock;
import java.nio.ByteBuffer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.record.TimestampType;

/**
 * When the broker received a telemetry record: the one time no writer controls, where the topic stamps records with
 * {@code LogAppendTime} (as {@code TopicSpec} creates the telemetry topics). The timestamp extractor replaces Kafka
 * Streams' record timestamp with the event time, so it hands the arrival time on in a header; a header of that name
 * that came with the record is removed first. A record of a topic stamped with the producer's time has no arrival
 * time: the producer is whoever wrote it.
 */
final class ArrivalTime {

    static final String HEADER = "slowburn.arrival";

    private ArrivalTime() {
    }

    /** Puts the broker's arrival time, when there is one, in the record's headers (and only the broker's). */
    static void stamp(ConsumerRecord<?, ?> record) {
        Headers headers = record.headers();
        headers.remove(HEADER);
        if (record.timestampType() == TimestampType.LOG_APPEND_TIME && record.timestamp() >= 0) {
            headers.add(HEADER, ByteBuffer.allocate(Long.BYTES).putLong(record.timestamp()).array());
        }
    }

    /** The arrival time stamped on the record, or {@link IntakeClock#NO_ARRIVAL}. */
    static long of(Headers headers) {
        Header h = headers == null ? null : headers.lastHeader(HEADER);
        return h == null || h.value() == null || h.value().length != Long.BYTES ? IntakeClock.NO_ARRIVAL
                : ByteBuffer.wrap(h.value()).getLong();
    }
}
