package io.slowburn.detector.topology;

import static io.slowburn.detector.topology.Harness.MIN;
import static io.slowburn.detector.topology.Harness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.slowburn.model.MetricSample;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DetectorTopologyTest {

    static final String CRASH_LOOP = """
            rules:
              - name: crash-loop
                signal: crash_loop
                severity: critical
                containment: [isolate_node]
                select: {events: [process.exit, signal, counter.reset]}
                analysis: {type: event_count, window: 10m, min_count: 3, dedupe: 5s}
                resolve_after: 15m
            """;

    @Test
    void shouldFireOnceForARepeatedKillAndResolveAfterTheHoldOnStreamTime() {
        try (Harness h = new Harness(CRASH_LOOP)) {
            h.kill(T0, "host-4");
            h.kill(T0 + MIN, "host-4");
            assertThat(h.alerts()).isEmpty();

            h.kill(T0 + 2 * MIN, "host-4");
            h.kill(T0 + 3 * MIN, "host-4");
            h.kill(T0 + 4 * MIN, "host-4");
            List<JsonNode> firing = h.alerts();
            assertThat(firing).hasSize(1);
            JsonNode a = firing.get(0);
            assertThat(a.get("status").asText()).isEqualTo("firing");
            assertThat(a.get("verdict").asText()).isEqualTo("suspicious");
            assertThat(a.get("signal").asText()).isEqualTo("crash_loop");
            assertThat(a.get("severity").asText()).isEqualTo("critical");
            assertThat(a.get("source").asText()).isEqualTo("host-4");
            assertThat(a.get("ts").asLong()).isEqualTo(T0 + 2 * MIN);
            assertThat(a.get("experiment").isNull()).isTrue();
            assertThat(a.get("containment").toString()).contains("isolate_node");

            // Another host's events move stream time on; host-4's loop has stopped: it resolves on the tick.
            for (int m = 5; m <= 40; m++) {
                h.event(T0 + m * MIN, "host-9", "process.start", Map.of("pid", m));
            }
            List<JsonNode> resolved = h.alerts();
            assertThat(resolved).hasSize(1);
            assertThat(resolved.get(0).get("status").asText()).isEqualTo("resolved");
            assertThat(resolved.get(0).get("id").asText()).isEqualTo(a.get("id").asText());
            assertThat(resolved.get(0).get("verdict").asText()).isEqualTo("suspicious");
        }
    }

    /** {@code slowburn.watermark{stage}}: how far in event time each stage has come, so that a stall shows as a gap. */
    @Test
    void shouldShowHowFarEachStageHasComeInEventTime() {
        try (Harness h = new Harness(CRASH_LOOP)) {
            assertThat(h.metrics.watermark("verdict")).isNaN();
            for (int m = 0; m <= 30; m++) {
                h.event(T0 + m * MIN, "host-9", "process.start", Map.of("pid", m));
            }
            double intake = h.metrics.watermark("intake");
            double source = h.metrics.watermark("source");
            double verdict = h.metrics.watermark("verdict");

            assertThat(intake).isEqualTo(T0 + 30 * MIN);
            assertThat(source).isLessThanOrEqualTo(intake).isGreaterThanOrEqualTo(T0 + 29 * MIN);
            assertThat(verdict).isLessThanOrEqualTo(source).isGreaterThanOrEqualTo(T0 + 29 * MIN);
            assertThat(h.metrics.registry().get("slowburn.watermark").tag("stage", "verdict").gauge().value()).isEqualTo(verdict);
        }
    }

    @Test
    void shouldNotFireForAFleetDeploy() {
        try (Harness h = new Harness(CRASH_LOOP)) {
            for (int host = 0; host < 20; host++) {
                long ts = T0 + host * 30_000L;
                h.event(ts, "host-" + host, "process.exit", Map.of("pid", 7, "signal", "SIGTERM", "exit_code", 143,
                        "sender", "/sbin/init"));
                h.metric(MetricSample.counter(ts + 2_000, "host-" + host, "app.requests", Map.of(), 5_000));
                h.metric(MetricSample.counter(ts + 12_000, "host-" + host, "app.requests", Map.of(), 3));
            }
            assertThat(h.alerts()).isEmpty();
            assertThat(h.audit()).isEmpty();
        }
    }

    @Test
    void shouldSendMalformedRecordsToTheDeadLetterTopicWithTheirOriginAndKeepGoing() {
        try (Harness h = new Harness(CRASH_LOOP)) {
            h.detector.pipeMetric("k1", "{not json".getBytes(StandardCharsets.UTF_8), T0);
            h.detector.pipeEvent("host-4", "{\"ts\":1772409600000,\"source\":\"host-4\"}".getBytes(StandardCharsets.UTF_8), T0);
            h.declareRaw("{\"title\":\"no id\"}", T0);
            h.kill(T0, "host-4");
            h.kill(T0 + MIN, "host-4");
            h.kill(T0 + 2 * MIN, "host-4");

            List<JsonNode> dead = h.dlq();
            assertThat(dead).hasSize(3);
            assertThat(dead.get(0).get("reason").asText()).startsWith("invalid JSON");
            assertThat(dead.get(0).get("topic").asText()).isEqualTo("slowburn.metrics");
            assertThat(dead.get(0).get("partition").asInt()).isZero();
            assertThat(dead.get(0).get("offset").asLong()).isZero();
            assertThat(dead.get(0).get("value").asText()).isEqualTo("{not json");
            assertThat(dead.get(1).get("reason").asText()).isEqualTo("missing field 'event'");
            assertThat(dead.get(1).get("topic").asText()).isEqualTo("slowburn.events");
            assertThat(dead.get(2).get("reason").asText()).startsWith("experiment declaration: ").contains("'id'");
            assertThat(h.alerts()).hasSize(1);
            assertThat(h.metrics.dlqCount()).isEqualTo(3);
        }
    }

    @Test
    void shouldGroupRetryStormsOnSeveralSourcesIntoOneIncident() {
        String storm = """
                rules:
                  - name: retry-storm
                    signal: retry_storm
                    severity: warning
                    select: {events: [signal]}
                    analysis: {type: event_count, window: 10m, min_count: 2, dedupe: 1s}
                    resolve_after: 5m
                """;
        try (Harness h = new Harness(storm)) {
            for (int host = 1; host <= 3; host++) {
                h.event(T0 + host * 1_000L, "host-" + host, "signal", Map.of("signal", "SIGUSR1"));
                h.event(T0 + MIN + host * 1_000L, "host-" + host, "signal", Map.of("signal", "SIGUSR1"));
            }
            // Event-driven rules see events once every intake task has passed them (the source stage's watermark).
            h.event(T0 + 2 * MIN + 30_000L, "host-9", "process.start", Map.of("pid", 1));
            assertThat(h.alerts()).hasSize(1);
            assertThat(h.audit()).extracting(r -> r.get("type").asText()).containsExactly("verdict", "joined", "joined");
            for (int m = 2; m <= 40; m++) {
                h.event(T0 + m * MIN, "host-9", "process.start", Map.of("pid", m));
            }
            List<JsonNode> resolved = h.alerts();
            assertThat(resolved).hasSize(1);
            assertThat(resolved.get(0).get("status").asText()).isEqualTo("resolved");
        }
    }

    @Test
    void shouldRecordShadowRulesOnTheAuditTopicWithoutAlerting() {
        try (Harness h = new Harness(CRASH_LOOP.replace("resolve_after: 15m", "resolve_after: 15m\n    shadow: true"))) {
            h.kill(T0, "host-4");
            h.kill(T0 + MIN, "host-4");
            h.kill(T0 + 2 * MIN, "host-4");
            assertThat(h.alerts()).isEmpty();
            List<JsonNode> audit = h.audit();
            assertThat(audit).hasSize(1);
            assertThat(audit.get(0).get("type").asText()).isEqualTo("shadow");
            assertThat(audit.get(0).get("would_alert").asText()).isEqualTo("suspicious");
        }
    }

    @Test
    void shouldSendAFarFutureSampleToTheDeadLetterTopicWithoutSweepingEveryonesState() {
        try (Harness h = new Harness(CRASH_LOOP)) {
            h.kill(T0, "host-4");
            h.kill(T0 + MIN, "host-4");
            h.metric(MetricSample.gauge(T0 + 2 * MIN, "host-4", "os.cpu.utilization", Map.of(), 0.5));
            h.metric(MetricSample.gauge(T0 + 365L * 24 * 60 * MIN, "forger", "os.cpu.utilization", Map.of(), 0.5));
            h.kill(T0 + 3 * MIN, "host-4");
            h.event(T0 + 5 * MIN, "host-9", "process.start", Map.of("pid", 1));

            List<JsonNode> dead = h.dlq();
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).get("reason").asText()).contains("ahead of what this partition has seen", "max.future.skew.ms");
            assertThat(h.alerts()).extracting(a -> a.get("source").asText()).containsExactly("host-4");
        }
    }

    @Test
    void shouldLimitNewSeriesPerSourceAndReportTheFloodOnce() {
        String anomaly = """
                rules:
                  - name: any
                    signal: anomaly
                    severity: info
                    select: {metric: app.flood}
                    analysis: {type: anomaly_score}
                """;
        try (Harness h = new Harness(anomaly, Map.of("state.store.type", "memory", "limits.series.per.source", 3))) {
            for (int i = 0; i < 10; i++) {
                h.metric(MetricSample.gauge(T0 + i, "flooder", "app.flood", Map.of("id", "s" + i), 1));
            }
            h.metric(MetricSample.gauge(T0 + MIN, "flooder", "app.flood", Map.of("id", "s0"), 1)); // moves event time on
            List<JsonNode> alerts = h.alerts();
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).get("rule").asText()).isEqualTo("series-limit");
            assertThat(alerts.get(0).get("source").asText()).isEqualTo("flooder");
            assertThat(h.metrics.overLimitCount()).isEqualTo(7);
            assertThat(h.metrics.seriesTracked()).isEqualTo(3);
        }
    }
}
