package io.slowburn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.detector.service.DetectorConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Findings 1 and 2 of issue 12 on the whole detector (offline, as {@code backtest} runs it): forged times from one
 * source leave the alerts of the fleet's scenario exactly as they are without them, and every forged record that does
 * not fit is a dead letter with its reason. On main, the old head record gave no alert at all and the ratchet moved
 * the fleet's time by days.
 */
class HostileClockTest {

    static final long Y2000 = 946_684_800_000L;
    static final long HOUR = 60 * Fixtures.MIN;

    @TempDir
    Path tmp;

    List<String> scenario;
    Fixtures.Outputs clean;
    DetectorConfig config;

    @BeforeEach
    void cleanRun() throws Exception {
        TrustedApprover approver = TrustedApprover.create(tmp.resolve("keys"));
        Path keys = approver.trustedKeys();
        config = DetectorConfig.of(Map.of(DetectorConfig.TRUSTED_KEYS_DIR, keys.toString()));
        scenario = approver.scenario(300);
        clean = Fixtures.backtest(config, scenario);
        assertThat(clean.alerts).hasSizeGreaterThan(4);
        assertThat(clean.dlq).isEmpty();
    }

    /** The scenario with {@code forged} put in after line {@code at}. */
    List<String> with(int at, List<String> forged) {
        List<String> lines = new ArrayList<>(scenario.subList(0, at));
        lines.addAll(forged);
        lines.addAll(scenario.subList(at, scenario.size()));
        return lines;
    }

    @Test
    void shouldKeepAlertingAfterAnOldHeadRecord() throws Exception {
        Fixtures.Outputs run = Fixtures.backtest(config,
                with(1, List.of(Fixtures.metric(Y2000, "mallory", "os.cpu.utilization", 0.5, 1))));

        assertThat(run.alerts).as("every alert of the clean run, byte for byte").containsExactlyElementsOf(clean.alerts);
        assertThat(run.control).containsExactlyElementsOf(clean.control);
        assertThat(run.dlq).as("the first records of the fleet until two sources outvote the forger").hasSizeLessThanOrEqualTo(2)
                .allMatch(d -> d.contains("ahead of what this partition has seen"));
    }

    @Test
    void shouldNotBeRatchetedByTenInSkewStepsOfOneSource() throws Exception {
        List<String> forged = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            forged.add(Fixtures.metric(Fixtures.T0 + 5 * Fixtures.MIN + i * 23 * HOUR, "host-5", "os.cpu.utilization", 0.5, 1));
        }
        Fixtures.Outputs run = Fixtures.backtest(config, with(1 + 6 * 6, forged));

        assertThat(run.alerts).containsExactlyElementsOf(clean.alerts);
        assertThat(run.control).containsExactlyElementsOf(clean.control);
        assertThat(run.dlq).as("every step but the first").hasSize(9).allMatch(d -> d.contains("max.future.skew.ms"));
    }

    @Test
    void shouldFollowTheFleetWhileOneSourceIsFarAhead() throws Exception {
        List<String> lines = new ArrayList<>();
        for (String line : scenario) {
            lines.add(line);
            if (line.contains("\"source\":\"host-6\",\"metric\":\"os.memory.used\"")) {
                long ts = Long.parseLong(line.replaceAll(".*\"ts\":(\\d+).*", "$1"));
                lines.add(Fixtures.metric(ts + 20 * HOUR, "mallory", "os.cpu.utilization", 0.5, 1));
            }
        }
        Fixtures.Outputs run = Fixtures.backtest(config, lines);

        assertThat(run.alerts).as("mallory, 20 h ahead all along, moves no one's time").containsExactlyElementsOf(clean.alerts);
        assertThat(run.control).containsExactlyElementsOf(clean.control);
        assertThat(run.dlq).isEmpty();
    }
}
