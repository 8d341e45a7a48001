package io.slowburn.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slowburn.analysis.MapParameters;
import io.slowburn.analysis.anomaly.AnomalyScoreAnalysis;
import io.slowburn.model.MetricSample;
import io.slowburn.model.Severity;
import io.slowburn.model.Signal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleSetTest {

    private static Rule rule(String name, String metric, boolean enabled) {
        return new Rule(name, "", Signal.ANOMALY, Severity.INFO, List.of(), Selector.ofMetrics(metric), "anomaly_score",
            AnomalyScoreAnalysis.create(MapParameters.of(Map.of())), null, null, enabled, false, null);
    }

    @Test
    void shouldKeepOrderAndLookUpByName() {
        RuleSet set = RuleSet.of(List.of(rule("b", "m", true), rule("a", "m", true)));

        assertThat(set.names()).containsExactly("b", "a");
        assertThat(set.get("a")).isPresent();
        assertThat(set.get("zz")).isEmpty();
        assertThat(set.size()).isEqualTo(2);
    }

    @Test
    void shouldReturnEnabledMatchingRulesInOrder() {
        RuleSet set = RuleSet.of(List.of(rule("one", "m", true), rule("two", "other", true), rule("three", "m", false),
            rule("four", "m", true)));

        assertThat(set.matching(MetricSample.gauge(1L, "h", "m", Map.of(), 1))).extracting(Rule::name).containsExactly("one", "four");
        assertThat(set.matching(MetricSample.gauge(1L, "h", "nothing", Map.of(), 1))).isEmpty();
    }

    @Test
    void shouldRefuseDuplicateNamesAndBadNames() {
        assertThatThrownBy(() -> RuleSet.of(List.of(rule("a", "m", true), rule("a", "n", true))))
            .hasMessageContaining("duplicate rule name 'a'");
        assertThatThrownBy(() -> rule("Not OK", "m", true)).hasMessageContaining("[a-z0-9-]+");
    }

    @Test
    void shouldRegisterTypesWithoutTouchingTheDefaults() {
        AnalysisRegistry base = AnalysisRegistry.empty().with("anomaly_score", AnomalyScoreAnalysis::create);
        AnalysisRegistry more = base.with("my_type", p -> AnomalyScoreAnalysis.create(p));

        assertThat(more.types()).containsExactly("anomaly_score", "my_type");
        assertThat(base.contains("my_type")).isFalse();
        assertThat(AnalysisRegistry.defaults().types()).contains("event_count", "novelty", "step_rise", "anomaly_score");
        assertThatThrownBy(() -> AnalysisRegistry.empty().with("Bad Name", p -> null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldSuggestOnlyCloseNames() {
        assertThat(Suggest.closest("horizn", List.of("horizon", "window"))).contains("horizon");
        assertThat(Suggest.closest("wnidow", List.of("horizon", "window"))).contains("window");
        assertThat(Suggest.closest("banana", List.of("horizon", "window"))).isEmpty();
    }
}
