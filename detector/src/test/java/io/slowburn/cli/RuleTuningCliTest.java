package io.slowburn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rule tuning commands: rules test exit codes, backtest --compare and --audit (shadow and suppressed records). */
class RuleTuningCliTest {

    static final long T0 = 1_772_409_600_000L;
    static final long MIN = 60_000L;

    @TempDir
    Path dir;

    /** Kill storms on host-1 and lab-1, then quiet time on host-9 so both resolve. */
    private Path input() throws Exception {
        List<String> lines = new ArrayList<>();
        for (String host : List.of("host-1", "lab-1")) {
            for (int k = 0; k < 4; k++) {
                long ts = T0 + k * MIN + (host.equals("lab-1") ? 1000 : 0);
                lines.add("{\"stream\":\"event\",\"ts\":" + ts + ",\"source\":\"" + host
                        + "\",\"event\":\"process.exit\",\"attrs\":{\"exe\":\"/usr/bin/java\",\"signal\":\"SIGKILL\",\"exit_code\":137}}");
            }
        }
        for (int m = 5; m <= 60; m += 5) {
            lines.add("{\"stream\":\"event\",\"ts\":" + (T0 + m * MIN)
                    + ",\"source\":\"host-9\",\"event\":\"process.start\",\"attrs\":{}}");
        }
        lines.sort(Comparator.comparingLong(l -> Long.parseLong(l.replaceAll(".*\"ts\":(\\d+).*", "$1"))));
        return Files.write(dir.resolve("in.jsonl"), lines);
    }

    @Test
    void backtestCompareShowsWhatAnExceptionRemovesAndTheAuditNamesIt() throws Exception {
        Path in = input();
        Path tuned = Files.createDirectories(dir.resolve("tuned"));
        Files.writeString(tuned.resolve("lab.yaml"), """
                exceptions:
                  - name: lab-drills
                    rule: crash-loop
                    sources: ["=~lab-.*"]
                    reason: kill drills run in the lab all day
                """);
        Cli cli = new Cli();
        assertThat(cli.run("backtest", "--input", in.toString(), "--compare", tuned.toString())).as(cli.toString()).isZero();
        assertThat(cli.out()).contains("alerts fired: 2 with the default pack, 1 with " + tuned + "; 1 unchanged, 0 added, 1 removed",
                "  - 2026-03-02T00:02:01Z  crash_loop  lab-1  crash-loop  suspicious", "crash-loop", "+0 -1 ~0");

        Path audit = dir.resolve("audit.jsonl");
        Cli again = new Cli();
        assertThat(again.run("backtest", "--input", in.toString(), "--output", dir.resolve("a.jsonl").toString(), "--rules",
                tuned.toString(), "--audit", audit.toString())).as(again.toString()).isZero();
        assertThat(Files.readAllLines(dir.resolve("a.jsonl"))).hasSize(2).allSatisfy(a -> assertThat(a).contains("\"host-1\""));
        assertThat(Files.readString(audit)).contains("\"type\":\"suppressed\"", "\"exception\":\"lab-drills\"",
                "\"reason\":\"kill drills run in the lab all day\"");
    }

    @Test
    void backtestAuditShowsWhatAShadowRuleWouldHaveAlerted() throws Exception {
        Path in = input();
        Path shadow = Files.createDirectories(dir.resolve("shadow"));
        Files.writeString(shadow.resolve("s.yaml"), "overrides:\n  - {name: crash-loop, shadow: true}\n");
        Path audit = dir.resolve("audit.jsonl");
        Cli cli = new Cli();
        assertThat(cli.run("backtest", "--input", in.toString(), "--output", dir.resolve("a.jsonl").toString(), "--rules",
                shadow.toString(), "--audit", audit.toString())).as(cli.toString()).isZero();
        assertThat(Files.readString(dir.resolve("a.jsonl"))).isEmpty();
        assertThat(Files.readString(audit)).contains("\"type\":\"shadow\"", "\"would_alert\":\"suspicious\"");
        assertThat(new Cli().run("backtest", "--input", in.toString())).isEqualTo(2);
    }

