package io.slowburn.detector.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP endpoint: the probes follow the Kafka Streams state, it binds where it is told, and takes more pages. */
class MetricsEndpointTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicReference<State> state = new AtomicReference<>(State.CREATED);
    private final HttpClient http = HttpClient.newHttpClient();
    private MetricsEndpoint endpoint;

    @AfterEach
    void close() {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldBeLiveUnlessFailedOrStoppingAndReadyOnlyWhenRunning() throws Exception {
        endpoint = MetricsEndpoint.start(registry, "127.0.0.1", 0, new StreamsHealth(state::get));
        Map<State, int[]> expected = Map.of(
                State.CREATED, new int[] {200, 503},
                State.REBALANCING, new int[] {200, 503},
                State.RUNNING, new int[] {200, 200},
                State.PENDING_SHUTDOWN, new int[] {503, 503},
                State.NOT_RUNNING, new int[] {503, 503},
                State.PENDING_ERROR, new int[] {503, 503},
                State.ERROR, new int[] {503, 503});
        assertThat(expected).hasSize(State.values().length);
        for (State s : State.values()) {
            state.set(s);
            HttpResponse<String> healthz = get("/healthz");
            HttpResponse<String> ready = get("/ready");
            assertThat(healthz.statusCode()).as("/healthz in %s", s).isEqualTo(expected.get(s)[0]);
            assertThat(ready.statusCode()).as("/ready in %s", s).isEqualTo(expected.get(s)[1]);
            assertThat(ready.body()).contains("\"state\":\"" + s + "\"");
        }
    }

    @Test
    void shouldServeTheScrapeAndPagesRegisteredLater() throws Exception {
        registry.counter("slowburn.test.things").increment();
        endpoint = MetricsEndpoint.start(registry, "127.0.0.1", 0, new StreamsHealth(state::get));
        assertThat(get("/metrics").body()).contains("slowburn_test_things_total 1.0");

        endpoint.serve("/incidents", exchange -> {
            byte[] body = "two incidents".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        assertThat(get("/incidents").body()).isEqualTo("two incidents");
        assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldServeOpenMetricsWhenTheScraperAsksForIt() throws Exception {
        registry.counter("slowburn.test.things").increment();
        endpoint = MetricsEndpoint.start(registry, "127.0.0.1", 0, new StreamsHealth(state::get));
        // What Prometheus sends by default.
        HttpResponse<String> open = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics"))
                .header("Accept", "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                        + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(open.headers().firstValue("Content-Type")).hasValue(MetricsEndpoint.OPENMETRICS);
        assertThat(open.body()).contains("# TYPE slowburn_test_things counter", "slowburn_test_things_total 1.0").endsWith("# EOF\n");
        HttpResponse<String> text = get("/metrics");
        assertThat(text.headers().firstValue("Content-Type")).hasValue(MetricsEndpoint.TEXT_004);
        assertThat(text.body()).contains("# TYPE slowburn_test_things_total counter").doesNotContain("# EOF");
    }

    @Test
    void shouldExposeReadinessAsAGauge() throws Exception {
        endpoint = MetricsEndpoint.start(registry, "127.0.0.1", 0, new StreamsHealth(state::get));
        assertThat(get("/metrics").body()).contains("slowburn_ready 0.0");
        state.set(State.RUNNING);
        assertThat(get("/metrics").body()).contains("slowburn_ready 1.0");
    }

    @Test
    void shouldBindOnlyTheConfiguredAddress() throws Exception {
        endpoint = MetricsEndpoint.start(registry, "127.0.0.1", 0, new StreamsHealth(state::get));
        assertThat(endpoint.address().getAddress().isLoopbackAddress()).isTrue();
        Optional<InetAddress> outside = nonLoopbackAddress();
        if (outside.isPresent()) {
            assertThatThrownBy(() -> new Socket(outside.get(), endpoint.port()).close()).isInstanceOf(IOException.class);
        }
        endpoint.close();

        endpoint = MetricsEndpoint.start(registry, "0.0.0.0", 0, new StreamsHealth(state::get));
        assertThat(endpoint.address().getAddress().isAnyLocalAddress()).isTrue();
        if (outside.isPresent()) {
            new Socket(outside.get(), endpoint.port()).close();
        }
    }

    @Test
    void shouldNameTheAddressItCannotBind() {
        assertThatThrownBy(() -> MetricsEndpoint.start(registry, "192.0.2.1", 0, new StreamsHealth(state::get)))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("192.0.2.1").hasMessageContaining("metrics.address");
    }

    @Test
    void shouldDefaultToLoopback() {
        assertThat(DetectorConfig.defaults().getString(DetectorConfig.METRICS_ADDRESS)).isEqualTo("127.0.0.1");
        assertThat(DetectorConfig.of(Map.of(DetectorConfig.METRICS_ADDRESS, "0.0.0.0")).getString(DetectorConfig.METRICS_ADDRESS))
                .isEqualTo("0.0.0.0");
        assertThat(DetectorConfig.validate(Map.of(DetectorConfig.METRICS_ADDRESS, ""))).singleElement().asString()
                .startsWith("metrics.address");
    }

    /** An address of this machine that is not loopback, if it has one (to prove loopback-only binding is that). */
    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        return NetworkInterface.networkInterfaces().filter(i -> {
            try {
                return i.isUp() && !i.isLoopback();
            } catch (IOException e) {
                return false;
            }
        }).flatMap(NetworkInterface::inetAddresses).filter(a -> a instanceof Inet4Address).findFirst();
    }
}
