package io.slowburn.detector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.engine.IntakeClock;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** The broker's arrival time reaches the intake clock, and only the broker's. */
class ArrivalTimeTest {

    static final long ARRIVAL = 1_772_409_600_000L;

    static ConsumerRecord<Object, Object> record(TimestampType type, RecordHeaders headers) {
        return new ConsumerRecord<>("slowburn.metrics", 0, 7L, ARRIVAL, type, 0, 0, "key", new byte[0], headers,
                Optional.empty());
    }

    @Test
    void shouldHandOnTheLogAppendTime() {
        ConsumerRecord<Object, Object> r = record(TimestampType.LOG_APPEND_TIME, new RecordHeaders());
        new EventTimeExtractor().extract(r, -1);
        assertThat(ArrivalTime.of(r.headers())).isEqualTo(ARRIVAL);
    }

    @Test
    void shouldNeitherTrustTheProducersTimeNorAForgedHeader() {
        RecordHeaders forged = new RecordHeaders();
        forged.add(ArrivalTime.HEADER, ByteBuffer.allocate(8).putLong(ARRIVAL + 86_400_000L * 365).array());
        ConsumerRecord<Object, Object> r = record(TimestampType.CREATE_TIME, forged);
        new EventTimeExtractor().extract(r, -1);
        assertThat(ArrivalTime.of(r.headers())).isEqualTo(IntakeClock.NO_ARRIVAL);

        RecordHeaders forgedToo = new RecordHeaders();
        forgedToo.add(ArrivalTime.HEADER, new byte[8]);
        ConsumerRecord<Object, Object> appended = record(TimestampType.LOG_APPEND_TIME, forgedToo);
        new EventTimeExtractor().extract(appended, -1);
        assertThat(appended.headers().headers(ArrivalTime.HEADER)).hasSize(1);
        assertThat(ArrivalTime.of(appended.headers())).isEqualTo(ARRIVAL);
    }
}
