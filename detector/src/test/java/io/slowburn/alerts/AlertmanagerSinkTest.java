package io.slowburn.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AlertmanagerSinkTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AlertmanagerSink.Retry FAST = new AlertmanagerSink.Retry(3, Duration.ofMillis(10), Duration.ofMillis(40));

    private HttpServer server;
    private final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();
    /** Statuses to answer, in turn; 200 once exhausted. */
    private final List<Integer> statuses = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            requests.incrementAndGet();
            paths.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + " " + ex.getRequestHeaders().getFirst("Content-Type"));
            bodies.add(JSON.readTree(ex.getRequestBody()));
            int status = statuses.isEmpty() ? 200 : statuses.remove(0);
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private AlertmanagerSink sink(Duration resend) {
        return new AlertmanagerSink(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "http://grafana/d/slowburn",
                HttpClient.newHttpClient(), FAST, Duration.ofSeconds(2), resend);
    }

    @Test
    void postsAFiringAlertWithLabelsAnnotationsAndStartsAt() throws Exception {
        assertThat(sink(Duration.ofHours(1)).send(AlertSamples.alert("a-1", "firing", "sanctioned", "warning", "exp-42"))).isTrue();
        assertThat(paths).containsExactly("POST /api/v2/alerts application/json");
        JsonNode expected = JSON.readTree("""
                [{"labels":{"alertname":"heap-floor-drift","severity":"warning","verdict":"sanctioned","signal":"memory_drift",
                   "source":"host-17","experiment":"exp-42","area":"heap"},
                  "annotations":{"summary":"heap floor rising 2.1e7/h; limit in ~8.4h",
                   "containment":"isolate_node, capture_forensics",
                   "evidence":"{\\"slope_per_hour\\":2.1E7,\\"time_to_limit_s\\":30400}","alert_id":"a-1"},
                  "startsAt":"2026-03-02T14:05:00Z","generatorURL":"http://grafana/d/slowburn"}]""");
        assertThat(bodies.get(0)).isEqualTo(expected);
    }

    @Test
    void aResolvedAlertCarriesEndsAtAndTheStartOfItsFiring() throws Exception {
        AlertmanagerSink sink = sink(Duration.ofHours(1));
        String firing = AlertSamples.json("a-1", "firing", "suspicious", "critical", null);
        String resolved = AlertSamples.json("a-1", "resolved", "suspicious", "critical", null)
                .replace(String.valueOf(AlertSamples.TS), String.valueOf(AlertSamples.TS + 3_600_000));
        assertThat(sink.send(AlertRecord.parse(firing.getBytes()))).isTrue();
        assertThat(sink.send(AlertRecord.parse(resolved.getBytes()))).isTrue();
        JsonNode r = bodies.get(1).get(0);
        assertThat(r.path("startsAt").asText()).isEqualTo("2026-03-02T14:05:00Z");
        assertThat(r.path("endsAt").asText()).isEqualTo("2026-03-02T15:05:00Z");
        assertThat(r.path("labels").has("experiment")).isFalse();

        // A resolved alert whose firing this sink never saw: endsAt only (Alertmanager takes it as the start).
        assertThat(sink.send(AlertSamples.alert("other", "resolved", "suspicious", "critical", null))).isTrue();
        assertThat(bodies.get(2).get(0).has("startsAt")).isFalse();
        assertThat(bodies.get(2).get(0).path("endsAt").asText()).isEqualTo("2026-03-02T14:05:00Z");
    }

    @Test
    void retriesServerErrorsWithBackoffButNotClientErrors() {
        AlertmanagerSink sink = sink(Duration.ofHours(1));
        statuses.addAll(List.of(503, 502));
        assertThat(sink.send(AlertSamples.firing())).isTrue();
        assertThat(requests.get()).isEqualTo(3);

        statuses.addAll(List.of(500, 500, 500, 500));
        assertThat(sink.send(AlertSamples.firing())).isFalse();
        assertThat(requests.get()).isEqualTo(6);

        statuses.clear();
        statuses.add(400);
        assertThat(sink.send(AlertSamples.firing())).isFalse();
        assertThat(requests.get()).isEqualTo(7);
        assertThat(sink.sent()).isEqualTo(1);
        assertThat(sink.failed()).isEqualTo(2);
    }

    @Test
    void anUnreachableAlertmanagerNeverThrows() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        AlertmanagerSink sink = new AlertmanagerSink(URI.create("http://127.0.0.1:" + port + "/"), null, HttpClient.newHttpClient(),
                FAST, Duration.ofSeconds(1), Duration.ofHours(1));
        assertThat(sink.send(AlertSamples.firing())).isFalse();
        assertThat(sink.failed()).isEqualTo(1);
    }

    @Test
    void resendsFiringAlertsUntilTheyResolve() throws Exception {
        AlertmanagerSink sink = sink(Duration.ofMillis(1));
        sink.send(AlertSamples.alert("a-1", "firing", "suspicious", "critical", null));
        sink.send(AlertSamples.alert("a-2", "firing", "suspicious", "critical", null));
        sink.send(AlertSamples.alert("a-2", "resolved", "suspicious", "critical", null));
        Thread.sleep(5);
        sink.resendActive();
        JsonNode resent = bodies.get(bodies.size() - 1);
        assertThat(resent).hasSize(1);
        assertThat(resent.get(0).path("annotations").path("alert_id").asText()).isEqualTo("a-1");
    }

    @Test
    void acceptsTheBaseUrlOrTheFullEndpointAndRefusesOthers() {
        assertThat(AlertmanagerSink.endpoint(URI.create("http://am:9093"))).hasToString("http://am:9093/api/v2/alerts");
        assertThat(AlertmanagerSink.endpoint(URI.create("http://am:9093/"))).hasToString("http://am:9093/api/v2/alerts");
        assertThat(AlertmanagerSink.endpoint(URI.create("https://am/x/api/v2/alerts"))).hasToString("https://am/x/api/v2/alerts");
        assertThatThrownBy(() -> AlertmanagerSink.endpoint(URI.create("ftp://am"))).hasMessageContaining("'ftp://am'");
        assertThatThrownBy(() -> AlertmanagerSink.endpoint(URI.create("am:9093"))).hasMessageContaining("'am:9093'");
    }
}
