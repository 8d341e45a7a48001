package io.slowburn.ingest.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.slowburn.model.Fault;
import io.slowburn.model.Signal;
import io.slowburn.verdict.FaultEnvelope;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /**
     * An unrelated effect that begins on another host while a signed experiment able to cause it runs is, to anyone
     * watching, that experiment escaping its scope (a breach by rules/VERDICTS.md): the suite must not label such a
     * coincidence suspicious. Checked over many seeds, with the policy's recovery grace after each window and its onset
     * tolerance before it (an effect under way before that is not the experiment's).
     */
    @Test
    void noSuiteIncidentBeginsWhileAnotherSignedExperimentThatCouldCauseItRuns() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        long grace = 15 * 60_000L;
        long onsetTolerance = 30 * 60_000L;
        int checked = 0;
        for (long seed = 1; seed <= 40; seed++) {
            Scenario s = FleetSuite.scenario(seed);
            Map<String, Set<Signal>> envelopes = new HashMap<>();
            for (ExperimentSpec e : s.experiments()) {
                List<Fault> faults = new ArrayList<>();
                mapper.readTree(e.json()).path("faults").forEach(f -> faults.add(Fault.fromWire(f.asText())));
                envelopes.put(e.id(), FaultEnvelope.of(faults));
            }
            List<TruthEntry> truth = ScenarioTruth.of(s);
            List<TruthEntry> signed = truth.stream()
                    .filter(t -> TruthEntry.EXPERIMENT.equals(t.type()) && "signed".equals(t.authenticity())).toList();
            for (TruthEntry i : truth.stream().filter(t -> TruthEntry.INCIDENT.equals(t.type())).toList()) {
                for (TruthEntry e : signed) {
                    if (e.id().equals(i.experiment())
                            || i.signals().stream().map(Signal::fromWire).noneMatch(envelopes.get(e.id())::contains)) {
                        continue;
                    }
                    checked++;
                    assertThat(i.start() >= e.end() + grace || i.start() <= e.start() - onsetTolerance)
                            .as("seed %d: %s (%s, %s) begins within the window of %s", seed, i.id(), i.kind(), i.signals(), e.id())
                            .isTrue();
                }
            }
        }
        assertThat(checked).as("incident/experiment pairs that could have coincided").isGreaterThan(100);
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
