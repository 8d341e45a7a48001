package io.slowburn.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Forwards alerts to a Prometheus Alertmanager: {@code POST /api/v2/alerts} with a JSON array of
 * <pre>
 * {"labels": {"alertname": RULE, "severity", "verdict", "signal", "source", "experiment"?, ...the alert's labels},
 *  "annotations": {"summary", "containment", "evidence" (compact JSON), "alert_id"},
 *  "startsAt": TS, "endsAt": TS (resolved only), "generatorURL"?}
 * </pre>
 * A firing alert is sent with {@code startsAt} = its time; a resolved one with {@code endsAt} = its time and the
 * {@code startsAt} of its firing when this sink saw it. Alertmanager expires a firing alert that is not re-sent
 * ({@code resolve_timeout}), so {@link #resendActive()} re-sends firing alerts not resolved yet at most every
 * {@code resendInterval}. A 5xx answer or an I/O error is retried with exponential backoff, a bounded number of times;
 * a 4xx is not retried. {@link #send} never throws: a subscriber loop must outlive its Alertmanager.
 */
public final class AlertmanagerSink {

    /** Bounds: attempts per POST, first backoff (doubled each retry, at most {@code maxBackoff}). */
    public record Retry(int attempts, Duration initialBackoff, Duration maxBackoff) {

        public Retry {
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be at least 1");
            }
        }

        public static Retry defaults() {
            return new Retry(4, Duration.ofMillis(250), Duration.ofSeconds(4));
        }
    }

    static final Set<String> RESERVED = Set.of("alertname", "severity", "verdict", "signal", "source", "experiment");
    private static final Logger LOG = LogManager.getLogger(AlertmanagerSink.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_TRACKED = 10_000;

    private final URI endpoint;
    private final HttpClient http;
    private final Retry retry;
    private final Duration timeout;
    private final String generatorUrl;
    private final Duration resendInterval;
    /** Firing alerts not resolved yet, by id, in arrival order (bounded: the oldest is forgotten). */
    private final LinkedHashMap<String, ObjectNode> active = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ObjectNode> eldest) {
            return size() > MAX_TRACKED;
        }
    };
    private long lastResend = System.nanoTime();
    private long sent;
    private long failed;

    public AlertmanagerSink(URI baseUrl, String generatorUrl) {
        this(baseUrl, generatorUrl, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), Retry.defaults(),
                Duration.ofSeconds(10), Duration.ofMinutes(1));
    }

    public AlertmanagerSink(URI baseUrl, String generatorUrl, HttpClient http, Retry retry, Duration timeout,
                            Duration resendInterval) {
        this.endpoint = endpoint(baseUrl);
        this.generatorUrl = generatorUrl;
        this.http = http;
        this.retry = retry;
        this.timeout = timeout;
        this.resendInterval = resendInterval;
    }

    /** {@code http://am:9093} or {@code http://am:9093/} or the full {@code .../api/v2/alerts}. */
    static URI endpoint(URI base) {
        String scheme = base.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || base.getHost() == null) {
            throw new IllegalArgumentException("Alertmanager URL must be http(s)://HOST:PORT, got '" + base + "'");
        }
        String s = base.toString();
        if (s.endsWith("/api/v2/alerts")) {
            return base;
        }
        return URI.create((s.endsWith("/") ? s.substring(0, s.length() - 1) : s) + "/api/v2/alerts");
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Forwards one alert; returns whether Alertmanager accepted it. Never throws. */
    public boolean send(AlertRecord alert) {
        ObjectNode entry;
        synchronized (active) {
            ObjectNode firing = alert.id() == null ? null : active.get(alert.id());
            String startsAt = firing == null ? null : firing.path("startsAt").asText(null);
            entry = toAlertmanager(alert, startsAt, generatorUrl);
            if (alert.id() != null) {
                if (alert.resolved()) {
                    active.remove(alert.id());
                } else {
                    active.put(alert.id(), entry);
                }
            }
        }
        ArrayNode body = JsonNodeFactory.instance.arrayNode().add(entry);
        return post(body);
    }

    /** Re-sends every firing alert not resolved yet, when {@code resendInterval} has passed since the last time. */
    public void resendActive() {
        long now = System.nanoTime();
        if (now - lastResend < resendInterval.toNanos()) {
            return;
        }
        lastResend = now;
        List<ObjectNode> firing;
        synchronized (active) {
            firing = new ArrayList<>(active.values());
        }
        if (!firing.isEmpty()) {
            ArrayNode body = JsonNodeFactory.instance.arrayNode();
            firing.forEach(body::add);
            post(body);
        }
    }

    public long sent() {
        return sent;
    }

    public long failed() {
        return failed;
    }

    /** The Alertmanager form of one alert. */
    static ObjectNode toAlertmanager(AlertRecord a, String firingStartsAt, String generatorUrl) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        ObjectNode labels = n.putObject("labels");
        labels.put("alertname", a.rule() != null ? a.rule() : a.signal() != null ? a.signal() : "slowburn");
        putIfPresent(labels, "severity", a.severity());
        putIfPresent(labels, "verdict", a.verdict());
        putIfPresent(labels, "signal", a.signal());
        putIfPresent(labels, "source", a.source());
        putIfPresent(labels, "experiment", a.experiment());
        a.labels().forEach((k, v) -> {
            if (!RESERVED.contains(k)) {
                labels.put(k, v);
            }
        });
        ObjectNode annotations = n.putObject("annotations");
        annotations.put("summary", a.summary());
        annotations.put("containment", String.join(", ", a.containment()));
        annotations.put("evidence", a.evidence().toString());
        putIfPresent(annotations, "alert_id", a.id());
        String at = Instant.ofEpochMilli(a.ts()).toString();
        if (a.resolved()) {
            if (firingStartsAt != null) {
                n.put("startsAt", firingStartsAt);
            }
            // Without startsAt, Alertmanager takes endsAt as the start: the alert is resolved either way.
            n.put("endsAt", at);
        } else {
            n.put("startsAt", at);
        }
        if (generatorUrl != null && !generatorUrl.isBlank()) {
            n.put("generatorURL", generatorUrl);
        }
        return n;
    }

    private static void putIfPresent(ObjectNode n, String field, String value) {
        if (value != null && !value.isEmpty()) {
            n.put(field, value);
        }
    }

    private boolean post(ArrayNode body) {
        byte[] bytes;
        try {
            bytes = MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            LOG.warn("cannot serialize alerts for Alertmanager: {}", e.toString());
            failed++;
            return false;
        }
        Duration backoff = retry.initialBackoff();
        String last = "";
        for (int attempt = 1; attempt <= retry.attempts(); attempt++) {
            HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(timeout).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int code = response.statusCode();
                if (code >= 200 && code < 300) {
                    sent++;
                    return true;
                }
                last = "HTTP " + code + " " + abbreviate(response.body());
                if (code < 500) {
                    break;
                }
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                last = "interrupted";
                break;
            } catch (RuntimeException e) {
                last = e.toString();
                break;
            }
            if (attempt < retry.attempts() && !sleep(backoff)) {
                break;
            }
            backoff = backoff.multipliedBy(2).compareTo(retry.maxBackoff()) > 0 ? retry.maxBackoff() : backoff.multipliedBy(2);
        }
        failed++;
        LOG.warn("Alertmanager {} did not take {} alert(s): {}", endpoint, body.size(), last);
        return false;
    }

    private static boolean sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String abbreviate(String s) {
        String t = s == null ? "" : s.strip().replace('\n', ' ');
        return t.length() > 200 ? t.substring(0, 200) + "..." : t;
    }
}
