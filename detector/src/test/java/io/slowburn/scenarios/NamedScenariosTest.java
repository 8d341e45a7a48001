package io.slowburn.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.slowburn.ingest.simulate.Scenario;
import io.slowburn.ingest.simulate.ScenarioCatalog;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Each shipped scenario produces the alerts its header promises (verdicts other than suspicious need the lead's policy). */
class NamedScenariosTest {

    private static ScenarioReplay replay(String name) {
        Scenario s = ScenarioCatalog.load(name);
        return ScenarioReplay.run(s);
    }

    private static Set<String> firing(ScenarioReplay r) {
        return r.alerts.stream().filter(a -> "firing".equals(a.path("status").asText()))
                .map(a -> a.path("signal").asText() + "/" + a.path("source").asText()).collect(Collectors.toSet());
    }

    @Test
    void heapLeak() {
        ScenarioReplay r = replay("heap-leak");
        assertThat(firing(r)).as(r.summary(0)).containsExactly("memory_drift/app-3");
    }

    @Test
    void killExperimentProducesTheSameCrashLoopOnBothHosts() {
        ScenarioReplay r = replay("kill-experiment");
        assertThat(firing(r)).as(r.summary(0)).containsExactlyInAnyOrder("crash_loop/node-1", "crash_loop/node-3");
    }

    @Test
    void forkBomb() {
        ScenarioReplay r = replay("fork-bomb");
        assertThat(firing(r)).as(r.summary(0)).containsExactlyInAnyOrder("process_churn/host-2", "unexpected_exec/host-2");
    }

    @Test
    void retryStorm() {
        ScenarioReplay r = replay("retry-storm");
        Set<String> sources = r.audit.stream().filter(a -> "firing".equals(a.path("status").asText()))
                .map(a -> a.path("finding")).filter(f -> "retry_storm".equals(f.path("signal").asText()))
                .map(f -> f.path("source").asText()).collect(Collectors.toSet());
        assertThat(sources).as(r.summary(0)).containsExactlyInAnyOrder("svc-1", "svc-2", "svc-3");
        assertThat(firing(r)).allMatch(s -> s.startsWith("retry_storm/"));
    }

    @Test
    void forgedExperimentsCoverNothing() {
        ScenarioReplay r = replay("forged-experiment");
        assertThat(firing(r)).as(r.summary(0))
                .containsExactlyInAnyOrder("process_churn/db-2", "unexpected_exec/db-2", "crash_loop/db-3");
        assertThat(r.alerts).allMatch((JsonNode a) -> "suspicious".equals(a.path("verdict").asText()));
    }
}
