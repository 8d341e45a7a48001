package io.slowburn.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code /incidents}: read-only, paced, and a clear 503 when it cannot read; on the JDK's HTTP server as the detector's
 * endpoint serves it ({@code MetricsEndpoint.serve}).
 */
class IncidentsHandlerTest {

    /** A started server on an ephemeral loopback port, with the handler at /incidents. */
    private static HttpServer serve(IncidentsHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/incidents", handler);
        server.start();
        return server;
    }

    @Test
    void shouldServeThePagePacedAndRefuseWrites() throws Exception {
        AtomicInteger builds = new AtomicInteger();
        HttpServer server = serve(new IncidentsHandler(() -> "<html>page " + builds.incrementAndGet() + "</html>"));
        try {
            HttpClient http = HttpClient.newHttpClient();
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/incidents");

            HttpResponse<String> first = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> second = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(first.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'none'");
            assertThat(first.body()).isEqualTo("<html>page 1</html>");
            assertThat(second.body()).as("rebuilt at most every 5 s").isEqualTo("<html>page 1</html>");
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(builds).hasValue(1);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void shouldAnswer503WithTheReasonWhenTheTopicsCannotBeRead() throws Exception {
        HttpServer server = serve(new IncidentsHandler(() -> {
            throw new IllegalStateException("broker unreachable");
        }));
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.getAddress().getPort() + "/incidents")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).contains("broker unreachable");
        } finally {
            server.stop(0);
        }
    }
}
