package io.slowburn.detector.topology;

import static io.slowburn.detector.topology.Harness.MIN;
import static io.slowburn.detector.topology.Harness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.slowburn.model.MetricSample;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A hot reload keeps a rule's state when the change leaves the shape of that state alone (a threshold), and starts
 * it afresh when it does not (the bucket of a trend): old bytes are never read with the new layout.
 */
class StateLayoutReloadTest {

    private static final long HOUR = 60 * MIN;
    /** The reload happens after 90 minutes of history, half an hour before the trend would fire. */
    private static final long RELOAD = T0 + 90 * MIN;
    private static final long END = T0 + 10 * HOUR;

    /**
     * A queue rising 1 per hour from 80 towards its limit of 100: once the shortest rung has its buckets, the rise is
     * significant and the limit is ~17h away, within the 24h horizon. At a 2d window a 15m bucket gives rungs of 3h
     * to 48h, a 30m bucket rungs of 6h to 48h: the layouts differ, so the state must start afresh.
     */
    private static String trend(String bucket, String maxPValue) {
        return """
                rules:
                  - name: queue-trend
                    signal: queue_growth
                    severity: warning
                    select: {metric: app.queue.depth}
                    analysis:
                      type: trend_to_limit
                      bucket: %s
                      window: 2d
                      lateness: 0m
                      min_history: 2h
                      horizon: 24h
                      max_p_value: %s
                      limit: 100
                """.formatted(bucket, maxPValue);
    }

    private static double depth(long ts) {
        return 80 + (ts - T0) / (double) HOUR;
    }

    /** Feeds a sample a minute from T0 to the end, swapping in {@code reloaded} (when not null) at {@link #RELOAD}. */
    private static JsonNode firstFiring(String reloaded) {
        try (Harness h = new Harness(trend("15m", "0.01"))) {
            for (long ts = T0; ts < END; ts += MIN) {
                if (ts == RELOAD && reloaded != null) {
                    h.rules.replace(Harness.rules(reloaded));
                }
                h.metric(MetricSample.gauge(ts, "host-1", "app.queue.depth", Map.of("queue", "orders"), depth(ts)));
                for (JsonNode a : h.alerts()) {
                    if (a.get("status").asText().equals("firing")) {
                        return a;
                    }
                }
            }
            return null;
        }
    }

    @Test
    void shouldKeepTheStateWhenAReloadChangesOnlyAThreshold() {
        JsonNode unchanged = firstFiring(null);
        assertThat(unchanged).isNotNull();
        // The ladder's shortest rung (12 buckets of 15m) and the swing guard's three hours: about three hours in.
        assertThat(unchanged.get("ts").asLong()).isBetween(T0 + 2 * HOUR, T0 + 4 * HOUR);

        JsonNode tuned = firstFiring(trend("15m", "0.005"));
        assertThat(tuned).isNotNull();
        // The 90 minutes of history before the reload still count: it fires exactly when it would have.
        assertThat(tuned.get("ts").asLong()).isEqualTo(unchanged.get("ts").asLong());
    }

    @Test
    void shouldStartAfreshWhenAReloadChangesTheBucket() {
        JsonNode unchanged = firstFiring(null);
        JsonNode rebucketed = firstFiring(trend("30m", "0.01"));
        assertThat(rebucketed).isNotNull();
        long ts = rebucketed.get("ts").asLong();
        // A fresh state: its history starts at the reload, so min_history (2h) holds two hours later, not before.
        assertThat(ts).isGreaterThanOrEqualTo(RELOAD + 2 * HOUR).isGreaterThan(unchanged.get("ts").asLong());
    }
}
