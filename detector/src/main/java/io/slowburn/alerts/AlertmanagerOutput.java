package io.slowburn.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Prometheus Alertmanager: {@code POST /api/v2/alerts} with a JSON array of
 * <pre>
 * {"labels": {"alertname": RULE, "severity", "verdict", "signal", "source", "experiment"?, ...the alert's labels},
 *  "annotations": {"summary", "containment", "evidence" (compact JSON), "alert_id", "last_source"?, "last_labels"?},
 *  "startsAt": TS, "endsAt": TS (resolved only), "generatorURL"?}
 * </pre>
 * The labels are the alert's stable labels ({@link StableAlert}): Alertmanager identifies an alert by them, so a
 * correlated incident that resolves on another source still resolves the alert that fired. A resolution carries the
 * {@code startsAt} of its firing when known; without it Alertmanager takes {@code endsAt} as the start, and the alert is
 * resolved either way. Alertmanager expires a firing alert that is not repeated ({@code resolve_timeout}), so
 * {@link #refresh} re-sends every alert still firing.
 */
public final class AlertmanagerOutput implements AlertOutput {

    private static final Logger LOG = LogManager.getLogger(AlertmanagerOutput.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
    /** Alerts per re-send POST: a few hundred KB, whatever the number of open alerts. */
    static final int REFRESH_BATCH = 500;

    private final URI endpoint;
    private final String generatorUrl;
    private final HttpPost http;

    public AlertmanagerOutput(URI baseUrl, String generatorUrl, HttpPost http) {
        this.endpoint = endpoint(baseUrl);
        this.generatorUrl = generatorUrl;
        this.http = http;
    }

    /** {@code http://am:9093} or {@code http://am:9093/} or the full {@code .../api/v2/alerts}. */
    static URI endpoint(URI base) {
        HttpPost.checkUrl("Alertmanager", base);
        String s = base.toString();
        if (s.endsWith("/api/v2/alerts")) {
            return base;
        }
        return URI.create((s.endsWith("/") ? s.substring(0, s.length() - 1) : s) + "/api/v2/alerts");
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public String name() {
        return "alertmanager";
    }

    @Override
    public String target() {
        return AlertOutput.redacted(endpoint, false);
    }

    @Override
    public Delivery deliver(StableAlert alert) {
        return post(JsonNodeFactory.instance.arrayNode().add(toAlertmanager(alert, generatorUrl)));
    }

    @Override
    public void refresh(List<StableAlert> firing) {
        for (int from = 0; from < firing.size(); from += REFRESH_BATCH) {
            List<StableAlert> batch = firing.subList(from, Math.min(firing.size(), from + REFRESH_BATCH));
            ArrayNode body = JsonNodeFactory.instance.arrayNode();
            batch.forEach(a -> body.add(toAlertmanager(a, generatorUrl)));
            Delivery d = post(body);
            if (!d.isDelivered()) {
                LOG.warn("Alertmanager {} did not take the re-send of {} firing alert(s): {}", target(), firing.size(), d.detail());
                return;
            }
        }
    }

    private Delivery post(ArrayNode body) {
        try {
            return http.post(endpoint, JSON, MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            return Delivery.rejected("cannot serialize: " + e.getOriginalMessage());
        }
    }

    /** The Alertmanager form of one alert transition. */
    static ObjectNode toAlertmanager(StableAlert a, String generatorUrl) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        ObjectNode labels = n.putObject("labels");
        a.labels().forEach(labels::put);
        ObjectNode annotations = n.putObject("annotations");
        a.annotations().forEach(annotations::put);
        if (a.startsAt() != null) {
            n.put("startsAt", a.startsAt().toString());
        }
        if (a.endsAt() != null) {
            n.put("endsAt", a.endsAt().toString());
        }
        if (generatorUrl != null && !generatorUrl.isBlank()) {
            n.put("generatorURL", generatorUrl);
        }
        return n;
    }
}
