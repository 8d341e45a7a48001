package io.slowburn.ingest.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.slowburn.model.MetricSample;
import io.slowburn.model.Observation;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PrometheusScraperTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T00:00:00Z"), ZoneOffset.UTC);
    private HttpServer server;
    private final AtomicReference<String> accept = new AtomicReference<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serve("/metrics", "text/plain; version=0.0.4; charset=utf-8", Fixtures.text("node_exporter.txt"), 200);
        serve("/om", "application/openmetrics-text; version=1.0.0; charset=utf-8", Fixtures.text("openmetrics.txt"), 200);
        serve("/broken", "text/plain", "oops", 500);
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.start();
    }

    private void serve(String path, String contentType, String body, int status) {
        server.createContext(path, exchange -> {
            accept.set(exchange.getRequestHeaders().getFirst("Accept"));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void scrapesTextFormatAndAsksForBothFormats() {
        PrometheusScraper scraper = new PrometheusScraper(ScrapeOptions.of(uri("/metrics"), "node-1"), CLOCK);
        List<Observation> records = scraper.poll();
        assertThat(records).hasSize(25).allMatch(o -> o instanceof MetricSample m && m.source().equals("node-1")
                && m.ts() == CLOCK.millis());
        assertThat(accept.get()).contains("application/openmetrics-text").contains("text/plain;version=0.0.4");
        assertThat(scraper.capabilities()).isEmpty();
    }

    @Test
    void openMetricsContentTypeReadsSecondsTimestamps() {
        PrometheusScraper scraper = new PrometheusScraper(ScrapeOptions.of(uri("/om"), "svc"), CLOCK);
        List<Observation> records = scraper.poll();
        assertThat(records).anyMatch(o -> o instanceof MetricSample m && m.metric().equals("acme_http_requests_total")
                && m.ts() == 1_772_409_600_123L);
    }

    @Test
    void failuresYieldNothingAndAreCounted() {
        PrometheusScraper broken = new PrometheusScraper(ScrapeOptions.of(uri("/broken"), "svc"), CLOCK);
        assertThat(broken.poll()).isEmpty();
        assertThat(broken.failedScrapes()).isEqualTo(1);
        ScrapeOptions slow = new ScrapeOptions(uri("/slow"), "svc", null, Duration.ofMillis(300), null);
        PrometheusScraper timeout = new PrometheusScraper(slow, CLOCK);
        long start = System.nanoTime();
        assertThat(timeout.poll()).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1_900));
        assertThat(timeout.failedScrapes()).isEqualTo(1);
    }
}
