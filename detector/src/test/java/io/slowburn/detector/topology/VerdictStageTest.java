package io.slowburn.detector.topology;

import static io.slowburn.detector.topology.Harness.MALLORY;
import static io.slowburn.detector.topology.Harness.MIN;
import static io.slowburn.detector.topology.Harness.SRE_LEAD;
import static io.slowburn.detector.topology.Harness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.slowburn.detector.service.TrustedKeySource;
import io.slowburn.model.InvalidRecordException;
import io.slowburn.model.MetricSample;
import io.slowburn.verdict.DeclarationSigner;
import io.slowburn.verdict.ExperimentKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verdict stage on the real topology: signed experiment declarations sanction, or do not, what they cover. */
class VerdictStageTest {

    static final String RULES = DetectorTopologyTest.CRASH_LOOP + """
              - name: unexpected-exec
                signal: unexpected_exec
                severity: critical
                containment: [isolate_node, capture_forensics]
                select: {events: [exec]}
                analysis: {type: novelty, learning: 10m}
                resolve_after: 30m
            """;

    /** A kill experiment on host-4 from T0+10m to T0+70m, declared at T0. */
    static String killExperiment(String id, String scope) {
        return """
                {"id":"%s","ts":%d,"title":"kill checkout","hypothesis":"checkout survives pod kills",
                 "scope":{"sources":[%s]},"faults":["process.kill"],"start":%d,"end":%d,
                 "blast_radius":{"max_sources":1},"abort_when":[]}""".formatted(id, T0, scope, T0 + 10 * MIN, T0 + 70 * MIN);
    }

    static void killStorm(Harness h, String host, long from) {
        for (int k = 0; k < 4; k++) {
            h.kill(from + k * MIN, host);
        }
    }

    static JsonNode only(List<JsonNode> alerts, String status) {
        List<JsonNode> matching = alerts.stream().filter(a -> a.get("status").asText().equals(status)).toList();
        assertThat(matching).hasSize(1);
        return matching.get(0);
    }

    @Test
    void shouldSanctionADeclaredKillStormAndCallTheSameOnAnotherHostOutsideTheWindowSuspicious() {
        try (Harness h = new Harness(RULES)) {
            h.declare(killExperiment("exp-42", "\"host-4\""), SRE_LEAD, "sre-lead", T0);
            killStorm(h, "host-4", T0 + 20 * MIN);
            killStorm(h, "host-5", T0 + 200 * MIN);

            List<JsonNode> alerts = h.alerts();
            JsonNode sanctioned = alerts.get(0);
            assertThat(sanctioned.get("verdict").asText()).isEqualTo("sanctioned");
            assertThat(sanctioned.get("severity").asText()).isEqualTo("info");
            assertThat(sanctioned.get("experiment").asText()).isEqualTo("exp-42");
            assertThat(sanctioned.get("source").asText()).isEqualTo("host-4");
            assertThat(sanctioned.get("containment")).isEmpty();
            JsonNode suspicious = alerts.stream().filter(a -> a.get("source").asText().equals("host-5")).findFirst().orElseThrow();
            assertThat(suspicious.get("verdict").asText()).isEqualTo("suspicious");
            assertThat(suspicious.get("experiment").isNull()).isTrue();

            List<JsonNode> audit = h.audit();
            assertThat(audit.get(0).get("type").asText()).isEqualTo("declaration_accepted");
            assertThat(audit.get(0).get("authentic").asBoolean()).isTrue();
            JsonNode decision = audit.stream().filter(r -> r.get("type").asText().equals("verdict")).findFirst().orElseThrow()
                    .get("decision");
            assertThat(decision.get("checks").toString()).contains("\"check\":\"authentic\",\"pass\":true",
                    "\"check\":\"in_scope\",\"pass\":true", "\"check\":\"in_envelope\",\"pass\":true");
            assertThat(h.control()).isEmpty();
        }
    }

