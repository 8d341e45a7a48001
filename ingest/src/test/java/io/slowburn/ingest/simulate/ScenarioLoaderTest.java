package io.slowburn.ingest.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioLoaderTest {

    private static Scenario load(String yaml) {
        return new ScenarioLoader().load("s.yaml", yaml, null);
    }

    @Test
    void defaultsAndHostPrefixes() {
        Scenario s = load("hosts: {prefix: web-, count: 3}\n");
        assertThat(s.start()).isEqualTo(ScenarioLoader.DEFAULT_START);
        assertThat(s.durationMs()).isEqualTo(24 * 3_600_000L);
        assertThat(s.stepMs()).isEqualTo(30_000L);
        assertThat(s.hosts()).containsExactly("web-1", "web-2", "web-3");
    }

    @Test
    void incidentsResolveOffsetsSizesAndDefaults() {
        Scenario s = load("""
                start: 1772409600000
                duration: 36h
                hosts: [a, b]
                incidents:
                  - {kind: heap_leak, host: a, at: +2h, rate_per_hour: 1GiB}
                  - {kind: kill_storm, host: b, at: 2026-03-02T10:00:00Z}
                """);
        Incident leak = s.incidents().get(0);
        assertThat(leak.start()).isEqualTo(s.start() + 2 * 3_600_000L);
        assertThat(leak.end()).isEqualTo(s.end());
        assertThat(leak.number("rate_per_hour")).isEqualTo(1024.0 * 1024 * 1024);
        Incident kill = s.incidents().get(1);
        assertThat(kill.end() - kill.start()).isEqualTo(20 * 60_000L);
        assertThat(kill.millis("interval")).isEqualTo(120_000L);
        assertThat(kill.text("sender")).isEqualTo("/usr/local/bin/chaos-agent");
    }

    @Test
    void anUnknownKeyIsReportedWithLineAndColumn() {
        assertThatThrownBy(() -> load("""
                hosts: [a]
                incidents:
                  - kind: heap_leak
                    host: a
                    at: +1h
                    rate_per_hr: 10MB
                """)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("s.yaml:6:5: unknown key 'rate_per_hr'").hasMessageContaining("rate_per_hour");
    }

    @Test
    void scenariosAreReadInTheRulesDialectWithNoLenientNumbersOrFlags() {
        // issue 15: the scenario reader used to take 1_000 as a number and the text "true" as a flag
        assertThatThrownBy(() -> load("hosts: [a]\nseed: 1_000\n"))
                .hasMessage("s.yaml:2:7: 'seed' must be a whole number, got '1_000'");
        assertThatThrownBy(() -> load("hosts: {prefix: w-, count: \"3\"}\n"))
                .hasMessage("s.yaml:1:28: 'count' must be a whole number, got '3'");
        assertThatThrownBy(() -> load("""
                hosts: [a]
                experiments:
                  - {id: e, scope: [a], faults: [kill], window: {start: +1h, end: +2h}, unsigned: "true"}
                """)).hasMessage("s.yaml:3:83: 'unsigned' must be true or false, got 'true'");
        assertThatThrownBy(() -> load("hosts: [a]\nincidents:\n  - {kind: heap_leak, host: a, at: +1h, rate_per_hr: 1MB}\n"))
                .hasMessageContaining("unknown key 'rate_per_hr' in a heap_leak incident (did you mean 'rate_per_hour'?)");
        assertThat(load("hosts: [a]\nseed: 1000\n").seed()).isEqualTo(1000);
    }

    @Test
    void badValuesNameTheirPlace() {
        assertThatThrownBy(() -> load("hosts: [a]\nduration: soon\n")).hasMessageStartingWith("s.yaml:2:11: 'duration'");
        assertThatThrownBy(() -> load("hosts: [a]\nincidents:\n  - {kind: melt, host: a, at: +1h}\n"))
                .hasMessageStartingWith("s.yaml:3:12: unknown incident kind 'melt'");
        assertThatThrownBy(() -> load("hosts: [a]\nincidents:\n  - {kind: fd_leak, host: z, at: +1h}\n"))
                .hasMessageStartingWith("s.yaml:3:27: host 'z' is not in 'hosts'");
        assertThatThrownBy(() -> load("hosts: [a]\nhosts: [b]\n")).hasMessageStartingWith("s.yaml:2:1: duplicate key 'hosts'");
        assertThatThrownBy(() -> load("hosts: [a\n")).hasMessageStartingWith("s.yaml:").hasMessageContaining("invalid YAML");
        assertThatThrownBy(() -> load("duration: 1h\n")).hasMessageStartingWith("s.yaml:1:1: missing required key 'hosts'");
    }

    @Test
    void aDeclarationTheDetectorWouldRejectIsRejectedHere() {
        assertThatThrownBy(() -> load("""
                hosts: [a]
                experiments:
                  - id: exp-1
                    scope: [a]
                    faults: [disk.fill]
                    window: {start: +1h, end: +2h}
                """)).hasMessageStartingWith("s.yaml:3:5: experiment 'exp-1': ").hasMessageContaining("disk.fill");
        assertThatThrownBy(() -> load("""
                hosts: [a]
                experiments:
                  - id: exp-1
                    scope: [a]
                    faults: [process.kill]
                    window: {start: +1h, end: +2h}
                    unsigned: true
                    tamper: true
                """)).hasMessageStartingWith("s.yaml:8:13:");
    }

    @Test
    void aScenarioFileSignsWithAKeyNextToIt(@TempDir Path dir) throws Exception {
        io.slowburn.verdict.ExperimentKeys.keygen("sre-lead", dir.resolve("keys"));
        Files.writeString(dir.resolve("s.yaml"), """
                hosts: [a]
                experiments:
                  - {id: e, scope: [a], faults: [process.kill], start: +1h, end: +2h, sign_with: keys/sre-lead.key}
                """);
        Scenario s = ScenarioCatalog.load(dir.resolve("s.yaml").toString());
        assertThat(s.experiments().get(0).json()).contains("\"key_id\":\"sre-lead\"");
    }

    @Test
    void everyShippedScenarioLoads() {
        assertThat(ScenarioCatalog.names()).containsExactly("demo", "heap-leak", "kill-experiment", "fork-bomb", "retry-storm",
                "fleet-deploy", "forged-experiment");
        for (String name : ScenarioCatalog.names()) {
            assertThat(ScenarioCatalog.load(name).name()).isEqualTo(name);
        }
        assertThatThrownBy(() -> ScenarioCatalog.load("no-such")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shipped: demo");
    }
}
