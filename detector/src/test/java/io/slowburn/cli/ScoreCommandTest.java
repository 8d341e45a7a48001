package io.slowburn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ScoreCommandTest {

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = SlowburnMain.commandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        return cl.execute(args);
    }

    @Test
    void shouldScoreANabFileAndSayHowItReadTheTimestamps(@TempDir Path dir) throws IOException {
        Path in = dir.resolve("nab.csv");
        Files.writeString(in, "timestamp,value\n2014-04-01 00:00:00,20.5\n2014-04-01 00:05:00,21\n", StandardCharsets.UTF_8);
        Path out = dir.resolve("out.csv");

        assertThat(run("score", "--input", in.toString(), "--output", out.toString())).isZero();

        assertThat(Files.readAllLines(out)).hasSize(3).startsWith("timestamp,value,anomaly_score");
        assertThat(err.toString()).contains("read as UTC").contains("scored 2 points");
    }

    @Test
    void shouldReadOtherColumnsByName(@TempDir Path dir) throws IOException {
        Path in = dir.resolve("in.csv");
        Files.writeString(in, "t,host,cpu\n1396310400,a,0.5\n1396310460,a,0.6\n", StandardCharsets.UTF_8);
        Path out = dir.resolve("out.csv");

        assertThat(run("score", "--input", in.toString(), "--output", out.toString(), "--time-column", "t", "--value-column", "cpu"))
            .isZero();

        assertThat(Files.readAllLines(out)).containsExactly("timestamp,value,anomaly_score", "1396310400,0.5,0.000000",
            "1396310460,0.6,0.000000");
        assertThat(err.toString()).contains("epoch seconds");
    }

    @Test
    void shouldExitTwoWithTheLineAndLeaveNoOutput(@TempDir Path dir) throws IOException {
        Path in = dir.resolve("bad.csv");
        Files.writeString(in, "timestamp,value\n2014-04-01 00:00:00,1\nsoon,2\n", StandardCharsets.UTF_8);
        Path out = dir.resolve("out.csv");

        assertThat(run("score", "--input", in.toString(), "--output", out.toString())).isEqualTo(2);

        assertThat(err.toString()).contains(in + ": line 3: expected a timestamp");
        assertThat(out).doesNotExist();
        assertThat(run("score", "--input", dir.resolve("missing.csv").toString(), "--output", out.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("missing.csv: no such file");
    }
}