    @Test
    void rulesTestExitsZeroOneOrTwo() throws Exception {
        Path pass = Files.writeString(dir.resolve("pass.yaml"), """
                tests:
                  - events:
                      - {at: 1m, source: h, event: signal, attrs: {signal: SIGKILL}}
                    expect_alerts:
                      - {eval_time: 2m, alerts: []}
                """);
        Path fail = Files.writeString(dir.resolve("fail.yaml"), Files.readString(pass).replace("alerts: []", "alerts: [{rule: x}]"));
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "tests: 3\n");
        Cli ok = new Cli();
        assertThat(ok.run("rules", "test", pass.toString())).as(ok.toString()).isZero();
        assertThat(ok.out()).contains("1 passed, 0 failed");
        Cli failing = new Cli();
        assertThat(failing.run("rules", "test", pass.toString(), fail.toString())).isEqualTo(1);
        assertThat(failing.out()).contains("- missing:    {rule: x}", "1 passed, 1 failed");
        Cli broken = new Cli();
        assertThat(broken.run("rules", "test", bad.toString())).isEqualTo(2);
        assertThat(broken.out()).contains(bad + ":1:8: 'tests' must be a list");
    }

    @Test
    void rulesCheckAppliesTheNamedEnvironment() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("env.yaml"), """
                environments:
                  staging:
                    disable: [fork-bomb, no-such-rule]
                """);
        assertThat(new Cli().run("rules", "check", rules.toString())).isZero();
        Cli staging = new Cli();
        assertThat(staging.run("rules", "check", rules.toString(), "--environment", "staging")).isEqualTo(2);
        assertThat(staging.err()).contains("env.yaml:3:26: disable of unknown rule 'no-such-rule'");
    }

    @Test
    void rulesPublishTurnsRulesOverridesAndDisablesIntoOneTopicEntryPerRuleName() throws Exception {
        Path f = Files.writeString(dir.resolve("r.yaml"), """
                rules:
                  - {override: {name: crash-loop, severity: warning}}
                overrides:
                  - {name: heap-floor-drift, analysis: {horizon: 6h}}
                disable: [fork-bomb]
                """);
        Map<String, String> entries = RulesPublish.entries(f);
        assertThat(entries).containsOnlyKeys("crash-loop", "heap-floor-drift", "fork-bomb");
        assertThat(entries.get("heap-floor-drift"))
                .isEqualTo("{\"override\":{\"name\":\"heap-floor-drift\",\"analysis\":{\"horizon\":\"6h\"}}}");
        assertThat(entries.get("fork-bomb")).contains("\"enabled\":false");
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "overrides: [{name: nope, severity: info}]\n");
        Cli cli = new Cli();
        assertThat(cli.run("rules", "publish", bad.toString(), "--bootstrap-servers", "127.0.0.1:1")).isEqualTo(2);
        assertThat(cli.err()).contains("override of unknown rule 'nope'", "nothing published");
    }

    @Test
    void rulesPublishTypesValuesAsTheRuleFilesDo() throws Exception {
        Path f = Files.writeString(dir.resolve("typed.yaml"), """
                overrides:
                  - {name: crash-loop, analysis: {min_count: 5, note: "5", ratio: 0.5, big: 1_000, on: yes}}
                """);
        assertThat(RulesPublish.entries(f).get("crash-loop")).isEqualTo("{\"override\":{\"name\":\"crash-loop\",\"analysis\":"
                + "{\"min_count\":5,\"note\":\"5\",\"ratio\":0.5,\"big\":\"1_000\",\"on\":\"yes\"}}}");
    }

    @Test
    void rulesPublishReportsBrokenYamlWithLineAndColumn() throws Exception {
        Path f = Files.writeString(dir.resolve("tab.yaml"), "overrides:\n\t- {name: crash-loop}\n");
        Assertions.assertThatThrownBy(() -> RulesPublish.entries(f))
                .isInstanceOf(ExitCodes.BadInputException.class)
                .hasMessageStartingWith(f + ":2:1: invalid YAML: a tab character where YAML expects spaces")
                .hasMessageEndingWith(": nothing published");
    }
}
