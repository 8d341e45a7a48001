package io.slowburn.detector.service;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
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
 * Kafka Streams state), and whatever else the service {@link #serve}s; over TLS and behind basic auth as
 * {@link HttpAccess} says.
 */
public final class MetricsEndpoint implements AutoCloseable {

    /** Two threads: a slow scrape or page never keeps a probe waiting long enough to fail it. */
    private static final int THREADS = 2;

    static final String TEXT_004 = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private static final String OPENMETRICS_MEDIA_TYPE = "application/openmetrics-text";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Authenticator authenticator;

    private MetricsEndpoint(HttpServer server, ExecutorService executor, Authenticator authenticator) {
        this.server = server;
        this.executor = executor;
        this.authenticator = authenticator;
    }

    public static MetricsEndpoint start(PrometheusMeterRegistry registry, String address, int port, StreamsHealth health) {
        return start(registry, address, port, health, HttpAccess.open());
    }

    /**
     * With {@code access}: TLS on the whole port when it has a keystore, basic auth on {@code /metrics} and on what is
     * {@link #serve}d (not on the probes) when it has a user.
     */
    public static MetricsEndpoint start(PrometheusMeterRegistry registry, String address, int port, StreamsHealth health,
                                        HttpAccess access) {
        HttpServer server;
        try {
            InetSocketAddress at = new InetSocketAddress(address, port);
            if (access.tls() == null) {
                server = HttpServer.create(at, 0);
            } else {
                HttpsServer https = HttpsServer.create(at, 0);
                https.setHttpsConfigurator(new HttpsConfigurator(access.tls()));
                server = https;
            }
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
        MetricsEndpoint endpoint = new MetricsEndpoint(server, executor, access.authenticator());
        endpoint.serve("/metrics", exchange -> {
            String format = scrapeFormat(exchange.getRequestHeaders().getFirst("Accept"));
            send(exchange, 200, format, registry.scrape(format));
        });
        server.createContext("/healthz", probe(health::live, health));
        server.createContext("/ready", probe(health::ready, health));
        server.start();
        return endpoint;
    }

    /**
     * The exposition format for a scrape's {@code Accept} header: OpenMetrics 1.0 when the scraper asks for it (Prometheus
     * does by default; the text then ends with {@code # EOF}), else the Prometheus text format 0.0.4. Never protobuf,
     * which a scraper only gets when it accepts nothing else.
     */
    static String scrapeFormat(String accept) {
        return accept != null && accept.toLowerCase(Locale.ROOT).contains(OPENMETRICS_MEDIA_TYPE) ? OPENMETRICS : TEXT_004;
    }

    /** Serves {@code path} (and everything under it) with {@code handler} beside the endpoints above, behind basic auth if set. */
    public void serve(String path, HttpHandler handler) {
        HttpContext context = server.createContext(path, handler);
        if (authenticator != null) {
            context.setAuthenticator(authenticator);
        }
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
