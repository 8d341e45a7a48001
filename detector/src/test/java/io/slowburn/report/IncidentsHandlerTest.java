package io.slowburn.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.slowburn.detector.MetricsEndpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@code /incidents} beside {@code /metrics} on the same port: read-only, paced, and a clear 503 when it cannot read. */
class IncidentsHandlerTest {

    @Test
    void shouldServeThePageBesideMetricsAndRefuseWrites() throws Exception {
        AtomicInteger builds = new AtomicInteger();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(registry, 0)) {
            endpoint.serve("/incidents", new IncidentsHandler(() -> "<html>page " + builds.incrementAndGet() + "</html>"));
            HttpClient http = HttpClient.newHttpClient();
            URI uri = URI.create("http://127.0.0.1:" + endpoint.port() + "/incidents");

            HttpResponse<String> first = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> second = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port()
                    + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(first.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'none'");
            assertThat(first.body()).isEqualTo("<html>page 1</html>");
            assertThat(second.body()).as("rebuilt at most every 5 s").isEqualTo("<html>page 1</html>");
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(metrics.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shouldAnswer503WithTheReasonWhenTheTopicsCannotBeRead() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(registry, 0)) {
            endpoint.serve("/incidents", new IncidentsHandler(() -> {
                throw new IllegalStateException("broker unreachable");
            }));
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + endpoint.port() + "/incidents")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).contains("broker unreachable");
        }
    }
}
