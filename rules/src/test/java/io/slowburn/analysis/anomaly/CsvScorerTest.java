package io.slowburn.analysis.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvScorerTest {

    private static final long T0 = 1_772_409_600_000L;

    @Test
    void shouldScoreAFileRoundTrip(@TempDir Path dir) throws IOException {
        Random r = new Random(9);
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < 400; i++) {
            double v = i == 380 ? 50.0 : 10 + r.nextGaussian();
            csv.append(Instant.ofEpochMilli(T0 + i * 60_000L)).append(',').append(v).append('\n');
        }
        Path in = dir.resolve("in.csv");
        Path out = dir.resolve("out.csv");
        Files.writeString(in, csv, StandardCharsets.UTF_8);

        CsvScorer.Result result = new CsvScorer().score(in, out);

        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertThat(result.rows()).isEqualTo(400);
        assertThat(result.timestamps()).contains("with a zone");
        assertThat(lines).hasSize(401);
        assertThat(lines.get(0)).isEqualTo("timestamp,value,anomaly_score");
        assertThat(lines.get(1)).startsWith("2026-03-02T00:00:00Z,").endsWith(",0.000000");
        for (String line : lines.subList(1, lines.size())) {
            assertThat(Double.parseDouble(line.split(",")[2])).isBetween(0.0, 1.0);
        }
        double spike = Double.parseDouble(lines.get(381).split(",")[2]);
        assertThat(lines.subList(1, 381)).allSatisfy(l -> assertThat(Double.parseDouble(l.split(",")[2])).isLessThan(spike));
        String[] inputLines = csv.toString().split("\n");
        assertThat(lines.get(42)).startsWith(inputLines[42] + ",");
        assertThat(Files.list(dir)).hasSize(2);
    }

    @Test
    void shouldReadNabFilesAsTheyAre() throws IOException {
        StringWriter out = new StringWriter();

        CsvScorer.Result r = new CsvScorer().score(new StringReader(
            "timestamp,value\n2014-04-01 00:00:00,20.5\n2014-04-01 00:05:00,21\n"), out);

        assertThat(r.rows()).isEqualTo(2);
        assertThat(r.timestamps()).contains("without a zone").contains("read as UTC");
        assertThat(out.toString()).isEqualTo(
            "timestamp,value,anomaly_score\n2014-04-01 00:00:00,20.5,0.000000\n2014-04-01 00:05:00,21,0.000000\n");
    }

    @Test
    void shouldReadEpochMillisWithoutAHeader() throws IOException {
        StringWriter out = new StringWriter();

        CsvScorer.Result r = new CsvScorer().score(new StringReader(T0 + ",1\n\n" + (T0 + 1) + ",2\n"), out);

        assertThat(r.rows()).isEqualTo(2);
        assertThat(r.timestamps()).contains("epoch milliseconds");
        assertThat(out.toString()).isEqualTo("timestamp,value,anomaly_score\n" + T0 + ",1,0.000000\n" + (T0 + 1) + ",2,0.000000\n");
    }

    @Test
    void shouldDecideEpochSecondsFromTheMagnitude() throws IOException {
        CsvScorer.Result r = new CsvScorer().score(new StringReader("1396310400,1\n1396310700,2\n"), new StringWriter());

        assertThat(r.timestamps()).contains("epoch seconds");
        assertThatThrownBy(() -> new CsvScorer().score(new StringReader("1396310400,1\n1396310700000,2\n"), new StringWriter()))
            .hasMessage("line 2: epoch timestamp '1396310700000' looks like epoch milliseconds but this file's first one "
                + "('1396310400') was read as epoch seconds");
    }

    @Test
    void shouldReadNamedColumnsInAnyPosition() throws IOException {
        StringWriter out = new StringWriter();

        new CsvScorer(new CsvScorer.Columns("time", "cpu")).score(new StringReader(
            "host,cpu,time\na,0.5,2014-04-01T00:00:00Z\n"), out);

        assertThat(out.toString()).isEqualTo("timestamp,value,anomaly_score\n2014-04-01T00:00:00Z,0.5,0.000000\n");
        assertThatThrownBy(() -> new CsvScorer(new CsvScorer.Columns("time", "mem")).score(new StringReader(
            "host,cpu,time\na,0.5,2014-04-01T00:00:00Z\n"), new StringWriter()))
            .hasMessage("line 1: the header has no value column 'mem' (columns: host, cpu, time)");
        assertThatThrownBy(() -> new CsvScorer(new CsvScorer.Columns("time", "cpu")).score(new StringReader(
            T0 + ",1\n"), new StringWriter()))
            .hasMessageContaining("no header line");
    }

    @Test
    void shouldNameTheLineOfABadRow() {
        String csv = "timestamp,value\n" + T0 + ",1\n" + (T0 + 1) + ",abc\n";

        assertThatThrownBy(() -> new CsvScorer().score(new StringReader(csv), new StringWriter()))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("line 3: expected a number for the value, got 'abc'");
        assertThatThrownBy(() -> new CsvScorer().score(new StringReader("timestamp,value\nyesterday,1\n"), new StringWriter()))
            .hasMessageStartingWith("line 2: expected a timestamp");
        assertThatThrownBy(() -> new CsvScorer().score(new StringReader(T0 + ",1,2\n"), new StringWriter()))
            .hasMessageStartingWith("line 1: expected 2 columns");
    }

    @Test
    void shouldLeaveNoOutputFileForBadInput(@TempDir Path dir) throws IOException {
        Path in = dir.resolve("bad.csv");
        Files.writeString(in, "timestamp,value\n" + T0 + ",1\n" + T0 + ",NaN\n", StandardCharsets.UTF_8);
        Path out = dir.resolve("out.csv");

        assertThatThrownBy(() -> new CsvScorer().score(in, out))
            .hasMessage(in + ": line 3: the value must be a finite number, got 'NaN'");
        assertThat(Files.list(dir)).containsExactly(in);
    }

    @Test
    void shouldParseTheTimestampForms() {
        assertThat(CsvScorer.parseTimestamp("1772409600000")).isEqualTo(T0);
        assertThat(CsvScorer.parseTimestamp("1772409600")).isEqualTo(T0);
        assertThat(CsvScorer.parseTimestamp("2026-03-02T00:00:00Z")).isEqualTo(T0);
        assertThat(CsvScorer.parseTimestamp("2026-03-02T01:00:00+01:00")).isEqualTo(T0);
        assertThat(CsvScorer.parseTimestamp("2026-03-02T00:00:00")).isEqualTo(T0);
        assertThat(CsvScorer.parseTimestamp("2026-03-02 00:00:00")).isEqualTo(T0);
        assertThat(CsvScorer.parseTimestamp("2026-03-02 00:00:00.000")).isEqualTo(T0);
        assertThat(CsvScorer.parseTimestamp("2026-03-02 01:00:00+01:00")).isEqualTo(T0);
    }
}
