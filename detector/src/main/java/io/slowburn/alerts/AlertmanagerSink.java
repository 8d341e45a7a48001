package io.slowburn.alerts;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The Alertmanager of {@code alerts tail --alertmanager-url}: each shown alert goes to an {@link AlertmanagerOutput}
 * with its stable labels ({@link OpenAlerts}), a 5xx answer or an I/O error is retried with exponential backoff a
 * bounded number of times, a 4xx is not. Best effort, without a consumer group or a dead letter: {@code alerts forward}
 * is the service. {@link #send} never throws: a subscriber loop must outlive its Alertmanager.
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

        Retrier.Policy policy() {
            return new Retrier.Policy(initialBackoff, maxBackoff, attempts, null);
        }
    }

    private static final Logger LOG = LogManager.getLogger(AlertmanagerSink.class);
    static final int MAX_TRACKED = 10_000;

    private final AlertmanagerOutput output;
    private final Retrier retrier;
    private final Duration resendInterval;
    private final OpenAlerts open = new OpenAlerts(MAX_TRACKED);
    private long lastResend = System.nanoTime();
    private long sent;
    private long failed;

    public AlertmanagerSink(URI baseUrl, String generatorUrl) {
        this(baseUrl, generatorUrl, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), Retry.defaults(),
                Duration.ofSeconds(10), Duration.ofMinutes(1));
    }

    public AlertmanagerSink(URI baseUrl, String generatorUrl, HttpClient http, Retry retry, Duration timeout,
                            Duration resendInterval) {
        this.output = new AlertmanagerOutput(baseUrl, generatorUrl, new HttpPost(http, timeout));
        this.retrier = new Retrier(retry.policy(), Retrier.Pause.sleeping());
        this.resendInterval = resendInterval;
    }

    /** {@code http://am:9093} or {@code http://am:9093/} or the full {@code .../api/v2/alerts}. */
    static URI endpoint(URI base) {
        return AlertmanagerOutput.endpoint(base);
    }

    public URI endpoint() {
        return output.endpoint();
    }

    /** Forwards one alert; returns whether Alertmanager accepted it. Never throws. */
    public boolean send(AlertRecord alert) {
        StableAlert stable = open.next(alert, OpenAlerts.NO_PARTITION);
        Retrier.Result r = retrier.run(() -> output.deliver(stable));
        if (r.last().isDelivered()) {
            sent++;
            return true;
        }
        failed++;
        LOG.warn("Alertmanager {} did not take alert {} after {} attempt(s): {}", output.target(), stable.eventId(), r.attempts(),
                r.last().detail());
        return false;
    }

    /** Re-sends every firing alert not resolved yet, when {@code resendInterval} has passed since the last time. */
    public void resendActive() {
        long now = System.nanoTime();
        if (now - lastResend < resendInterval.toNanos()) {
            return;
        }
        lastResend = now;
        output.refresh(open.firing());
    }

    public long sent() {
        return sent;
    }

    public long failed() {
        return failed;
    }
}
