package io.slowburn.detector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class EventTimeExtractorTest {

    static final long T0 = 1_772_409_600_000L;
    static final long ARRIVED = 1_795_900_000_000L;

    private final EventTimeExtractor extractor = new EventTimeExtractor();

    @Test
    void shouldOrderByTheRecordsEventTimeNotByWhenItArrived() {
        assertThat(extractor.extract(record("{\"stream\":\"metric\",\"ts\":" + T0 + ",\"source\":\"h\"}"), T0 - 1)).isEqualTo(T0);
    }

    @Test
    void shouldGiveARecordWithoutAValidEventTimeItsPartitionsTimeSoItIsDeadLetteredNotSkipped() {
        assertThat(extractor.extract(record("{\"ts\":\"soon\"}"), T0)).isEqualTo(T0);
        assertThat(extractor.extract(record("not json"), -1)).as("no partition time yet").isEqualTo(ARRIVED);
        assertThat(extractor.extract(record(null), -1)).isEqualTo(ARRIVED);
    }

    private static ConsumerRecord<Object, Object> record(String value) {
        byte[] bytes = value == null ? null : value.getBytes(StandardCharsets.UTF_8);
        return new ConsumerRecord<>("slowburn.metrics", 0, 42L, ARRIVED, TimestampType.LOG_APPEND_TIME, 0, 0, "key", bytes,
                new RecordHeaders(), Optional.empty());
    }
}
