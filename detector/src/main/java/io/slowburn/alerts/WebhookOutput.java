package io.slowburn.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Map;

/**
 * A generic JSON webhook: one {@code POST} per alert transition, {@code Content-Type: application/json}, header
 * {@code Idempotency-Key: ALERT_ID:TRANSITION}, body
 * <pre>
 * {"version": "1", "id": "ALERT_ID:firing", "alert_id": ..., "status": "firing"|"resolved",
 *  "startsAt": TS?, "endsAt": TS?, "labels": {...stable labels}, "annotations": {...}, "generatorURL"?,
 *  "alert": {...the alert record as the detector wrote it}}
 * </pre>
 * {@code id} is the same on every retry and re-delivery: a receiver drops duplicates by it.
 */
public final class WebhookOutput implements AlertOutput {

    /** The body's version: a receiver can refuse one it does not know. */
    public static final String VERSION = "1";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI url;
    private final String generatorUrl;
    private final HttpPost http;

    public WebhookOutput(URI url, String generatorUrl, HttpPost http) {
        this.url = HttpPost.checkUrl("webhook", url);
        this.generatorUrl = generatorUrl;
        this.http = http;
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public String target() {
        return AlertOutput.redacted(url, false);
    }

    @Override
    public Delivery deliver(StableAlert alert) {
        byte[] body;
        try {
            body = MAPPER.writeValueAsBytes(body(alert, generatorUrl));
        } catch (JsonProcessingException e) {
            return Delivery.rejected("cannot serialize: " + e.getOriginalMessage());
        }
        return http.post(url, Map.of("Content-Type", "application/json", "Idempotency-Key", alert.eventId()), body);
    }

    static ObjectNode body(StableAlert a, String generatorUrl) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("version", VERSION);
        n.put("id", a.eventId());
        n.put("alert_id", a.id());
        n.put("status", a.transition());
        if (a.startsAt() != null) {
            n.put("startsAt", a.startsAt().toString());
        }
        if (a.endsAt() != null) {
            n.put("endsAt", a.endsAt().toString());
        }
        a.labels().forEach(n.putObject("labels")::put);
        a.annotations().forEach(n.putObject("annotations")::put);
        if (generatorUrl != null && !generatorUrl.isBlank()) {
            n.put("generatorURL", generatorUrl);
        }
        n.set("alert", a.record().json());
        return n;
    }
}
