package io.slowburn.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slowburn.model.Event;
import io.slowburn.model.MetricSample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SelectorTest {

    private static final long T0 = 1_772_409_600_000L;

    private static MetricSample sample(String source, String metric, Map<String, String> labels) {
        return MetricSample.gauge(T0, source, metric, labels, 1.0);
    }

    @Test
    void shouldMatchByMetricNameOnly() {
        Selector s = Selector.ofMetrics("app.retries", "app.requests");

        assertThat(s.matches(sample("h1", "app.retries", Map.of()))).isTrue();
        assertThat(s.matches(sample("h1", "app.requests", Map.of("service", "x")))).isTrue();
        assertThat(s.matches(sample("h1", "app.errors", Map.of()))).isFalse();
        assertThat(s.matches(new Event(T0, "h1", "app.retries", Map.of()))).isFalse();
    }

    @Test
    void shouldApplyEveryKindOfLabelMatcher() {
        Selector s = Selector.ofMetrics("jvm.memory.used").withLabels(Map.of(
            "area", ValueMatcher.parse("heap"),
            "service", ValueMatcher.parse("=~check.*"),
            "env", ValueMatcher.parse("!=test"),
            "pool", ValueMatcher.parse("!~.*Eden.*")));

        assertThat(s.matches(sample("h", "jvm.memory.used", Map.of("area", "heap", "service", "checkout", "env", "prod")))).isTrue();
        assertThat(s.matches(sample("h", "jvm.memory.used", Map.of("area", "heap", "service", "checkout")))).isTrue();
        assertThat(s.matches(sample("h", "jvm.memory.used", Map.of("area", "nonheap", "service", "checkout")))).isFalse();
        assertThat(s.matches(sample("h", "jvm.memory.used", Map.of("area", "heap", "service", "xcheckout")))).isFalse();
        assertThat(s.matches(sample("h", "jvm.memory.used", Map.of("area", "heap", "service", "checkout", "env", "test")))).isFalse();
        assertThat(s.matches(sample("h", "jvm.memory.used", Map.of("area", "heap", "service", "check", "pool", "G1 Eden Space"))))
            .isFalse();
    }

    @Test
    void shouldTreatAnAbsentLabelAsEmptyText() {
        assertThat(ValueMatcher.parse("heap").matches(null)).isFalse();
        assertThat(ValueMatcher.parse("!=heap").matches(null)).isTrue();
        assertThat(ValueMatcher.parse("=~.+").matches(null)).isFalse();
        assertThat(ValueMatcher.parse("=~.*").matches(null)).isTrue();
    }

    @Test
    void shouldMatchSourcesByAnyPositiveAndEveryNegativeMatcher() {
        Selector either = Selector.ofMetrics("m").withSources(List.of(ValueMatcher.parse("host-1"), ValueMatcher.parse("=~db-.*")));
        Selector neither = Selector.ofMetrics("m").withSources(List.of(ValueMatcher.parse("!=canary"), ValueMatcher.parse("!~test-.*")));

        assertThat(either.matches(sample("host-1", "m", Map.of()))).isTrue();
        assertThat(either.matches(sample("db-7", "m", Map.of()))).isTrue();
        assertThat(either.matches(sample("host-2", "m", Map.of()))).isFalse();
        assertThat(neither.matches(sample("host-2", "m", Map.of()))).isTrue();
        assertThat(neither.matches(sample("canary", "m", Map.of()))).isFalse();
        assertThat(neither.matches(sample("test-3", "m", Map.of()))).isFalse();
    }

    @Test
    void shouldMatchEventsByKindAndAttributes() {
        Selector s = Selector.ofEvents(Event.EXEC).withLabels(Map.of("user", ValueMatcher.parse("!=ci")));

        assertThat(s.matches(new Event(T0, "h", Event.EXEC, Map.of("exe", "/bin/sh", "user", "root")))).isTrue();
        assertThat(s.matches(new Event(T0, "h", Event.EXEC, Map.of("exe", "/bin/sh", "user", "ci")))).isFalse();
        assertThat(s.matches(new Event(T0, "h", Event.LOGIN, Map.of("user", "root")))).isFalse();
        assertThat(s.matches(sample("h", Event.EXEC, Map.of()))).isFalse();
    }

    @Test
    void shouldRejectABadRegexAndASelectorOfNothing() {
        assertThatThrownBy(() -> ValueMatcher.parse("=~(unclosed")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("bad regular expression '(unclosed'");
        assertThatThrownBy(() -> new Selector(java.util.Set.of(), java.util.Set.of(), Map.of(), List.of()))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldReportABadRegexInARuleFileAtItsLocation() {
        String yaml = """
            rules:
              - name: r
                signal: anomaly
                severity: info
                select: {metric: m, labels: {service: "=~(x"}, sources: 7}
                analysis: {type: anomaly_score}
            """;

        RuleLoadResult result = new RuleLoader(AnalysisRegistry.defaults()).loadString("s.yaml", yaml);

        assertThat(result.problems()).extracting(Object::toString).containsExactly(
            "s.yaml:5:43: matcher for label 'service': bad regular expression '(x': missing closing ) "
                + "(RE2 syntax: no backreferences, no lookaround, repeats of at most 1000)");
        assertThat(result.rules().isEmpty()).isTrue();
    }
}