    @Test
    void shouldCallEffectsOutsideTheScopeDuringTheExperimentABreachAndAbortItOnce() {
        try (Harness h = new Harness(RULES)) {
            h.declare(killExperiment("exp-42", "\"host-4\""), SRE_LEAD, "sre-lead", T0);
            killStorm(h, "host-4", T0 + 20 * MIN);
            killStorm(h, "host-5", T0 + 30 * MIN);
            killStorm(h, "host-6", T0 + 40 * MIN);

            List<JsonNode> breaches = h.alerts().stream().filter(a -> a.get("verdict").asText().equals("breach")).toList();
            assertThat(breaches).extracting(a -> a.get("source").asText()).containsExactly("host-5", "host-6");
            assertThat(breaches.get(0).get("severity").asText()).isEqualTo("critical");
            assertThat(breaches.get(0).get("containment").toString()).contains("abort_experiment");
            List<JsonNode> control = h.control();
            assertThat(control).hasSize(1);
            assertThat(control.get(0).get("action").asText()).isEqualTo("abort");
            assertThat(control.get(0).get("experiment").asText()).isEqualTo("exp-42");
            assertThat(control.get(0).get("alert").asText()).isEqualTo(breaches.get(0).get("id").asText());
            assertThat(h.audit()).filteredOn(r -> r.get("type").asText().equals("abort")).hasSize(1);
        }
    }

    @Test
    void shouldSanctionNothingForUnsignedForgedOrTamperedDeclarations() {
        String tampered;
        try {
            tampered = new DeclarationSigner()
                    .sign(killExperiment("exp-t", "\"host-4\""), SRE_LEAD.getPrivate(), "sre-lead")
                    .replace("\"sources\":[\"host-4\"]", "\"sources\":[\"host-4\",\"host-7\"]");
        } catch (InvalidRecordException e) {
            throw new AssertionError(e);
        }
        assertThat(tampered).contains("host-7");
        for (int i = 0; i < 3; i++) {
            try (Harness h = new Harness(RULES)) {
                switch (i) {
                    case 0 -> h.declare(killExperiment("exp-u", "\"host-7\""), null, null, T0);
                    case 1 -> h.declare(killExperiment("exp-f", "\"host-7\""), MALLORY, "sre-lead", T0);
                    default -> h.declareRaw(tampered, T0);
                }
                killStorm(h, "host-7", T0 + 20 * MIN);

                JsonNode alert = h.alerts().get(0);
                assertThat(alert.get("verdict").asText()).as("case %d", i).isEqualTo("suspicious");
                JsonNode decision = h.audit().stream().filter(r -> r.get("type").asText().equals("verdict")).findFirst()
                        .orElseThrow().get("decision");
                assertThat(decision.get("checks").get(0).get("check").asText()).isEqualTo("authentic");
                assertThat(decision.get("checks").get(0).get("pass").asBoolean()).as("case %d", i).isFalse();
            }
        }
    }

    @Test
    void shouldNotLetAKillExperimentSanctionAnUnexpectedExecOnTheSameHost() {
        try (Harness h = new Harness(RULES)) {
            h.declare(killExperiment("exp-42", "\"host-4\""), SRE_LEAD, "sre-lead", T0);
            h.event(T0, "host-4", "exec", Map.of("exe", "/usr/bin/java", "user", "app"));
            h.event(T0 + 30 * MIN, "host-4", "exec", Map.of("exe", "/tmp/.x/kworkerd", "user", "nobody"));

            JsonNode alert = h.alerts().get(0);
            assertThat(alert.get("signal").asText()).isEqualTo("unexpected_exec");
            assertThat(alert.get("verdict").asText()).isEqualTo("suspicious");
            assertThat(h.audit().toString()).contains("does not cover unexpected_exec");
        }
    }

    @Test
    void shouldNotCoverEffectsThatBeginAfterTheWindowAndItsGrace() {
        try (Harness h = new Harness(RULES)) {
            h.declare(killExperiment("exp-42", "\"host-4\""), SRE_LEAD, "sre-lead", T0);
            killStorm(h, "host-4", T0 + 70 * MIN + 16 * MIN);
            assertThat(h.alerts().get(0).get("verdict").asText()).isEqualTo("suspicious");
        }
    }

