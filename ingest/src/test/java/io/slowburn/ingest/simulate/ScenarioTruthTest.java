package io.slowburn.ingest.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioTruthTest {

    @Test
    void shouldDeriveTheDemosVerdictsFromItsSignedDeclarations() {
        Map<String, TruthEntry> truth = ScenarioTruth.of(ScenarioCatalog.load("demo")).stream()
                .collect(Collectors.toMap(TruthEntry::kind, Function.identity(), (a, b) -> a));
        assertThat(truth.get("deploy").type()).isEqualTo(TruthEntry.CONFOUNDER);
        assertThat(truth.get("heap_leak").verdict()).isEqualTo("suspicious");
        assertThat(truth.get("kill_storm").verdict()).isEqualTo("sanctioned");
        assertThat(truth.get("kill_storm").experiment()).isEqualTo("exp-kill-web-2");
        assertThat(truth.get("retry_storm").verdict()).isEqualTo("breach");
        assertThat(truth.get("fork_bomb").signals()).containsExactly("process_churn", "unexpected_exec");
        assertThat(truth.get("declaration").authenticity()).isEqualTo("signed");
    }

    @Test
    void shouldWriteAndReadTheTruthAsJsonLines(@TempDir Path dir) throws Exception {
        List<TruthEntry> truth = ScenarioTruth.of(ScenarioCatalog.load("forged-experiment"));
        ScenarioTruth.write(truth, dir.resolve("t.jsonl"));
        assertThat(ScenarioTruth.read(dir.resolve("t.jsonl"))).isEqualTo(truth);
        assertThat(truth).filteredOn(t -> TruthEntry.INCIDENT.equals(t.type())).extracting(TruthEntry::verdict).containsOnly("suspicious");
    }

    @Test
    void aSuiteSeedIsDeterministicAndEveryIncidentIsLabelledAndStartsAfterTheFirstDay() {
        FleetSuite.Options o = FleetSuite.Options.defaults();
        assertThat(FleetSuite.yaml(3, o)).isEqualTo(FleetSuite.yaml(3, o)).isNotEqualTo(FleetSuite.yaml(4, o));
        Scenario s = FleetSuite.scenario(3);
        assertThat(s.incidents()).allSatisfy(i -> assertThat(i.label()).isNotNull());
        List<TruthEntry> truth = ScenarioTruth.of(s);
        assertThat(truth).filteredOn(t -> TruthEntry.INCIDENT.equals(t.type())).allSatisfy(t -> {
            assertThat(t.start()).isGreaterThanOrEqualTo(s.start() + 86_400_000L);
            assertThat(t.end()).isLessThanOrEqualTo(s.end());
        });
        assertThat(truth).extracting(TruthEntry::kind).contains("memory_ramp", "latency_step", "error_jump", "experiment_out_of_window",
                "experiment_out_of_scope", "forged_experiment", "short_lived_and_kernel_threads", "level_step_heap");
        assertThat(truth).filteredOn(t -> TruthEntry.EXPERIMENT.equals(t.type())).hasSize(4);
    }

    @Test
    void shouldRejectAnUnknownLevelStepMetric() {
        assertThatThrownBy(() -> new ScenarioLoader().load("s.yaml", """
                hosts: [a]
                incidents:
                  - {kind: level_step, host: a, at: +1h, metric: os.cpu.utilization}
                """, null)).isInstanceOf(ScenarioException.class).hasMessageContaining("'metric' must be one of");
    }
}
