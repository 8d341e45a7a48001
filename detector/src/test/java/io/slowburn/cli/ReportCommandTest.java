package io.slowburn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {

    static final long T0 = 1_772_409_600_000L;

    @Test
    void shouldWriteOnePageAndPrintItsPath(@TempDir Path dir) throws Exception {
        List<String> telemetry = new ArrayList<>();
        for (int m = 0; m < 240; m++) {
            telemetry.add(String.format(Locale.ROOT, "{\"stream\":\"metric\",\"ts\":%d,\"source\":\"web-1\",\"metric\":\"os.fd.open\","
                    + "\"labels\":{},\"value\":%d,\"limit\":65536}", T0 + m * 60_000L, 1000 + 10 * m));
        }
        Files.write(dir.resolve("t.jsonl"), telemetry);
        Files.writeString(dir.resolve("a.jsonl"), "{\"id\":\"fd-1\",\"ts\":" + (T0 + 200 * 60_000L) + ",\"status\":\"firing\","
                + "\"verdict\":\"suspicious\",\"signal\":\"fd_exhaustion\",\"severity\":\"critical\",\"source\":\"web-1\",\"labels\":{},"
                + "\"experiment\":null,\"rule\":\"fd-exhaustion\",\"evidence\":{\"level\":3000,\"slope_per_hour\":600,\"window_s\":7200,"
                + "\"limit\":65536},\"containment\":[],\"summary\":\"fds rising\"}\n");
        Path out = dir.resolve("r.html");
        Cli cli = new Cli();

        int exit = cli.run("report", "--input", dir.resolve("t.jsonl").toString(), "--alerts", dir.resolve("a.jsonl").toString(),
                "--output", out.toString());

        assertThat(exit).as(cli.toString()).isZero();
        assertThat(Files.readString(out)).contains("fd_exhaustion on web-1", "<svg", "class=\"data raw\"").endsWith("</html>\n");
        assertThat(Files.list(dir)).noneMatch(p -> p.getFileName().toString().endsWith(".tmp"));
    }

    @Test
    void shouldExitTwoNamingTheFileAndLineOfABadAlert(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("t.jsonl"), "");
        Files.writeString(dir.resolve("a.jsonl"), "{\"id\":\"x\"}\nnot json\n");
        Cli cli = new Cli();

        int exit = cli.run("report", "--input", dir.resolve("t.jsonl").toString(), "--alerts", dir.resolve("a.jsonl").toString(),
                "--output", dir.resolve("r.html").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(cli.err()).contains("a.jsonl:2: invalid JSON");
        assertThat(dir.resolve("r.html")).doesNotExist();
    }
}
