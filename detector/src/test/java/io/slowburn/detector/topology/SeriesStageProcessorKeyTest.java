package io.slowburn.detector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/** The series stage reads a sample's key as bytes: a dead letter gets the key the string deserializer made before. */
class SeriesStageProcessorKeyTest {

    @Test
    void aDeadLettersKeyIsWhatTheStringDeserializerMakesOfTheBytes() {
        byte[][] keys = {
            "web-1".getBytes(StandardCharsets.UTF_8),
            "hôte-ü|m{a=\"b\"}".getBytes(StandardCharsets.UTF_8),
            {(byte) 0xC3, (byte) 0x28, 'x', (byte) 0xFF}, // not UTF-8: replaced as the deserializer replaces it
            {},
        };
        var deserializer = Serdes.String().deserializer();
        for (byte[] key : keys) {
            Record<byte[], byte[]> record = new Record<>(key, new byte[] {1}, 42L);
            Record<String, byte[]> text = SeriesStageProcessor.withTextKey(record);
            assertThat(text.key()).isEqualTo(deserializer.deserialize("slowburn.metrics", key));
            assertThat(text.value()).isEqualTo(record.value());
            assertThat(text.timestamp()).isEqualTo(42L);
        }
        assertThat(SeriesStageProcessor.withTextKey(new Record<>(null, new byte[] {1}, 42L)).key()).isNull();
    }
}
