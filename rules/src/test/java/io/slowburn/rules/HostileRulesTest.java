package io.slowburn.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.slowburn.analysis.ParameterBounds;
import io.slowburn.model.MetricSample;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Findings 6 and 7 of issue 12: a rule cannot hang the detector with a regex, nor make it slow or large with a parameter. */
class HostileRulesTest {

    private final RuleLoader loader = new RuleLoader(AnalysisRegistry.defaults());

    private static String trend(String params) {
        return """
                rules:
                  - name: queue-trend
                    signal: queue_growth
                    severity: warning
                    select: {metric: app.queue.depth}
                    analysis:
                      type: trend_to_limit
                """ + params.indent(6);
    }

    private List<String> problems(String yaml) {
        return loader.loadString("hostile.yaml", yaml).problems().stream().map(RuleProblem::toString).toList();
    }

    @Test
    void shouldMatchTheIssuesCatastrophicRegexInLinearTime() {
        ValueMatcher m = ValueMatcher.parse("=~(.*a){15}");
        String label = "a".repeat(100) + "b";
        // java.util.regex backtracks for hours on this; RE2/J answers in microseconds
        boolean matched = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> m.matches(label));
        assertThat(matched).isFalse();
        assertThat(m.matches("a".repeat(15))).isTrue();
    }

    @Test
    void shouldSelectWithTheCatastrophicRegexWithoutHanging() {
        RuleSet rules = loader.loadString("r.yaml", """
                rules:
                  - name: pay-trend
                    signal: queue_growth
                    severity: warning
                    select: {metric: app.queue.depth, labels: {service: "=~(.*a){15}"}}
                    analysis: {type: trend_to_limit}
                """).orThrow();
        MetricSample hostile = MetricSample.gauge(1_772_409_600_000L, "h", "app.queue.depth",
                Map.of("service", "a".repeat(100) + "b"), 1);
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertThat(rules.matching(hostile)).isEmpty());
    }

    @Test
    void shouldRefuseRegexConstructsRe2CannotRunInLinearTimeWithAClearReason() {
        assertThat(problems("""
                rules:
                  - name: backref
                    signal: queue_growth
                    severity: warning
                    select: {metric: app.queue.depth, labels: {service: "=~(a)\\\\1"}}
                    analysis: {type: trend_to_limit}
                """)).singleElement().asString()
                .contains("bad regular expression '(a)\\1'").contains("RE2 syntax").contains("no backreferences");
        assertThatThrownBy(() -> ValueMatcher.parse("!~(?=a)b")).hasMessageContaining("no lookaround");
        assertThatThrownBy(() -> ValueMatcher.parse("=~a{1001}")).hasMessageContaining("repeats of at most 1000");
    }

    @Test
    void shouldRefuseARegexWhoseCountedRepeatsWouldExhaustTheHeapBeforeCompilingIt() {
        // RE2/J compiling this ran out of a 512 MB heap after 53 s; refused in microseconds instead
        assertThatThrownBy(() -> assertTimeoutPreemptively(Duration.ofSeconds(2), () -> ValueMatcher.parse("=~((a{1000}){1000}){1000}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("regular expression '((a{1000}){1000}){1000}' is too large: its counted repeats expand to more than "
                        + "10000 instructions");
        assertThatThrownBy(() -> ValueMatcher.parse("=~(a{100}){101}")).hasMessageContaining("too large");
    }

    @Test
    void shouldEstimateEverydayRegexesWellWithinTheBound() {
        assertThat(RegexSize.estimate("a{1000}")).isEqualTo(1000);
        assertThat(RegexSize.estimate("(a{100}){100}")).isEqualTo(10_000);
        assertThat(RegexSize.estimate("[a-z]{1,63}(\\.[a-z]{1,63}){0,5}")).isEqualTo(63 + 5 * 64);
        assertThat(RegexSize.estimate("checkout|payments-.*")).isEqualTo(18);
        assertThat(RegexSize.estimate("[0-9]{1,3}(\\.[0-9]{1,3}){3}")).isEqualTo(3 + 3 * 4);
        assertThat(RegexSize.estimate("x{2,}")).isEqualTo(3);
        assertThat(RegexSize.estimate("[]{}]{5}a{")).isEqualTo(7);
        for (String ok : List.of("=~a{1000}", "=~(a{100}){100}", "=~[a-z]{1,63}(\\.[a-z]{1,63}){0,5}", "!~test-.*")) {
            assertThat(ValueMatcher.parse(ok)).isNotNull();
        }
    }

    @Test
    void shouldRefuseTheIssuesUnboundedParametersNamingTheBounds() {
        List<String> p = problems(trend("window: 1000d\nbucket: 1ms"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("parameter 'window'").contains("must be at most '30d', got '1000d'"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("parameter 'bucket'").contains("must be at least '1s', got '1ms'"));
    }

    @Test
    void shouldBoundTheStatePerSeriesAndSayTheComputedSize() {
        assertThat(problems(trend("window: 30d\nbucket: 1s\nlateness: 0m"))).singleElement().asString()
                .startsWith("hostile.yaml:8:")
                .contains("parameter 'window' of analysis trend_to_limit: '30d' is 2,592,000 buckets of '1s' per series, "
                        + "more than the bound of 10,080");
        // a default span counts too: lateness defaults to 5m, 300 buckets of 1s; the window is what is too long
        assertThat(problems(trend("window: 7d\nbucket: 1m"))).isEmpty();
        assertThat(ParameterBounds.MAX_BUCKETS_PER_SERIES).isEqualTo(7 * 24 * 60);
    }

    @Test
    void shouldRefuseADurationTooLongToCountInMilliseconds() {
        assertThat(problems(trend("window: 999999999999999999w"))).singleElement().asString()
                .contains("duration '999999999999999999w' is too long");
    }

    @Test
    void shouldLoadTheDefaultPackWithinEveryBound() {
        assertThat(RuleLoader.defaultPackResult(AnalysisRegistry.defaults()).problems()).isEmpty();
    }
}
