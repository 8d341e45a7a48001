package io.slowburn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesCommandTest {

    private static final String GOOD = """
            rules:
              - name: orders-backlog
                signal: queue_growth
                severity: warning
                containment: [rate_limit_ingress]
                select:
                  metric: app.queue.depth
                  labels: {queue: orders}
                analysis:
                  type: trend_to_limit
                  bucket: 5m
                  window: 1d
                  min_history: 2h
                  horizon: 24h
                  limit: 1000
            """;

    @Test
    void aGoodDirectoryIsReportedOkWithTheRuleCount(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("queues.yaml"), GOOD);
        Cli cli = new Cli();
        assertThat(cli.run("rules", "check", dir.toString())).as(cli.toString()).isZero();
        assertThat(cli.out()).matches("(?s)\\d+ rules OK .*\n");
        assertThat(cli.err()).isEmpty();
    }

    @Test
    void everyProblemIsPrintedAsFileLineColumnAndTheExitIsTwo(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("queues.yaml"), GOOD.replace("horizon: 24h", "horizn: 24h").replace("queue_growth", "queue_grwth"));
        Cli cli = new Cli();
        assertThat(cli.run("rules", "check", dir.toString())).as(cli.toString()).isEqualTo(2);
        String file = dir.resolve("queues.yaml").toString();
        assertThat(cli.err()).containsPattern("\\Q" + file + "\\E:\\d+:\\d+: .*horizn.*\\(.*horizon.*\\)");
        assertThat(cli.err()).containsPattern("\\Q" + file + "\\E:\\d+:\\d+: .*queue_grwth");
        assertThat(cli.err()).contains("problems in the rules");
    }

    @Test
    void aMissingDirectoryIsBadInput(@TempDir Path dir) {
        Cli cli = new Cli();
        assertThat(cli.run("rules", "check", dir.resolve("none").toString())).isEqualTo(2);
        assertThat(cli.err()).contains("does not exist");
        assertThat(new Cli().run("rules", "check")).isEqualTo(2);
    }

    @Test
    void everyProblemOfEveryFileIsPrintedInOneRunAndBrokenYamlInPlainWords(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a-tuning.yaml"), """
                overrides:
                  - name: heap-floor-drift
                    severty: warning
                    analysis: {horizn: 6h}
                """);
        Files.writeString(dir.resolve("b-broken.yaml"), "rules:\n  - name: x\n   signal: y\n");
        Cli cli = new Cli();
        assertThat(cli.run("rules", "check", dir.toString())).as(cli.toString()).isEqualTo(2);
        String a = dir.resolve("a-tuning.yaml").toString();
        String b = dir.resolve("b-broken.yaml").toString();
        assertThat(cli.err()).contains(
                a + ":3:5: unknown key 'severty' in override (did you mean 'severity'?)\n",
                a + ":4:16: unknown parameter 'horizn' for analysis trend_to_limit (did you mean 'horizon'?)\n",
                b + ":3:4: invalid YAML: the indentation of line 3 does not match the lines above it",
                "3 problems in the rules");
        assertThat(cli.err()).doesNotContain("<block");
    }
}
