package io.slowburn.report;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /incidents}: the report page of the incidents the detector raised recently, read-only. A page is built at
 * most once per {@value #REUSE_MS} ms (wall clock: it paces reads of the topics, it decides nothing); other methods get
 * 405. The page is built and sent on a thread of its own, so that a slow read of the topics never holds up
 * {@code /metrics}, which shares the HTTP server's one dispatch thread.
 */
public final class IncidentsHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(IncidentsHandler.class);
    static final long REUSE_MS = 5_000;

    private final Supplier<String> pages;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "slowburn-incidents-view");
        t.setDaemon(true);
        return t;
    });
    private byte[] page;
    private long builtAt;

    public IncidentsHandler(LiveIncidents live) {
        this(() -> ReportPage.render(live.read("slowburn: recent incidents")));
    }

    IncidentsHandler(Supplier<String> pages) {
        this.pages = pages;
    }

    @Override
    public void handle(HttpExchange exchange) {
        worker.execute(() -> {
            try {
                respond(exchange);
            } catch (IOException e) {
                LOG.debug("incidents page not delivered: {}", e.toString());
            }
        });
    }

    private void respond(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body;
            int status = 200;
            String type = "text/html; charset=utf-8";
            try {
                body = current();
            } catch (RuntimeException e) {
                LOG.warn("cannot build the incidents page: {}", e.toString());
                body = ("cannot read the detector's topics: " + e.getMessage()).getBytes(StandardCharsets.UTF_8);
                status = 503;
                type = "text/plain; charset=utf-8";
            }
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if ("HEAD".equals(method)) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private synchronized byte[] current() {
        long now = System.currentTimeMillis();
        if (page == null || now - builtAt > REUSE_MS) {
            page = pages.get().getBytes(StandardCharsets.UTF_8);
            builtAt = now;
        }
        return page;
    }
}
