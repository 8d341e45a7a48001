package io.slowburn.detector;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The service's HTTP endpoint, on the JDK's own HTTP server: the Prometheus scrape {@code /metrics} (text 0.0.4, or
 * OpenMetrics when the scraper's {@code Accept} asks for it), the liveness
 * probe {@code /healthz} and the readiness probe {@code /ready} (200 when true, 503 when not; the body names the
 * Kafka Streams state), and whatever else the service {@link #serve}s.
 */
public final class MetricsEndpoint implements AutoCloseable {

    /** Two threads: a slow scrape or page never keeps a probe waiting long enough to fail it. */
    private static final int THREADS = 2;

    static final String TEXT_004 = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private static final String OPENMETRICS_MEDIA_TYPE = "application/openmetrics-text";

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsEndpoint(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static MetricsEndpoint start(PrometheusMeterRegistry registry, String address, int port, StreamsHealth health) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve /metrics on " + address + ":" + port + " (metrics.address, metrics.port)", e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "slowburn-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        // Readiness as a metric too, so that an alerting rule can see a detector that stays unready.
        Gauge.builder("slowburn.ready", health, h -> h.ready() ? 1 : 0).description("1 while /ready answers 200, else 0")
                .strongReference(true).register(registry);
        server.createContext("/metrics", exchange -> {
            String format = scrapeFormat(exchange.getRequestHeaders().getFirst("Accept"));
            send(exchange, 200, format, registry.scrape(format));
        });
        server.createContext("/healthz", probe(health::live, health));
        server.createContext("/ready", probe(health::ready, health));
        server.start();
        return new MetricsEndpoint(server, executor);
    }

    /**
     * The exposition format for a scrape's {@code Accept} header: OpenMetrics 1.0 when the scraper asks for it (Prometheus
     * does by default; the text then ends with {@code # EOF}), else the Prometheus text format 0.0.4. Never protobuf,
     * which a scraper only gets when it accepts nothing else.
     */
    static String scrapeFormat(String accept) {
        return accept != null && accept.toLowerCase(Locale.ROOT).contains(OPENMETRICS_MEDIA_TYPE) ? OPENMETRICS : TEXT_004;
    }

    /** Serves {@code path} (and everything under it) with {@code handler} beside the endpoints above. */
    public void serve(String path, HttpHandler handler) {
        server.createContext(path, handler);
    }

    private static HttpHandler probe(BooleanSupplier check, StreamsHealth health) {
        return exchange -> {
            boolean ok = check.getAsBoolean();
            send(exchange, ok ? 200 : 503, "application/json",
                    "{\"status\":\"" + (ok ? "ok" : "unavailable") + "\",\"state\":\"" + health.state() + "\"}\n");
        };
    }

    private static void send(HttpExchange exchange, int status, String contentType, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