    @Test
    void shouldRequireAQuorumOfDistinctTrustedKeys() {
        try (Harness h = new Harness(RULES, Map.of("state.store.type", "memory", "approvals.min", 2))) {
            h.declare(killExperiment("exp-42", "\"host-4\""), SRE_LEAD, "sre-lead", T0);
            killStorm(h, "host-4", T0 + 20 * MIN);
            assertThat(h.alerts().get(0).get("verdict").asText()).isEqualTo("suspicious");
        }
    }

    @Test
    void shouldRejectAnUnsignedReplacementThatWidensTheScopeAndKeepTheSignedOne() {
        try (Harness h = new Harness(RULES)) {
            h.declare(killExperiment("exp-42", "\"host-4\""), SRE_LEAD, "sre-lead", T0);
            h.declare(killExperiment("exp-42", "\"host-4\",\"host-5\""), null, null, T0 + MIN);
            killStorm(h, "host-4", T0 + 20 * MIN);

            assertThat(h.audit()).extracting(r -> r.get("type").asText()).startsWith("declaration_accepted", "declaration_rejected");
            assertThat(h.alerts().get(0).get("verdict").asText()).isEqualTo("sanctioned");
        }
    }

    @Test
    void shouldWithdrawSanctionsWhenTheKeyIsRemovedWithoutARestart(@TempDir Path keys) throws Exception {
        Files.writeString(keys.resolve("sre-lead.pub"), ExperimentKeys.publicPem(SRE_LEAD.getPublic()));
        AtomicLong clock = new AtomicLong();
        TrustedKeySource source = TrustedKeySource.watching(keys, 1_000, clock::get);
        try (Harness h = new Harness(RULES, Map.of("state.store.type", "memory"), source)) {
            h.declare(killExperiment("exp-42", "\"host-4\",\"host-5\""), SRE_LEAD, "sre-lead", T0);
            killStorm(h, "host-4", T0 + 20 * MIN);
            assertThat(h.alerts().get(0).get("verdict").asText()).isEqualTo("sanctioned");

            Files.delete(keys.resolve("sre-lead.pub"));
            clock.addAndGet(1_000);
            killStorm(h, "host-5", T0 + 30 * MIN);
            assertThat(h.alerts()).filteredOn(a -> a.get("source").asText().equals("host-5"))
                    .extracting(a -> a.get("verdict").asText()).containsExactly("suspicious");
        }
    }

    @Test
    void shouldAbortWhenAMetricAbortConditionIsMet() {
        String exp = killExperiment("exp-9", "\"host-4\"").replace("\"abort_when\":[]",
                "\"abort_when\":[{\"metric\":\"os.memory.used\",\"above\":0.9,\"of\":\"limit\"}]");
        try (Harness h = new Harness(RULES)) {
            h.declare(exp, SRE_LEAD, "sre-lead", T0);
            h.metric(MetricSample.gauge(T0 + 15 * MIN, "host-4", "os.memory.used", Map.of(), 0.5e9).withLimit(1e9));
            assertThat(h.control()).isEmpty();
            h.metric(MetricSample.gauge(T0 + 16 * MIN, "host-4", "os.memory.used", Map.of(), 0.95e9).withLimit(1e9));
            h.metric(MetricSample.gauge(T0 + 17 * MIN, "host-4", "os.memory.used", Map.of(), 0.97e9).withLimit(1e9));

            List<JsonNode> control = h.control();
            assertThat(control).hasSize(1);
            assertThat(control.get(0).get("experiment").asText()).isEqualTo("exp-9");
            JsonNode breach = only(h.alerts(), "firing");
            assertThat(breach.get("verdict").asText()).isEqualTo("breach");
            assertThat(breach.get("rule").asText()).isEqualTo("abort-when");
        }
    }

    @Test
    void shouldSendMalformedDeclarationsToTheDeadLetterTopic() {
        try (Harness h = new Harness(RULES)) {
            h.declareRaw(killExperiment("exp-bad", "\"host-4\"").replace("\"end\":" + (T0 + 70 * MIN), "\"end\":" + T0), T0);
            List<JsonNode> dead = h.dlq();
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).get("reason").asText()).startsWith("experiment declaration: ").contains("end");
            killStorm(h, "host-4", T0 + 20 * MIN);
            assertThat(h.alerts().get(0).get("verdict").asText()).isEqualTo("suspicious");
        }
    }
}
