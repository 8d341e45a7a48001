package io.slowburn.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.model.Event;
import io.slowburn.model.MetricSample;
import io.slowburn.model.RecordCodec;
import io.slowburn.model.Stream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SinksTest {

    private static final long TS = 1_772_409_600_000L;

    @Test
    void jsonLinesCarryTheStreamFieldAndReadBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("out/telemetry.jsonl");
        try (TelemetryPublisher p = new TelemetryPublisher(new JsonLinesSink(file))) {
            p.publish(new MetricSample(TS, "h", "os.fd.open", Map.of(), 12, null, 100.0, null));
            p.publish(new Event(TS, "h", Event.PROCESS_EXIT, Map.of("pid", 7, "signal", "unknown")));
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("{\"stream\":\"metric\",\"ts\":" + TS);
        assertThat(lines.get(1)).startsWith("{\"stream\":\"event\"");
        RecordCodec codec = new RecordCodec();
        var node = codec.readTree(lines.get(0));
        assertThat(codec.streamOf(node, null)).isEqualTo(Stream.METRIC);
        assertThat(codec.toMetric(node).limit()).isEqualTo(100.0);
    }

    @Test
    void kafkaSinkRoutesByStreamWithKeyAndEventTime() {
        MockProducer<String, byte[]> mock = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        try (TelemetryPublisher p = new TelemetryPublisher(new KafkaRecordSink(mock, "m", "e"))) {
            p.publish(MetricSample.gauge(TS, "h", "os.cpu.utilization", Map.of(), 0.5));
            p.publish(new Event(TS + 5, "h", Event.EXEC, Map.of("pid", 1)));
            p.flush();
            assertThat(p.metrics().sentCount()).isEqualTo(2);
        }
        List<ProducerRecord<String, byte[]>> sent = mock.history();
        assertThat(sent).extracting(ProducerRecord::topic).containsExactly("m", "e");
        assertThat(sent).extracting(ProducerRecord::key).containsExactly("h|os.cpu.utilization|", "h");
        assertThat(sent).extracting(ProducerRecord::timestamp).containsExactly(TS, TS + 5);
    }

    @Test
    void kafkaSinkCallsOnlyKafkasRetriableErrorsTransient() {
        KafkaRecordSink sink = new KafkaRecordSink(new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer()),
                "m", "e");
        assertThat(sink.retriable(new TimeoutException("metadata not available after 10000 ms"))).isTrue();
        assertThat(sink.retriable(new NotLeaderOrFollowerException("moved"))).isTrue();
        assertThat(sink.retriable(new RecordTooLargeException("too large"))).isFalse();
        assertThat(sink.retriable(new IllegalStateException("producer closed"))).isFalse();
        sink.close();
    }

    @Test
    void producerSettingsAreDurableCompressedAndBatched() {
        Map<String, Object> c = KafkaRecordSink.producerConfig("127.0.0.1:9092", Map.of(ProducerConfig.CLIENT_ID_CONFIG, "x"));
        assertThat(c).containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 50)
                .containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, 65536)
                .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "x");
    }
}
