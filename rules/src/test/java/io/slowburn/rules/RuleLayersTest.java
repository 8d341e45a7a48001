package io.slowburn.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.model.Finding;
import io.slowburn.model.Severity;
import io.slowburn.model.Signal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Layers: a user's rules on the default pack, overrides, disable, exceptions and environments. */
class RuleLayersTest {

    private final RuleLoader loader = new RuleLoader(AnalysisRegistry.defaults());

    private RuleLoadResult onDefaults(String env, String... files) {
        List<RuleLoader.Source> user = new java.util.ArrayList<>();
        for (int i = 0; i < files.length; i++) {
            user.add(new RuleLoader.Source("user/" + (char) ('a' + i) + ".yaml", files[i]));
        }
        return loader.loadLayers(List.of(RuleLoader.Layer.of(RuleLoader.defaultPackSources()), RuleLoader.Layer.of(user)), env);
    }

    @Test
    void shouldOverrideFieldsAndParametersOfANamedRuleWithoutCopyingIt() {
        RuleLoadResult r = onDefaults(null, """
                overrides:
                  - name: heap-floor-drift
                    severity: warning
                    for: 1h
                    analysis: {horizon: 48h}
                """);

        assertThat(r.problems()).isEmpty();
        Rule heap = r.rules().get("heap-floor-drift").orElseThrow();
        assertThat(heap.severity()).isEqualTo(Severity.WARNING);
        assertThat(heap.forDuration()).isEqualTo(Duration.ofHours(1));
        assertThat(heap.analysisType()).isEqualTo("trend_to_limit");
        assertThat(heap.selector().labels()).containsKey("area");
        assertThat(r.rules().names()).as("an override adds no rule").isEqualTo(onDefaults(null).rules().names());
    }

    @Test
    void shouldReplaceARuleOfTheSameNameAndDisableByName() {
        RuleLoadResult r = onDefaults(null, """
                rules:
                  - name: crash-loop
                    signal: crash_loop
                    severity: warning
                    select: {events: [process.exit]}
                    analysis: {type: event_count, min_count: 5}
                disable: [fork-bomb]
                """);

        assertThat(r.problems()).isEmpty();
        assertThat(r.rules().get("crash-loop").orElseThrow().severity()).isEqualTo(Severity.WARNING);
        assertThat(r.rules().get("crash-loop").orElseThrow().location().file()).isEqualTo("user/a.yaml");
        assertThat(r.rules().get("fork-bomb").orElseThrow().enabled()).isFalse();
    }

