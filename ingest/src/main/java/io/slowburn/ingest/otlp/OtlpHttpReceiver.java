package io.slowburn.ingest.otlp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.slowburn.ingest.publish.DropReason;
import io.slowburn.ingest.publish.PublisherMetrics;
import io.slowburn.ingest.publish.TelemetryPublisher;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * An OTLP/HTTP metrics receiver on the JDK's HTTP server: {@code POST /v1/metrics} with an
 * {@code ExportMetricsServiceRequest} as {@code application/x-protobuf} or {@code application/json}, optionally
 * gzip-compressed. It answers 200 (an empty response message) only once the samples are acknowledged by the sink, and
 * 503 when they are not, so that the exporter retries rather than losing them; 400 for a body that is not OTLP, 413
 * above {@link #MAX_BODY_BYTES}, 415 for another content type. Requests are handled one at a time.
 */
public final class OtlpHttpReceiver implements AutoCloseable {

    public static final String PATH = "/v1/metrics";
    /** Decompressed; the Collector's default batch is far below it. */
    public static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
    private static final Logger LOG = LogManager.getLogger(OtlpHttpReceiver.class);

    private final HttpServer server;
    private final OtlpConverter converter;
    private final TelemetryPublisher publisher;
    private final Clock clock;

    private OtlpHttpReceiver(HttpServer server, OtlpConverter converter, TelemetryPublisher publisher, Clock clock) {
        this.server = server;
        this.converter = converter;
        this.publisher = publisher;
        this.clock = clock;
    }

    /** Binds (port 0: any free port) and starts serving. */
    public static OtlpHttpReceiver start(InetSocketAddress address, OtlpConverter converter, TelemetryPublisher publisher, Clock clock)
            throws IOException {
        HttpServer server = HttpServer.create(address, 0);
        OtlpHttpReceiver receiver = new OtlpHttpReceiver(server, converter, publisher, clock);
        server.createContext("/", receiver::handle);
        server.start();
        return receiver;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!PATH.equals(ex.getRequestURI().getPath())) {
                respond(ex, 404, "text/plain", "not found: OTLP metrics are POSTed to " + PATH);
                return;
            }
            if (!"POST".equals(ex.getRequestMethod())) {
                ex.getResponseHeaders().add("Allow", "POST");
                respond(ex, 405, "text/plain", "method not allowed: POST " + PATH);
                return;
            }
            String type = ex.getRequestHeaders().getFirst("Content-Type");
            type = type == null ? "" : type.toLowerCase(Locale.ROOT);
            OtlpEncoding encoding = type.startsWith("application/x-protobuf") ? OtlpEncoding.OTLP_PROTO
                    : type.startsWith("application/json") ? OtlpEncoding.OTLP_JSON : null;
            if (encoding == null) {
                respond(ex, 415, "text/plain", "unsupported Content-Type '" + type + "': application/x-protobuf or application/json");
                return;
            }
            byte[] body = body(ex);
            if (body == null) {
                respond(ex, 413, "text/plain", "request body above " + MAX_BODY_BYTES + " bytes");
                return;
            }
            ExportMetricsServiceRequest request;
            try {
                request = encoding.decode(body);
            } catch (InvalidOtlpException e) {
                respond(ex, 400, "text/plain", e.getMessage());
                return;
            }
            if (!publish(request)) {
                respond(ex, 503, "text/plain", "samples not delivered to Kafka: retry");
                return;
            }
            // An empty ExportMetricsServiceResponse: no partial success to report.
            respond(ex, 200, encoding == OtlpEncoding.OTLP_PROTO ? "application/x-protobuf" : "application/json",
                    encoding == OtlpEncoding.OTLP_PROTO ? "" : "{}");
        } catch (IOException | RuntimeException e) {
            LOG.debug("OTLP/HTTP request failed: {}", e.toString());
        }
    }

    private boolean publish(ExportMetricsServiceRequest request) {
        PublisherMetrics m = publisher.metrics();
        long before = m.failedCount() + m.droppedCount(DropReason.BUFFER_FULL);
        publisher.publishAll(converter.convert(request, clock.millis()));
        publisher.flush();
        return m.failedCount() + m.droppedCount(DropReason.BUFFER_FULL) == before;
    }

    /** The (decompressed) body, or {@code null} when it is too large. */
    private static byte[] body(HttpExchange ex) throws IOException {
        InputStream in = ex.getRequestBody();
        String contentEncoding = ex.getRequestHeaders().getFirst("Content-Encoding");
        if (contentEncoding != null && contentEncoding.toLowerCase(Locale.ROOT).contains("gzip")) {
            in = new GZIPInputStream(in);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) > 0) {
            if (out.size() + n > MAX_BODY_BYTES) {
                return null;
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static void respond(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(bytes);
            }
        }
    }

    /** Stops accepting requests; one in progress gets at most a second to finish (its exporter retries otherwise). */
    @Override
    public void close() {
        server.stop(1);
    }
}
