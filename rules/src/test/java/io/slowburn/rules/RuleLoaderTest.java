package io.slowburn.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.slowburn.analysis.events.EventCountAnalysis;
import io.slowburn.model.Containment;
import io.slowburn.model.Event;
import io.slowburn.model.MetricSample;
import io.slowburn.model.Severity;
import io.slowburn.model.Signal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleLoaderTest {

    private final RuleLoader loader = new RuleLoader(StubAnalyses.registry());

    @Test
    void shouldLoadTheDefaultPackWithZeroProblems() {
        RuleLoadResult result = RuleLoader.defaultPackResult(StubAnalyses.registry());

        assertThat(result.problems()).isEmpty();
        assertThat(result.rules().names()).containsExactly("heap-floor-drift", "host-memory-drift", "host-memory-fill",
            "gc-pressure", "fd-exhaustion", "queue-growth", "process-count-drift", "fork-bomb", "process-leak", "crash-loop",
            "unexpected-exec",
            "retry-storm", "error-ratio-jump", "latency-spike", "latency-drift", "generic-anomaly");
        Set<Signal> covered = result.rules().rules().stream().map(Rule::signal).collect(Collectors.toSet());
        assertThat(covered).containsExactlyInAnyOrder(Signal.values());
    }

    @Test
    void shouldLoadTheDefaultPackWithTheRealAnalyses() {
        AnalysisRegistry real = AnalysisRegistry.defaults();
        Set<String> used = new TreeSet<>();
        RuleLoader.defaultPack(StubAnalyses.registry()).rules().forEach(r -> used.add(r.analysisType()));
        assertThat(real.types()).as("every analysis type the default pack uses is registered").containsAll(used)
            .contains("trend_to_limit", "rate_ratio", "gc_fraction", "rank_shift");

        assertThat(RuleLoader.defaultPackResult(real).problems()).isEmpty();
    }

    @Test
    void shouldBuildTheDefaultRulesAsDocumented() {
        RuleSet pack = RuleLoader.defaultPack(StubAnalyses.registry());

        Rule heap = pack.get("heap-floor-drift").orElseThrow();
        assertThat(heap.signal()).isEqualTo(Signal.MEMORY_DRIFT);
        assertThat(heap.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(heap.containment()).containsExactly(Containment.ISOLATE_NODE, Containment.CAPTURE_FORENSICS);
        assertThat(heap.forDuration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(heap.location()).isEqualTo(new Location("default/memory.yaml", 16, 5));
        assertThat(heap.matches(MetricSample.gauge(1L, "h", "jvm.memory.used", Map.of("area", "heap"), 1))).isTrue();
        assertThat(heap.matches(MetricSample.gauge(1L, "h", "jvm.memory.used", Map.of("area", "nonheap"), 1))).isFalse();

        Rule crash = pack.get("crash-loop").orElseThrow();
        assertThat(crash.analysis()).isInstanceOf(EventCountAnalysis.class);
        assertThat(crash.matches(new Event(1L, "h", Event.COUNTER_RESET, Map.of()))).isTrue();

        Rule generic = pack.get("generic-anomaly").orElseThrow();
        assertThat(generic.shadow()).isTrue();
        assertThat(generic.alerts()).isFalse();
    }

    @Test
    void shouldRefuseTheDefaultPackWhenATypeIsNotRegistered() {
        AnalysisRegistry onlyEventTypes = AnalysisRegistry.empty()
            .with("event_count", EventCountAnalysis::create)
            .with("novelty", io.slowburn.analysis.events.NoveltyAnalysis::create)
            .with("step_rise", io.slowburn.analysis.events.StepRiseAnalysis::create)
            .with("anomaly_score", io.slowburn.analysis.anomaly.AnomalyScoreAnalysis::create);

        RuleLoadResult result = RuleLoader.defaultPackResult(onlyEventTypes);

        assertThat(result.problems()).hasSize(11)
            .allSatisfy(p -> assertThat(p.message()).startsWith("unknown analysis type"));
        assertThat(result.rules().names()).containsExactly("fork-bomb", "process-leak", "crash-loop", "unexpected-exec", "generic-anomaly");
        assertThatThrownBy(() -> RuleLoader.defaultPack(onlyEventTypes))
            .isInstanceOf(RuleLoadException.class)
            .hasMessageContaining("unknown analysis type 'trend_to_limit'");
    }

    @Test
    void shouldReportEveryProblemWithLineAndColumn() {
        String yaml = """
            rules:
              - name: heap-floor-drift
                signal: memory_drfit
                severity: critical
                select:
                  metric: jvm.memory.used
                analysis:
                  type: trend_to_limit
                  horizon: 24hours
                for: soon
            """;

        RuleLoadResult result = loader.loadString("rules/heap.yaml", yaml);

        assertThat(result.rules().isEmpty()).isTrue();
        assertThat(result.problems()).extracting(RuleProblem::line, RuleProblem::column)
            .containsExactly(tuple(3, 13), tuple(9, 16), tuple(10, 10));
        assertThat(result.problems().get(0).toString()).isEqualTo("rules/heap.yaml:3:13: unknown signal 'memory_drfit'; allowed: "
            + "memory_drift, fd_exhaustion, process_churn, crash_loop, retry_storm, queue_growth, latency_drift, gc_pressure, "
            + "unexpected_exec, anomaly (did you mean 'memory_drift'?)");
        assertThat(result.problems().get(2).message()).contains("'for'").contains("expected a duration");
        assertThat(result.problems().get(1).message()).isEqualTo("parameter 'horizon' of analysis trend_to_limit: "
            + "expected a duration such as '15m' or '7d', got '24hours'");
    }

    @Test
    void shouldSuggestTheClosestParameterForATypo() {
        String yaml = """
            rules:
              - name: heap-floor-drift
                signal: memory_drift
                severity: critical
                select:
                  metric: jvm.memory.used
                analysis:
                  type: trend_to_limit
                  floor: true
                  horizn: 24h
            """;

        RuleLoadResult result = loader.loadString("rules/heap.yaml", yaml);

        assertThat(result.problems()).hasSize(1);
        assertThat(result.problems().get(0)).hasToString(
            "rules/heap.yaml:10:7: unknown parameter 'horizn' for analysis trend_to_limit (did you mean 'horizon'?)");
    }

    @Test
    void shouldSuggestTheClosestRuleKeyAndListAllowedValues() {
        String yaml = """
            rules:
              - name: crash
                signal: crash_loop
                severity: urgent
                containment: [isolate_node, reboot]
                select: {events: [process.exit]}
                analysis: {type: event_cnt}
                resolve_afer: 5m
            """;

        List<RuleProblem> problems = loader.loadString("r.yaml", yaml).problems();

        assertThat(problems).extracting(Object::toString).containsExactly(
            "r.yaml:4:15: unknown severity 'urgent'; allowed: info, warning, critical",
            "r.yaml:5:33: unknown containment 'reboot'; allowed: isolate_node, scale_down_nonessential, "
                + "disable_external_integrations, abort_experiment, rate_limit_ingress, capture_forensics",
            "r.yaml:7:22: unknown analysis type 'event_cnt'; allowed: " + String.join(", ", StubAnalyses.registry().types())
                + " (did you mean 'event_count'?)",
            "r.yaml:8:5: unknown key 'resolve_afer' in rule (did you mean 'resolve_after'?)");
    }

    @Test
    void shouldReportMissingFieldsAndWrongTypes() {
        String yaml = """
            rules:
              - name: Bad_Name
                severity: warning
                enabled: "yes"
                select:
                  metric: [a, b]
                analysis:
                  type: event_count
                  min_count: three
                  window: 0s
              - just text
            """;

        List<RuleProblem> problems = loader.loadString("r.yaml", yaml).problems();

        assertThat(problems).extracting(Object::toString).containsExactly(
            "r.yaml:2:5: missing required key 'signal'",
            "r.yaml:2:11: rule name 'Bad_Name' must be lowercase letters, digits and dashes (e.g. 'bad-name')",
            "r.yaml:4:14: 'enabled' must be true or false, got 'yes'",
            "r.yaml:6:15: 'metric' must be a metric name, got a list (for several metrics write metrics: [a, b])",
            "r.yaml:9:18: parameter 'min_count' of analysis event_count: expected an integer, got 'three'",
            "r.yaml:10:15: parameter 'window' of analysis event_count: must be between '1s' and '7d', got '0ms'",
            "r.yaml:11:5: expected a rule (a mapping), got 'just text'");
    }

    @Test
    void shouldReportDuplicateNamesAcrossFiles(@TempDir Path dir) throws IOException {
        String rule = """
            rules:
              - name: crash-loop
                signal: crash_loop
                severity: critical
                select: {events: [process.exit]}
                analysis: {type: event_count}
            """;
        Files.writeString(dir.resolve("a.yaml"), rule, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("b.yml"), "# copy\n" + rule, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("notes.txt"), "not a rule file", StandardCharsets.UTF_8);

        RuleLoadResult result = loader.load(dir);

        assertThat(result.rules().names()).containsExactly("crash-loop");
        assertThat(result.problems()).hasSize(1);
        RuleProblem p = result.problems().get(0);
        assertThat(p.file()).endsWith("b.yml");
        assertThat(p.line()).isEqualTo(3);
        assertThat(p.message()).isEqualTo("duplicate rule name 'crash-loop'");
        assertThat(p.hint()).startsWith("first defined at ").endsWith("a.yaml:2:5");
    }

    @Test
    void shouldReportBadYamlSyntaxWithItsLocation() {
        String yaml = """
            rules:
              - name: x
                signal: [unclosed
                severity: info
            """;

        RuleLoadResult result = loader.loadString("broken.yaml", yaml);

        assertThat(result.problems()).hasSize(1);
        RuleProblem p = result.problems().get(0);
        assertThat(p.message()).startsWith("invalid YAML: ");
        assertThat(p.file()).isEqualTo("broken.yaml");
        assertThat(p.line()).isBetween(3, 5);
        assertThat(p.column()).isPositive();
    }

    @Test
    void shouldReportDuplicateKeysInARule() {
        String yaml = """
            rules:
              - name: a
                name: b
                signal: anomaly
                severity: info
                select: {metric: m}
                analysis: {type: anomaly_score}
            """;

        assertThat(loader.loadString("d.yaml", yaml).problems()).extracting(Object::toString)
            .containsExactly("d.yaml:3:5: duplicate key 'name' (first given at d.yaml:2:5)");
    }

    @Test
    void shouldApplyDefaultsForOptionalKeys() {
        String yaml = """
            rules:
              - name: generic
                signal: anomaly
                severity: info
                select: {metric: app.latency.p99, labels: {service: "=~check.*"}, sources: ["!=canary-1"]}
                analysis: {type: anomaly_score}
            """;

        Rule r = loader.loadString("g.yaml", yaml).orThrow().get("generic").orElseThrow();

        assertThat(r.description()).isEmpty();
        assertThat(r.containment()).isEmpty();
        assertThat(r.forDuration()).isEqualTo(Duration.ZERO);
        assertThat(r.resolveAfter()).isEqualTo(Duration.ofMinutes(10));
        assertThat(r.enabled()).isTrue();
        assertThat(r.shadow()).isFalse();
        assertThat(r.analysisType()).isEqualTo("anomaly_score");
        assertThat(r.selector().labels()).containsEntry("service", ValueMatcher.parse("=~check.*"));
        assertThat(r.stateKey(MetricSample.gauge(1L, "h1", "app.latency.p99", Map.of("service", "checkout"), 0.2)))
            .isEqualTo("h1|app.latency.p99|service=checkout");
    }

    @Test
    void shouldLoadASingleRuleWrittenAsJson() {
        String json = "{\"name\":\"crash-loop\",\"signal\":\"crash_loop\",\"severity\":\"critical\","
            + "\"containment\":[\"isolate_node\"],\"select\":{\"events\":[\"process.exit\",\"signal\"]},"
            + "\"analysis\":{\"type\":\"event_count\",\"window\":\"5m\",\"min_count\":4},\"for\":\"0s\"}";

        RuleLoadResult result = loader.loadRule("slowburn.rules/crash-loop", json);

        assertThat(result.problems()).isEmpty();
        Rule r = result.rules().get("crash-loop").orElseThrow();
        assertThat(r.selector().events()).containsExactly("process.exit", "signal");
        assertThat(r.stateKey(new Event(1L, "h1", "signal", Map.of()))).isEqualTo("h1");
    }

    @Test
    void shouldReportAnEmptyDirectoryAndAMissingFile(@TempDir Path dir) {
        assertThat(loader.load(dir).problems()).extracting(RuleProblem::message)
            .containsExactly("no rule files (*.yaml, *.yml) in directory");
        assertThat(loader.load(dir.resolve("nope.yaml")).problems()).singleElement()
            .satisfies(p -> assertThat(p.message()).startsWith("cannot read rule file"));
    }

    @Test
    void shouldListEveryProblemInTheExceptionMessage() {
        RuleLoadResult result = loader.loadString("x.yaml", "rules:\n  - name: a\n");

        assertThatThrownBy(result::orThrow).isInstanceOf(RuleLoadException.class)
            .hasMessageStartingWith(result.problems().size() + " problems in rule files:")
            .hasMessageContaining("x.yaml:2:5: missing required key 'signal'")
            .hasMessageContaining("x.yaml:2:5: missing required key 'select'");
        assertThat(Arrays.stream(result.report().split("\n"))).hasSize(result.problems().size());
    }
}
