package io.slowburn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.bench.Bench;
import io.slowburn.detector.service.DetectorConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A normal start logs no warning that is not about the operator's own mistake: the detector's Kafka Streams settings
 * make Kafka Streams 4.4 construct its clients (main consumer and its assignor included) without a WARN.
 * Constructing KafkaStreams connects to nothing, so no broker is needed.
 */
class StartWarningsTest {

    @TempDir
    Path tmp;

    @Test
    void shouldConstructTheStreamsClientWithoutTheGlobalThreadWarning() {
        DetectorConfig config = DetectorConfig.of(Map.of(DetectorConfig.BOOTSTRAP_SERVERS, "127.0.0.1:1",
                DetectorConfig.STATE_DIR, tmp.toString()));
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in").to("out");
        List<String> warnings;
        try (LogCapture log = LogCapture.start(Level.WARN, "org.apache.kafka.streams.StreamsConfig")) {
            try (KafkaStreams streams = new KafkaStreams(builder.build(), config.streamsProperties())) {
                warnings = log.lines();
            }
        }
        assertThat(warnings).noneMatch(l -> l.contains("not enabled for the GlobalThread"));
    }

    @Test
    void shouldConstructTheBenchTrivialAppWithoutTheGlobalThreadWarning() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in").to("out");
        List<String> warnings;
        try (LogCapture log = LogCapture.start(Level.WARN, "org.apache.kafka.streams.StreamsConfig")) {
            try (KafkaStreams streams = new KafkaStreams(builder.build(), Bench.trivialProperties("127.0.0.1:1", "exactly_once_v2", tmp))) {
                warnings = log.lines();
            }
        }
        assertThat(warnings).noneMatch(l -> l.contains("not enabled for the GlobalThread"));
    }
}
