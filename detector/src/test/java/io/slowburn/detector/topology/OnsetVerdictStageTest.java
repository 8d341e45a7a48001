package io.slowburn.detector.topology;

import static io.slowburn.detector.topology.Harness.MIN;
import static io.slowburn.detector.topology.Harness.SRE_LEAD;
import static io.slowburn.detector.topology.Harness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.slowburn.model.MetricSample;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The verdict stage on the real topology with the onset a finding carries: an effect that began clearly before an
 * experiment is not blamed on it, and the alert and audit record say when it began.
 */
class OnsetVerdictStageTest {

    private static final long HOUR = 60 * MIN;
    private static final double HOST_MEMORY = 16e9;

    /** The host memory rule of the default pack, as far as this needs it. */
    private static final String RULES = """
            rules:
              - name: host-memory-drift
                signal: memory_drift
                severity: critical
                containment: [capture_forensics]
                select: {metric: os.memory.used}
                analysis: {type: trend_to_limit, bucket: 1m, window: 3d, min_history: 2h, horizon: 24h,
                           warning_horizon: 7d, reach: 12, saturation: 0.9, lateness: 2m}
                resolve_after: 1h
            """;

    /** A signed memory experiment on host-4 from {@code start} for two days, declared at T0. */
    private static String memoryExperiment(long start) {
        return """
                {"id":"exp-mem","ts":%d,"title":"squeeze host-4","scope":{"sources":["host-4"]},
                 "faults":["memory.pressure"],"start":%d,"end":%d,"blast_radius":{"max_sources":1},"abort_when":[]}"""
                .formatted(T0, start, start + 48 * HOUR);
    }

    @Test
    void shouldCallALeakElsewhereThatBeganBeforeTheExperimentSuspiciousWithItsOnset() {
        long leak = T0 + 3 * HOUR;
        long experiment = leak + 50 * MIN; // the trend is called about an hour into the leak: while the experiment runs
        try (Harness h = new Harness(RULES)) {
            h.declare(memoryExperiment(experiment), SRE_LEAD, "sre-lead", T0);
            Random r = new Random(7);
            for (long t = T0; t < T0 + 12 * HOUR; t += MIN) {
                double level = 0.4 * HOST_MEMORY + Math.max(0, t - leak) / (double) HOUR * 0.6 * HOST_MEMORY / 12;
                h.metric(MetricSample.gauge(t, "host-9", "os.memory.used", Map.of(), level * (1 + 0.003 * (r.nextDouble() - 0.5)))
                        .withLimit(HOST_MEMORY));
            }

            List<JsonNode> alerts = h.alerts();
            assertThat(alerts).isNotEmpty();
            JsonNode alert = alerts.get(0);
            long since = alert.get("evidence").get("since").asLong();
            long onset = alert.get("evidence").get("onset").asLong();
            assertThat(since).as("first seen while the experiment ran").isGreaterThanOrEqualTo(experiment);
            assertThat(onset).as("dated to the leak's start").isBetween(leak - 30 * MIN, leak + 30 * MIN);
            assertThat(alert.get("verdict").asText()).isEqualTo("suspicious");
            assertThat(alert.get("containment").toString()).doesNotContain("abort_experiment");
            assertThat(h.control()).isEmpty();
            JsonNode verdict = h.audit().stream().filter(a -> a.get("type").asText().equals("verdict")).findFirst().orElseThrow();
            assertThat(verdict.get("finding").get("onset").asLong()).isEqualTo(onset);
            assertThat(verdict.get("decision").get("checks").get(2).get("reason").asText())
                    .contains("(onset estimated from the series), more than the onset tolerance PT30M before experiment exp-mem");
        }
    }
}
