package io.slowburn.detector.topology;

import static io.slowburn.detector.topology.Harness.MIN;
import static io.slowburn.detector.topology.Harness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Exceptions in the verdict stage: a covered finding is not alerted, but audited and counted. */
class ExceptionSuppressionTest {

    static final String RULES = DetectorTopologyTest.CRASH_LOOP + """
            exceptions:
              - name: lab-kills
                rule: crash-loop
                sources: ["=~lab-.*"]
                reason: the lab hosts run kill drills all day
            """;

    @Test
    void shouldSuppressACoveredFindingWithAnAuditRecordAndACounterAndStillAlertOthers() {
        try (Harness h = new Harness(RULES)) {
            VerdictStageTest.killStorm(h, "lab-1", T0);
            VerdictStageTest.killStorm(h, "prod-1", T0 + 2 * MIN);
            // another host's events move stream time on: both loops resolve on the tick
            for (int m = 10; m <= 60; m++) {
                h.event(T0 + m * MIN, "host-9", "process.start", Map.of("pid", m));
            }

            List<JsonNode> alerts = h.alerts();
            assertThat(alerts).hasSize(2).allSatisfy(a -> assertThat(a.get("source").asText()).isEqualTo("prod-1"));
            List<JsonNode> suppressed = h.audit().stream().filter(a -> a.get("type").asText().equals("suppressed")).toList();
            assertThat(suppressed).hasSize(2);
            assertThat(suppressed.get(0).get("status").asText()).isEqualTo("firing");
            assertThat(suppressed.get(0).get("exception").asText()).isEqualTo("lab-kills");
            assertThat(suppressed.get(0).get("reason").asText()).isEqualTo("the lab hosts run kill drills all day");
            assertThat(suppressed.get(0).get("finding").get("source").asText()).isEqualTo("lab-1");
            assertThat(suppressed.get(1).get("status").asText()).isEqualTo("resolved");
            assertThat(h.metrics.suppressedCount("lab-kills")).isEqualTo(1.0);
        }
    }
}
