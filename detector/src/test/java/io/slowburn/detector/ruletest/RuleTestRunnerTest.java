package io.slowburn.detector.ruletest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rule unit tests: the default pack's own tests pass, a failing test shows a diff, a bad file exits 2. */
class RuleTestRunnerTest {

    static final Path SHIPPED = Path.of("../rules/src/main/resources/io/slowburn/rules/default/tests");

    @TempDir
    Path dir;

    private final StringWriter text = new StringWriter();
    private final RuleTestRunner runner = new RuleTestRunner(new PrintWriter(text, true));

    @Test
    void shouldPassEveryShippedTestOfTheDefaultPack() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(SHIPPED)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        // one test file per default rule at least
        assertThat(files).hasSizeGreaterThanOrEqualTo(12);

        RuleTestRunner.Summary summary = runner.run(files);

        assertThat(summary.exitCode()).as(text.toString()).isZero();
        assertThat(summary.passed()).isGreaterThanOrEqualTo(24);
    }

    @Test
    void shouldPrintADiffOfExpectedAndActualAlertsAndExit1() throws IOException {
        Path t = write("t.yaml", """
                tests:
                  - name: crash loop
                    events:
                      - {at: 1m, source: host-1, event: signal, attrs: {signal: SIGKILL}}
                      - {at: 3m, source: host-1, event: signal, attrs: {signal: SIGKILL}}
                      - {at: 5m, source: host-1, event: signal, attrs: {signal: SIGKILL}}
                    expect_alerts:
                      - eval_time: 6m
                        alerts:
                          - {rule: crash-loop, source: host-2}
                """);

        RuleTestRunner.Summary s = runner.run(List.of(t));

        assertThat(s.exitCode()).isEqualTo(1);
        assertThat(text.toString()).contains("FAIL " + t + ":8:9: test 'crash loop', eval_time 6m (2026-03-02T00:06:00Z)",
                "- missing:    {rule: crash-loop, source: host-2}",
                "+ unexpected: {rule: crash-loop, signal: crash_loop, verdict: suspicious, severity: critical, status: firing, "
                        + "source: host-1");
    }

    @Test
    void shouldTestUserRulesLayeredOnTheDefaultPackAndExit0() throws IOException {
        Files.createDirectories(dir.resolve("rules"));
        write("rules/tuned.yaml", """
                overrides:
                  - name: crash-loop
                    severity: warning
                    analysis: {min_count: 5}
                """);
        Path t = write("t.yaml", """
                rule_files: [rules]
                tests:
                  - name: five kills needed now
                    events:
                      - {at: 1m, source: host-1, event: signal, attrs: {signal: SIGKILL}}
                      - {at: 2m, source: host-1, event: signal, attrs: {signal: SIGKILL}}
                      - {at: 3m, source: host-1, event: signal, attrs: {signal: SIGKILL}}
                      - {at: 4m, source: host-1, event: signal, attrs: {signal: SIGKILL}}
                      - {at: 5m, source: host-1, event: signal, attrs: {signal: SIGKILL}}
                    expect_alerts:
                      - eval_time: 4m
                        alerts: []
                      - eval_time: 5m
                        alerts: [{rule: crash-loop, severity: warning, status: firing}]
                """);

        assertThat(runner.run(List.of(t)).exitCode()).as(text.toString()).isZero();
    }

    @Test
    void shouldExit2OnABadTestFileOrBadRules() throws IOException {
        Path bad = write("bad.yaml", "tests:\n  - name: x\n    input_series: [{series: 'a{source=\"h\"}', values: 'oops'}]\n");
        Path badRules = write("badrules.yaml", "rule_files: [r.yaml]\ntests: []\n");
        write("r.yaml", "overrides: [{name: nope, severity: info}]\n");

        assertThat(runner.run(List.of(bad, badRules)).exitCode()).isEqualTo(2);
        assertThat(text.toString()).contains(bad + ":3:54: bad term 'oops'", "r.yaml:1:20: override of unknown rule 'nope'");
    }

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }
}
