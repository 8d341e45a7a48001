package io.slowburn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slowburn audit verify} on the audit trail {@code backtest --audit} writes: intact, it verifies (exit 0); a
 * deleted, altered or reordered record is detected (exit 1) and named by line, writer, seq and reason.
 */
class AuditVerifyCliTest {

    static final long T0 = 1_772_409_600_000L;
    static final long MIN = 60_000L;

    @TempDir
    Path dir;

    Path audit;
    List<String> lines;

    /** Kill storms on three hosts (each fires and resolves), then quiet time so every one resolves. */
    @BeforeEach
    void backtestAudit() throws Exception {
        List<String> in = new ArrayList<>();
        for (String host : List.of("host-1", "host-2", "host-3")) {
            long offset = (host.charAt(5) - '0') * 20 * MIN;
            for (int k = 0; k < 4; k++) {
                in.add("{\"stream\":\"event\",\"ts\":" + (T0 + offset + k * MIN) + ",\"source\":\"" + host
                        + "\",\"event\":\"process.exit\",\"attrs\":{\"exe\":\"/usr/bin/java\",\"signal\":\"SIGKILL\",\"exit_code\":137}}");
            }
        }
        for (int m = 5; m <= 180; m += 5) {
            in.add("{\"stream\":\"event\",\"ts\":" + (T0 + m * MIN) + ",\"source\":\"host-9\",\"event\":\"process.start\",\"attrs\":{}}");
        }
        in.sort(Comparator.comparingLong(l -> Long.parseLong(l.replaceAll(".*\"ts\":(\\d+).*", "$1"))));
        Path input = Files.write(dir.resolve("in.jsonl"), in);
        audit = dir.resolve("audit.jsonl");
        Cli cli = new Cli();
        assertThat(cli.run("backtest", "--input", input.toString(), "--output", dir.resolve("a.jsonl").toString(),
                "--audit", audit.toString())).as(cli.toString()).isZero();
        lines = Files.readAllLines(audit);
        assertThat(lines).as("a firing and a resolved verdict per host").hasSizeGreaterThanOrEqualTo(6);
        assertThat(lines.get(0)).contains("\"writer\":\"verdict\",\"seq\":0,\"prev\":\"\"");
        assertThat(lines.get(1)).contains("\"writer\":\"verdict\",\"seq\":1,\"prev\":\"");
    }

    @Test
    void anIntactBacktestAuditTrailVerifies() {
        Cli cli = new Cli();
        assertThat(cli.run("audit", "verify", "--input", audit.toString())).as(cli.toString()).isZero();
        assertThat(cli.out()).contains("intact: writer verdict " + lines.size() + " records; 0 unchained");
    }

    @Test
    void aDeletedRecordIsNamed() throws Exception {
        List<String> cut = new ArrayList<>(lines);
        cut.remove(2);
        Cli cli = verify(cut);
        assertThat(cli.err()).contains("tampered.jsonl:3 (writer verdict, seq 3): deleted: seq 2 missing");
    }

    @Test
    void anAlteredRecordIsNamed() throws Exception {
        List<String> edited = new ArrayList<>(lines);
        edited.set(2, edited.get(2).replaceFirst("\"ts\":\\d+", "\"ts\":" + T0));
        assertThat(edited.get(2)).isNotEqualTo(lines.get(2));
        Cli cli = verify(edited);
        assertThat(cli.err()).contains("tampered.jsonl:3 (writer verdict, seq 2): altered: its SHA-256",
                "recorded by tampered.jsonl:4");
    }

    @Test
    void aReorderedRecordIsNamed() throws Exception {
        List<String> swapped = new ArrayList<>(lines);
        swapped.set(2, lines.get(3));
        swapped.set(3, lines.get(2));
        Cli cli = verify(swapped);
        assertThat(cli.err()).contains("tampered.jsonl:3 (writer verdict, seq 3): reordered: seq 2 comes after it");
    }

    @Test
    void aRecordMovedBackIsNamed() throws Exception {
        List<String> moved = new ArrayList<>(lines);
        moved.add(moved.remove(0));
        Cli cli = verify(moved);
        assertThat(cli.err()).contains("tampered.jsonl:1 (writer verdict, seq 1): reordered: seq 0 comes after it");
    }

    @Test
    void anUnreadableFileIsBadInput() {
        Cli cli = new Cli();
        assertThat(cli.run("audit", "verify", "--input", dir.resolve("missing.jsonl").toString())).isEqualTo(2);
        assertThat(cli.err()).contains("missing.jsonl: cannot read the file");
    }

    private Cli verify(List<String> tampered) throws Exception {
        Path t = Files.write(dir.resolve("tampered.jsonl"), tampered);
        Cli cli = new Cli();
        assertThat(cli.run("audit", "verify", "--input", t.toString())).as(cli.toString()).isEqualTo(1);
        assertThat(cli.err()).contains("slowburn audit verify: BROKEN at ");
        return cli;
    }
}
