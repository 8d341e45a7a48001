package io.slowburn.bench.detection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.slowburn.ingest.simulate.SigningKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small fixed-seed subset of the detection suite, run end to end as {@code src/detection.sh} runs a seed: a labelled
 * 7.5-hour scenario on two hosts, slowburn's real offline backtest with the demo key trusted, the baseline, the scorer.
 * It asserts what the suite's machinery must do (the truth, the baseline's catches and misses, the reports), not how
 * well slowburn's analyses do: those change in their own branch.
 */
class SuiteSubsetTest {

    private static final String SCENARIO = """
            name: suite-subset
            duration: 7h30m
            step: 60s
            seed: 7
            hosts: [a-1, a-2]
            baseline: {service: checkout, error_ratio: 0.002}
            incidents:
              - kind: deploy
                hosts: all
                at: +30m
                duration: 15m
                spacing: 2m
                label: {id: c1, kind: fleet_deploy, verdict: benign, signals: [crash_loop]}
              - kind: heap_leak
                host: a-1
                at: +1h
                duration: 5h
                rate_per_hour: 500MB
                label: {id: i1, kind: heap_leak_fast, verdict: suspicious, signals: [memory_drift]}
              - kind: kill_storm
                host: a-2
                at: +2h05m
                duration: 20m
                label: {id: i2, kind: sanctioned_kill, verdict: sanctioned, signals: [crash_loop], experiment: exp-ok}
              - kind: kill_storm
                host: a-2
                at: +6h20m
                duration: 20m
                sender: /usr/bin/kill
                label: {id: i3, kind: crash_loop, verdict: suspicious, signals: [crash_loop]}
              - kind: unexpected_exec
                host: a-2
                at: +4h30m
                duration: 10m
                label: {id: i4, kind: unexpected_exec, verdict: suspicious, signals: [unexpected_exec]}
            experiments:
              - id: exp-ok
                declared_at: +1h30m
                scope: {sources: [a-2]}
                faults: [process.kill]
                window: {start: +2h, end: +3h}
                blast_radius: {max_sources: 1}
            """;

    @Test
    void shouldScoreTheBaselineAndSlowburnOnTheSameLabelledRecords(@TempDir Path dir) throws Exception {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        Files.writeString(keys.resolve("demo.pub"), SigningKeys.demoPublicPem(), StandardCharsets.US_ASCII);

        SeedRun.Result r = SeedRun.run(7, SCENARIO, dir.resolve("seed-7"), keys, false);

        assertThat(r.records()).isGreaterThan(2 * 450 * 10);
        assertThat(r.truth()).extracting(t -> t.type() + ":" + t.id()).containsExactly("confounder:c1", "incident:i1", "incident:i2",
                "incident:i3", "incident:i4", "experiment:exp-ok");
        Map<String, Scorer.Outcome> baseline = r.baseline().outcomes().stream()
                .collect(Collectors.toMap(o -> o.incident().id(), Function.identity()));
        // predict_linear needs its 6 h range full (from +6h), then 10 minutes of a forecast past the limit
        assertThat(baseline.get("i1").caught()).isTrue();
        assertThat(baseline.get("i1").delayMs()).isBetween(5 * 3_600_000L, 5 * 3_600_000L + 20 * 60_000L);
        assertThat(baseline.get("i3").caught()).as("three SIGKILLs in 30 minutes").isTrue();
        assertThat(baseline.get("i2").caught()).as("the baseline calls a sanctioned experiment suspicious").isFalse();
        assertThat(baseline.get("i2").why()).contains("suspicious/breach");
        assertThat(baseline.get("i4").caught()).as("the baseline has no exec rule").isFalse();
        assertThat(r.baseline().falseAlerts()).as("one restart per host in a deploy is no crash loop").isEmpty();
        assertThat(r.baseline().misattributions()).isEmpty();

        assertThat(r.slowburn().outcomes()).hasSize(4);
        assertThat(dir.resolve("seed-7/alerts-slowburn.jsonl")).exists();
        assertThat(dir.resolve("seed-7/records.jsonl")).doesNotExist();
        assertThat(Files.readString(dir.resolve("seed-7/report.txt"))).contains("i1 heap_leak_fast (suspicious) on [a-1]")
                .contains("baseline: CAUGHT after");
    }

    @Test
    void shouldScoreSlowburnWithAUsersRulesLayeredOnTheDefaultPack(@TempDir Path dir) throws Exception {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        Files.writeString(keys.resolve("demo.pub"), SigningKeys.demoPublicPem(), StandardCharsets.US_ASCII);
        Path rules = Files.createDirectories(dir.resolve("my-rules"));
        Files.writeString(rules.resolve("quiet.yaml"), "disable: [heap-floor-drift]\n", StandardCharsets.UTF_8);
        assertThat(SeedRun.rules(rules).ok()).isTrue();

        SeedRun.Result pack = SeedRun.run(7, SCENARIO, dir.resolve("default"), keys, null, false);
        SeedRun.Result r = SeedRun.run(7, SCENARIO, dir.resolve("seed-7"), keys, rules, false);

        assertThat(pack.slowburn().outcomes()).filteredOn(o -> o.incident().id().equals("i1")).singleElement()
                .matches(Scorer.Outcome::caught, "caught by heap-floor-drift");
        Map<String, Scorer.Outcome> slowburn = r.slowburn().outcomes().stream()
                .collect(Collectors.toMap(o -> o.incident().id(), Function.identity()));
        assertThat(slowburn.get("i1").caught()).as("the heap leak's rule is switched off").isFalse();
        assertThat(slowburn.get("i3").caught()).as("the other rules still run").isTrue();
        assertThat(r.baseline().outcomes()).filteredOn(o -> o.incident().id().equals("i1")).allMatch(Scorer.Outcome::caught);
        assertThat(SeedRun.rulesName(dir.resolve("seed-7"), "?")).isEqualTo("the default pack with " + rules + " on top");
        new SuiteReport(List.of(r), 1, SeedRun.rulesName(rules)).writeJson(dir.resolve("summary.json"));
        assertThat(new ObjectMapper().readTree(dir.resolve("summary.json").toFile()).path("rules").asText())
                .isEqualTo("the default pack with " + rules + " on top");
    }

    @Test
    void shouldRefuseRulesWithProblemsBeforeRunningAnything(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("typo.yaml"), "disable: [heap-floor-drfit]\n", StandardCharsets.UTF_8);

        var loaded = SeedRun.rules(dir);

        assertThat(loaded.ok()).isFalse();
        assertThat(loaded.report()).contains("typo.yaml").contains("heap-floor-drift");
    }
}
