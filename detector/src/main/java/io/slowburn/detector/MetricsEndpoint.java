package io.slowburn.detector;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The service's HTTP endpoint, on the JDK's own HTTP server: the Prometheus scrape {@code /metrics}, the liveness
 * probe {@code /healthz} and the readiness probe {@code /ready} (200 when true, 503 when not; the body names the
 * Kafka Streams state), and whatever else the service {@link #serve}s.
 */
public final class MetricsEndpoint implements AutoCloseable {

    /** Two threads: a slow scrape or page never keeps a probe waiting long enough to fail it. */
    private static final int THREADS = 2;

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
        server.createContext("/metrics", exchange ->
                send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
        server.createContext("/healthz", probe(health::live, health));
        server.createContext("/ready", probe(health::ready, health));
        server.start();
        return new MetricsEndpoint(server, executor);
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
