package io.slowburn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class SlowburnMainTest {

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = SlowburnMain.commandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        return cl.execute(args);
    }

    @Test
    void shouldListEveryContractSubcommand() {
        assertThat(SlowburnMain.commandLine().getSubcommands().keySet())
                .contains("demo", "run", "ingest", "backtest", "rules", "experiments", "alerts", "score", "broker", "topics");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rules test", "rules publish"})
    void shouldOfferTheRuleTuningSubcommands(String command) {
        String[] words = command.split(" ");
        assertThat(run(words[0], words[1], "--help")).isZero();
        assertThat(err.toString()).doesNotContain("not available yet");
    }

    @Test
    void shouldSimulateABuiltInScenarioToAFileAndRejectAnUnknownOneWithExitTwo(@TempDir Path dir)
            throws Exception {
        Path out = dir.resolve("fork-bomb.jsonl");
        assertThat(run("ingest", "simulate", "--scenario", "fork-bomb", "--output", out.toString())).isZero();
        assertThat(Files.readAllLines(out)).isNotEmpty().allMatch(l -> l.startsWith("{\"stream\":"));
        assertThat(run("ingest", "simulate", "--scenario", "no-such-scenario", "--output", out.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no-such-scenario");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest", "rules", "experiments", "alerts"})
    void shouldExitTwoWithoutASubcommandOfAGroup(String group) {
        assertThat(run(group)).isEqualTo(2);
        assertThat(err.toString()).contains("a subcommand is required");
    }

    @Test
    void shouldExitTwoOnUnknownOption() {
        assertThat(run("topics", "create", "--no-such-flag")).isEqualTo(2);
    }

    @Test
    void shouldExitTwoWithAReasonOnBadPartitions() {
        assertThat(run("topics", "create", "--partitions", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--partitions must be at least 1, got 0");
    }

    @Test
    void shouldExitTwoOnBadPort() {
        assertThat(run("broker", "--port", "70000")).isEqualTo(2);
        assertThat(err.toString()).contains("70000");
    }

    @Test
    void shouldExitTwoWithoutASubcommand() {
        assertThat(run()).isEqualTo(2);
    }

    @Test
    void shouldPrintHelpAndExitZero() {
        assertThat(run("--help")).isZero();
    }
}
