package io.slowburn.rules.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.rules.RuleProblem;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleTestParserTest {

    private static final Path FILE = Path.of("/tmp/tests/heap_test.yaml");

    @Test
    void shouldParseSeriesEventsExperimentsAndChecks() {
        RuleTestParser.Result r = RuleTestParser.parse(FILE, """
                rule_files: [../rules]
                tests:
                  - name: leak
                    interval: 5m
                    start: 2026-03-02T00:00:00Z
                    input_series:
                      - series: 'jvm.memory.used{source="host-1",area="heap"}'
                        values: '1 2 _ 4'
                        limit: 4e9
                      - {metric: os.fd.open, source: host-2, labels: {fd: all}, values: '7x2'}
                    events:
                      - {at: 12m, source: host-4, event: process.exit, attrs: {exit_code: 137}}
                    experiments:
                      - {at: 1m, signed_by: sre-lead, declaration: {id: exp-1, start: 10m, end: 1h, faults: [process.kill]}}
                    expect_alerts:
                      - eval_time: 1h
                        alerts:
                          - {rule: heap-floor-drift, labels: {area: heap}}
                """);

        assertThat(r.problems()).isEmpty();
        RuleTestFile f = r.file();
        assertThat(f.ruleFiles()).containsExactly(Path.of("/tmp/rules"));
        assertThat(f.defaultPack()).isTrue();
        RuleTestFile.TestCase t = f.tests().get(0);
        long start = 1_772_409_600_000L;
        assertThat(t.intervalMs()).isEqualTo(300_000L);
        assertThat(t.series().get(0).values()).containsExactly(1.0, 2.0, null, 4.0);
        assertThat(t.series().get(0).limit()).isEqualTo(4e9);
        assertThat(t.series().get(1).labels()).containsEntry("fd", "all");
        assertThat(t.events().get(0).ts()).isEqualTo(start + 12 * 60_000L);
        assertThat(t.events().get(0).attrs()).containsEntry("exit_code", 137L);
        assertThat(t.experiments().get(0).declaration()).containsEntry("start", start + 600_000L).containsEntry("end", start + 3_600_000L);
        assertThat(t.checks().get(0).evalTime()).isEqualTo(start + 3_600_000L);
        assertThat(t.end()).isEqualTo(start + 15 * 60_000L);
    }

    @Test
    void shouldReportEveryProblemWithFileLineAndColumn() {
        RuleTestParser.Result r = RuleTestParser.parse(FILE, """
                rule_file: [x]
                tests:
                  - name: bad
                    input_series:
                      - series: 'os.fd.open'
                        values: '1 2 x'
                    expect_alerts:
                      - eval_time: soon
                        alerts: [{rul: x}]
                """);

        assertThat(r.ok()).isFalse();
        List<String> lines = r.problems().stream().map(RuleProblem::toString).toList();
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith(FILE + ":1:1: unknown key 'rule_file' in test file")
                .contains("did you mean 'rule_files'"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith(FILE + ":5:17:").contains("names no source"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith(FILE + ":6:17:").contains("bad term 'x'"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith(FILE + ":8:20:").contains("soon"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith(FILE + ":9:19: unknown key 'rul' in expected alert"));
    }

    @Test
    void shouldReadTestFilesInTheRulesDialectReportingRepeatedKeysAndSyntaxInPlainWords() {
        // issue 15: rule tests are read by the same YAML layer as rules (one dialect, one set of messages)
        RuleTestParser.Result r = RuleTestParser.parse(FILE, """
                default_pack: "false"
                tests:
                  - name: a
                    name: b
                    input_series:
                      - {series: 'm{source="h"}', values: '1 2', limit: "4e9"}
                    expect_alerts: []
                """);

        assertThat(r.problems()).extracting(RuleProblem::toString).containsExactly(
                FILE + ":1:15: 'default_pack' must be true or false, got 'false'",
                FILE + ":4:5: duplicate key 'name' (first given at " + FILE + ":3:5)",
                FILE + ":6:57: 'limit' must be a number, got '4e9'");
        assertThat(RuleTestParser.parse(FILE, "tests:\n  - name: a\n   interval: 1m\n").problems()).singleElement().asString()
                .startsWith(FILE + ":3:4: invalid YAML: the indentation of line 3 does not match the lines above it");
    }
}
