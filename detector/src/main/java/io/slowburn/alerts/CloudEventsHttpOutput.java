package io.slowburn.alerts;

import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * CloudEvents 1.0 over HTTP ({@link AlertCloudEvents}), written by the CloudEvents SDK's HTTP binding: in binary mode the
 * attributes are {@code ce-*} headers and the body is the alert JSON ({@code Content-Type: application/json}); in
 * structured mode the body is the whole event in the JSON event format ({@code application/cloudevents+json}).
 */
public final class CloudEventsHttpOutput implements AlertOutput {

    /** The CloudEvents HTTP content modes. */
    public enum Mode {
        BINARY, STRUCTURED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final JsonFormat FORMAT = new JsonFormat();

    private final URI url;
    private final Mode mode;
    private final URI source;
    private final HttpPost http;

    public CloudEventsHttpOutput(URI url, Mode mode, URI source, HttpPost http) {
        this.url = HttpPost.checkUrl("CloudEvents", url);
        this.mode = mode;
        this.source = source;
        this.http = http;
    }

    @Override
    public String name() {
        return "cloudevents-http-" + mode.wire();
    }

    @Override
    public String target() {
        return AlertOutput.redacted(url, false);
    }

    @Override
    public Delivery deliver(StableAlert alert) {
        CloudEvent event = AlertCloudEvents.of(alert, source);
        Map<String, String> headers = new LinkedHashMap<>();
        AtomicReference<byte[]> body = new AtomicReference<>(new byte[0]);
        var writer = HttpMessageFactory.createWriter((k, v) -> {
            // The JDK client sets Content-Length itself and refuses it as a header.
            if (!"content-length".equalsIgnoreCase(k)) {
                headers.put(k, v);
            }
        }, body::set);
        if (mode == Mode.BINARY) {
            writer.writeBinary(event);
        } else {
            writer.writeStructured(event, FORMAT);
        }
        return http.post(url, headers, body.get());
    }
}