    @Test
    void shouldReportUnknownRuleNamesAndBadOverrideValuesInTheOverridingFile() {
        RuleLoadResult r = onDefaults(null, """
                overrides:
                  - name: heap-flor-drift
                    severity: warning
                  - name: fd-exhaustion
                    analysis: {horizn: 2h}
                    for: soon
                disable: [no-such-rule]
                exceptions:
                  - {name: lab, rule: crash-lop, sources: [lab-1], reason: lab}
                """);

        List<String> lines = r.problems().stream().map(RuleProblem::toString).toList();
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("user/a.yaml:2:11: override of unknown rule 'heap-flor-drift'")
                .contains("did you mean 'heap-floor-drift'"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("user/a.yaml:5:16:").contains("horizn"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("user/a.yaml:6:10:").contains("'for'"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("user/a.yaml:7:11: disable of unknown rule 'no-such-rule'"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("user/a.yaml:9:23:").contains("unknown rule 'crash-lop'"));
        // the rule whose override is bad is left out; the others still load
        assertThat(r.rules().get("fd-exhaustion")).isEmpty();
        assertThat(r.rules().get("heap-floor-drift")).isPresent();
    }

    @Test
    void shouldReportEveryProblemOfAnOverrideInOneRunWithSuggestions() {
        // issue 15: an unknown key used to stop the override there, hiding the misspelt parameter behind it
        RuleLoadResult r = onDefaults(null, """
                overrides:
                  - name: heap-floor-drift
                    severty: warning
                    analysis: {horizn: 6h}
                """);

        assertThat(r.problems()).extracting(Object::toString).containsExactly(
                "user/a.yaml:3:5: unknown key 'severty' in override (did you mean 'severity'?)",
                "user/a.yaml:4:16: unknown parameter 'horizn' for analysis trend_to_limit (did you mean 'horizon'?)");
        // the rule whose override is wrong is left out, as any rule with a problem
        assertThat(r.rules().get("heap-floor-drift")).isEmpty();
        assertThat(r.rules().get("fd-exhaustion")).isPresent();
    }

    @Test
    void shouldApplyOnlyTheSelectedEnvironment() {
        String file = """
                environments:
                  staging:
                    overrides:
                      - {name: heap-floor-drift, severity: info}
                    disable: [fork-bomb]
                  production:
                    overrides:
                      - {name: heap-floor-drift, analysis: {horizon: 48h}}
                """;
        assertThat(onDefaults(null, file).rules().get("heap-floor-drift").orElseThrow().severity()).isEqualTo(Severity.CRITICAL);
        RuleLoadResult staging = onDefaults("staging", file);
        assertThat(staging.problems()).isEmpty();
        assertThat(staging.rules().get("heap-floor-drift").orElseThrow().severity()).isEqualTo(Severity.INFO);
        assertThat(staging.rules().get("fork-bomb").orElseThrow().enabled()).isFalse();
        assertThat(onDefaults("production", file).rules().get("fork-bomb").orElseThrow().enabled()).isTrue();
    }

    @Test
    void shouldLoadExceptionsThatMatchBySourceLabelsExeAndUser() {
        RuleLoadResult r = onDefaults(null, """
                exceptions:
                  - name: lab-stress
                    rule: crash-loop
                    sources: ["=~lab-.*"]
                    reason: the lab hosts kill processes all day
                  - name: ci-builds
                    signal: unexpected_exec
                    exe: ["=~/opt/ci/.*"]
                    user: [ci]
                    reason: CI runs fresh binaries
                """);

        assertThat(r.problems()).isEmpty();
        assertThat(r.rules().exceptions()).extracting(RuleException::name).containsExactly("lab-stress", "ci-builds");
        Finding crash = finding("crash-loop", Signal.CRASH_LOOP, "lab-3", Map.of());
        assertThat(r.rules().exceptionFor(crash)).map(RuleException::name).contains("lab-stress");
        assertThat(r.rules().exceptionFor(finding("crash-loop", Signal.CRASH_LOOP, "prod-3", Map.of()))).isEmpty();
        Finding exec = finding("unexpected-exec", Signal.UNEXPECTED_EXEC, "h", Map.of("exe", "/opt/ci/build", "user", "ci"));
        assertThat(r.rules().exceptionFor(exec)).map(RuleException::name).contains("ci-builds");
        Finding other = finding("unexpected-exec", Signal.UNEXPECTED_EXEC, "h", Map.of("exe", "/opt/ci/build", "user", "root"));
        assertThat(r.rules().exceptionFor(other)).isEmpty();
    }

    @Test
    void shouldRejectExceptionsWithoutReasonOrMatchers() {
        RuleLoadResult r = onDefaults(null, """
                exceptions:
                  - {name: a, rule: crash-loop, sources: [x]}
                  - {name: b, rule: crash-loop, reason: because}
                  - {name: c, sources: [x], reason: because}
                """);
        assertThat(r.problems()).extracting(RuleProblem::message).anySatisfy(m -> assertThat(m).contains("missing required key 'reason'"))
                .anySatisfy(m -> assertThat(m).contains("matches nothing specific"))
                .anySatisfy(m -> assertThat(m).contains("needs a 'rule' or a 'signal'"));
        assertThat(r.rules().exceptions()).isEmpty();
    }

    @Test
    void shouldTakeASingleRuleOrOverrideEntryAsOnTheRulesTopic() {
        RuleLoadResult r = loader.loadLayers(List.of(RuleLoader.Layer.of(RuleLoader.defaultPackSources()),
                new RuleLoader.Layer(List.of(), List.of(new RuleLoader.Source("slowburn.rules[fd-exhaustion]",
                        "{\"override\": {\"name\": \"fd-exhaustion\", \"severity\": \"warning\"}}")))), null);
        assertThat(r.problems()).isEmpty();
        assertThat(r.rules().get("fd-exhaustion").orElseThrow().severity()).isEqualTo(Severity.WARNING);
    }

    private static Finding finding(String rule, Signal signal, String source, Map<String, Object> evidence) {
        return new Finding(rule, signal, Severity.CRITICAL, source, Map.of(), source, 0, 0, evidence, List.of(), "");
    }
}
