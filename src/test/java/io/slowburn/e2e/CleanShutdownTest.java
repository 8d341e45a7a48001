package io.slowburn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.broker.EmbeddedKafkaBroker;
import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.DetectorService;
import io.slowburn.detector.service.TrustedKeySource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping the detector (SIGTERM, Ctrl-C) is routine: it commits, closes its stores and its clients, and logs no
 * ERROR. (The rules-topic reader used to be interrupted while closing its consumer, and Kafka logged an ERROR with a
 * stack trace on every shutdown: noise that trains operators to ignore ERRORs.)
 */
@Tag("integration")
class CleanShutdownTest {

    @TempDir
    Path tmp;

    @Test
    void shouldStopWithoutLoggingAnError() throws Exception {
        Path keys = Files.createDirectories(tmp.resolve("keys"));
        Map<String, Object> props = new HashMap<>();
        props.put(DetectorConfig.TRUSTED_KEYS_DIR, keys.toString());
        props.put(DetectorConfig.METRICS_PORT, 0);
        props.put(DetectorConfig.STATE_DIR, tmp.resolve("state").toString());
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            props.put(DetectorConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
            DetectorConfig config = DetectorConfig.of(props);
            DetectorService.createTopics(config);
            DetectorService service = DetectorService.start(config, Fixtures.setup(config,
                    TrustedKeySource.watching(keys, 1_000, System::currentTimeMillis)));
            assertThat(service.awaitRunning(Duration.ofSeconds(60))).isTrue();
            try (var producer = Fixtures.producer(broker.bootstrapServers())) {
                producer.send(Fixtures.record(config, new io.slowburn.engine.LineRouting().route(
                        Fixtures.metric(Fixtures.T0, "host-1", "os.process.count", 100, 32768))));
            }
            Thread.sleep(2_000); // every client connected and polling

            List<String> errors;
            try (LogCapture log = LogCapture.start(Level.ERROR, "org.apache.kafka", "io.slowburn")) {
                service.close();
                errors = log.lines();
            }
            assertThat(service.state().toString()).isEqualTo("NOT_RUNNING");
            assertThat(errors).as("ERRORs logged while stopping").isEmpty();
        }
    }
}
