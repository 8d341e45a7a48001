package io.slowburn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.broker.EmbeddedKafkaBroker;
import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.DetectorService;
import io.slowburn.detector.service.TrustedKeySource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probes Kubernetes uses (deploy/kubernetes: readiness on /ready, liveness on /healthz) on a real broker: ready
 * once the streams run, alive while they do, and not alive once they have failed.
 */
@Tag("integration")
class HealthProbesTest {

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private int status(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private Map<String, Object> props(String bootstrap) throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put(DetectorConfig.BOOTSTRAP_SERVERS, bootstrap);
        props.put(DetectorConfig.TRUSTED_KEYS_DIR, Files.createDirectories(tmp.resolve("keys")).toString());
        props.put(DetectorConfig.STATE_DIR, tmp.resolve("state").toString());
        props.put(DetectorConfig.METRICS_PORT, Fixtures.freePort());
        props.put(DetectorConfig.RULES_TOPIC_ENABLED, false);
        return props;
    }

    @Test
    void shouldBeReadyOnceRunningAndLiveUntilTheStreamsFail() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            DetectorConfig config = DetectorConfig.of(props(broker.bootstrapServers()));
            DetectorService.createTopics(config);
            try (DetectorService service = DetectorService.start(config, Fixtures.setup(config,
                    TrustedKeySource.watching(tmp.resolve("keys"), 60_000, System::currentTimeMillis)))) {
                int port = service.metricsPort().orElseThrow();
                // Not ready while the first rebalance and restore run (checked only when the state says so on both
                // sides of the request, so the test does not race the streams).
                KafkaStreams.State before = service.state();
                int early = status(port, "/ready");
                if (before != KafkaStreams.State.RUNNING && service.state() != KafkaStreams.State.RUNNING) {
                    assertThat(early).isEqualTo(503);
                }
                assertThat(status(port, "/healthz")).isEqualTo(200);
                assertThat(service.awaitRunning(Duration.ofSeconds(60))).isTrue();
                assertThat(status(port, "/ready")).isEqualTo(200);
                assertThat(status(port, "/healthz")).isEqualTo(200);
            }
        }
    }

    @Test
    void shouldFailLivenessWhenTheStreamsDie() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            // Only the experiment registry's topic exists (the global store needs it to start) and the service must
            // not create the others: the stream threads find their source topics missing, and Kafka Streams shuts the
            // client down in ERROR.
            Map<String, Object> props = props(broker.bootstrapServers());
            props.put(DetectorConfig.TOPICS_CREATE, false);
            props.put(DetectorConfig.INTAKE_PARTITIONS, 1);
            DetectorConfig config = DetectorConfig.of(props);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(config.registryTopic(), 1, (short) 1)
                        .configs(Map.of("cleanup.policy", "compact")))).all().get();
            }
            try (DetectorService service = DetectorService.start(config, Fixtures.setup(config,
                    TrustedKeySource.watching(tmp.resolve("keys"), 60_000, System::currentTimeMillis)))) {
                int port = service.metricsPort().orElseThrow();
                assertThat(service.awaitStop(Duration.ofSeconds(60))).as("the streams stopped").isTrue();
                assertThat(service.state()).isIn(KafkaStreams.State.ERROR, KafkaStreams.State.PENDING_ERROR);
                assertThat(status(port, "/healthz")).isEqualTo(503);
                assertThat(status(port, "/ready")).isEqualTo(503);
            }
        }
    }
}
