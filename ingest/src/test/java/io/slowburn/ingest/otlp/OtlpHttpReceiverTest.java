package io.slowburn.ingest.otlp;

import static io.slowburn.ingest.otlp.Otlp.T0_NANOS;
import static io.slowburn.ingest.otlp.Otlp.attrs;
import static io.slowburn.ingest.otlp.Otlp.point;
import static io.slowburn.ingest.otlp.Otlp.request;
import static io.slowburn.ingest.otlp.Otlp.resource;
import static io.slowburn.ingest.otlp.Otlp.sum;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import io.slowburn.ingest.prometheus.PrometheusMapping;
import io.slowburn.ingest.publish.InMemorySink;
import io.slowburn.ingest.publish.PublishedRecord;
import io.slowburn.ingest.publish.RecordSink;
import io.slowburn.ingest.publish.TelemetryPublisher;
import io.slowburn.model.MetricSample;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** OTLP/HTTP as an exporter sends it: protobuf, JSON, gzip; and what the receiver answers to what it cannot take. */
class OtlpHttpReceiverTest {

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> post(int port, String path, String type, byte[] body, boolean gzip) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Content-Type", type);
        if (gzip) {
            ByteArrayOutputStream z = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(z)) {
                out.write(body);
            }
            body = z.toByteArray();
            b.header("Content-Encoding", "gzip");
        }
        return http.send(b.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void protobufJsonAndGzipBodiesArePublishedBeforeTheAnswer() throws Exception {
        InMemorySink sink = new InMemorySink();
        TelemetryPublisher publisher = new TelemetryPublisher(sink);
        OtlpConverter converter = new OtlpConverter(PrometheusMapping.builtin("otel"), "fallback", 100);
        try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start(new InetSocketAddress("127.0.0.1", 0), converter, publisher,
                Clock.systemUTC())) {
            var req = request(resource(attrs("host.name", "h1"), sum("system.processes.count", false, false,
                    point(300, T0_NANOS, "status", "sleeping"), point(2, T0_NANOS, "status", "running"))));
            HttpResponse<String> r = post(receiver.port(), "/v1/metrics", "application/x-protobuf", req.toByteArray(), false);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-protobuf");
            // Answered only after the samples were handed to the sink.
            assertThat(sink.metrics()).singleElement().satisfies(s -> {
                assertThat(s.metric()).isEqualTo("os.process.count");
                assertThat(s.value()).isEqualTo(302.0);
                assertThat(s.source()).isEqualTo("h1");
            });

            var req2 = request(resource(attrs("host.name", "h2"), sum("system.processes.count", false, false, point(5, T0_NANOS))));
            String json = JsonFormat.printer().print(req2);
            HttpResponse<String> j = post(receiver.port(), "/v1/metrics", "application/json", json.getBytes(StandardCharsets.UTF_8), true);
            assertThat(j.statusCode()).isEqualTo(200);
            assertThat(j.body()).isEqualTo("{}");
            assertThat(sink.metrics()).extracting(MetricSample::source).containsExactly("h1", "h2");

            assertThat(post(receiver.port(), "/v1/metrics", "application/x-protobuf", new byte[] {(byte) 0xff, 1}, false).statusCode())
                    .isEqualTo(400);
            assertThat(post(receiver.port(), "/v1/metrics", "text/plain", new byte[] {1}, false).statusCode()).isEqualTo(415);
            assertThat(post(receiver.port(), "/v1/traces", "application/x-protobuf", new byte[0], false).statusCode()).isEqualTo(404);
            HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.port() + "/v1/metrics"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(get.statusCode()).isEqualTo(405);
        } finally {
            publisher.close();
        }
    }

    @Test
    void samplesTheSinkCannotDeliverAreAnswered503SoTheExporterRetries() throws Exception {
        RecordSink failing = new RecordSink() {
            @Override
            public void send(PublishedRecord record, Consumer<Exception> onComplete) {
                onComplete.accept(new org.apache.kafka.common.errors.TimeoutException("broker down"));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        TelemetryPublisher publisher = new TelemetryPublisher(failing);
        OtlpConverter converter = new OtlpConverter(PrometheusMapping.identity(), "fallback", 100);
        try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start(new InetSocketAddress("127.0.0.1", 0), converter, publisher,
                Clock.systemUTC())) {
            var req = request(resource(attrs("host.name", "h1"), sum("c", true, false, point(1, T0_NANOS))));
            assertThat(post(receiver.port(), "/v1/metrics", "application/x-protobuf", req.toByteArray(), false).statusCode())
                    .isEqualTo(503);
        } finally {
            publisher.close();
        }
    }
}
