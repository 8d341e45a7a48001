package io.slowburn.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.slowburn.ingest.simulate.Scenario;
import io.slowburn.ingest.simulate.ScenarioCatalog;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo scenario, replayed through the real topology with the default rules and the demo key trusted, tells its
 * four stories; the fleet-deploy scenario tells none.
 */
class DemoScenarioTest {

    private static final long HOUR = 3_600_000L;
    private static Scenario demo;
    private static ScenarioReplay replay;

    @BeforeAll
    static void replayTheDemo() {
        demo = ScenarioCatalog.load("demo");
        replay = ScenarioReplay.run(demo);
    }

    private static String explain() {
        return replay.summary(demo.start());
    }

    @Test
    void aSlowHeapLeakIsSuspiciousMemoryDriftWithItsTimeToExhaustion() {
        List<JsonNode> leak = replay.firing("memory_drift", "web-1");
        assertThat(leak).as(explain()).hasSize(1);
        JsonNode a = leak.get(0);
        assertThat(a.path("verdict").asText()).isEqualTo("suspicious");
        assertThat(a.path("severity").asText()).isEqualTo("critical");
        assertThat(a.path("rule").asText()).isEqualTo("heap-floor-drift");
        assertThat(a.path("evidence").path("time_to_limit_s").asDouble()).isBetween(3_600.0, 24 * 3_600.0);
        // the leak starts at +1h: the rule needs its history and a significant trend, then 30 minutes of 'for'
        assertThat(a.path("ts").asLong() - demo.start()).isBetween(2 * HOUR, 6 * HOUR);
    }

    @Test
    void theKillExperimentShowsAsACrashLoopOnWeb2Only() {
        List<JsonNode> loops = replay.firing("crash_loop", null);
        assertThat(loops).as(explain()).extracting(a -> a.path("source").asText()).containsExactly("web-2");
        assertThat(loops.get(0).path("evidence").path("last_sender").asText()).isEqualTo("/usr/local/bin/chaos-agent");
        long ts = loops.get(0).path("ts").asLong() - demo.start();
        assertThat(ts).isBetween(4 * HOUR, 5 * HOUR); // inside exp-kill-web-2's window
    }

    @Test
    void theLatencyExperimentsRetryStormSpreadsToThreeHosts() {
        Set<String> sources = replay.audit.stream()
                .filter(a -> "firing".equals(a.path("status").asText()))
                .filter(a -> "retry_storm".equals(a.path("finding").path("signal").asText()))
                .map(a -> a.path("finding").path("source").asText()).collect(Collectors.toSet());
        assertThat(sources).as(explain()).containsExactlyInAnyOrder("web-4", "web-5", "web-6");
        assertThat(replay.firing("retry_storm", null)).isNotEmpty();
    }

    @Test
    void anUndeclaredForkBombIsCriticalSuspiciousChurnAndAnUnexpectedExec() {
        List<JsonNode> churn = replay.firing("process_churn", "web-3").stream()
                .filter(a -> a.path("rule").asText().equals("fork-bomb")).toList();
        List<JsonNode> climb = replay.firing("process_churn", "web-3").stream()
                .filter(a -> a.path("rule").asText().equals("process-leak")).toList();
        List<JsonNode> exec = replay.firing("unexpected_exec", "web-3");
        assertThat(churn).as(explain()).hasSize(1);
        // the bomb's first minutes are also a climb minute after minute: process-leak warns alongside, once
        assertThat(climb).as(explain()).hasSize(1);
        assertThat(climb.get(0).path("verdict").asText()).isEqualTo("suspicious");
        assertThat(climb.get(0).path("severity").asText()).isEqualTo("warning");
        assertThat(exec).as(explain()).hasSize(1);
        for (JsonNode a : List.of(churn.get(0), exec.get(0))) {
            assertThat(a.path("verdict").asText()).isEqualTo("suspicious");
            assertThat(a.path("severity").asText()).isEqualTo("critical");
        }
        assertThat(exec.get(0).path("evidence").path("exe").asText()).isEqualTo("/tmp/.x/kworkerd");
        assertThat(exec.get(0).path("evidence").path("user").asText()).isEqualTo("nobody");
    }

    @Test
    void theRollingDeployAndTheQuietHostsRaiseNothingElse() {
        Set<String> stories = Set.of("memory_drift/web-1", "crash_loop/web-2", "retry_storm/web-4", "retry_storm/web-5",
                "retry_storm/web-6", "process_churn/web-3", "unexpected_exec/web-3");
        assertThat(replay.alerts).as(explain())
                .allMatch(a -> stories.contains(a.path("signal").asText() + "/" + a.path("source").asText()));
        assertThat(replay.dlq).isEmpty();
    }

    @Test
    void aFleetDeployRaisesNoAlertAtAll() {
        Scenario deploy = ScenarioCatalog.load("fleet-deploy");
        ScenarioReplay r = ScenarioReplay.run(deploy);
        assertThat(r.alerts).as(r.summary(deploy.start())).isEmpty();
        assertThat(r.dlq).isEmpty();
    }

    @Test
    void shouldSanctionTheKillExperimentAndCallTheBlastRadiusBreachWithAnAbort() {
        ScenarioReplay r = ScenarioReplay.run(demo);
        // (b) exp-kill-web-2 sanctions the crash loop on web-2
        JsonNode kill = r.firing("crash_loop", "web-2").get(0);
        assertThat(kill.path("verdict").asText()).isEqualTo("sanctioned");
        assertThat(kill.path("experiment").asText()).isEqualTo("exp-kill-web-2");
        // (c) exp-latency-web-4 (max_sources 1) sanctions web-4's retry storm; web-5 and web-6 breach it ...
        assertThat(r.firing("retry_storm", null)).anyMatch(a -> "breach".equals(a.path("verdict").asText())
                && "exp-latency-web-4".equals(a.path("experiment").asText())
                && a.path("containment").toString().contains("abort_experiment"));
        // ... and the detector tells the chaos tooling to abort it
        assertThat(r.control).anyMatch(c -> "abort".equals(c.path("action").asText())
                && "exp-latency-web-4".equals(c.path("experiment").asText()));
        // (a) and (d) stay suspicious: no experiment covers them
        assertThat(r.firing("memory_drift", "web-1").get(0).path("verdict").asText()).isEqualTo("suspicious");
        assertThat(r.firing("process_churn", "web-3").get(0).path("verdict").asText()).isEqualTo("suspicious");
    }
}
