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
        for (int i = 0; i < 100; i++) {
            double v = i == 80 ? 50.0 : 10 + r.nextGaussian();
            csv.append(Instant.ofEpochMilli(T0 + i * 60_000L)).append(',').append(v).append('\n');
        }
        Path in = dir.resolve("in.csv");
        Path out = dir.resolve("out.csv");
        Files.writeString(in, csv, StandardCharsets.UTF_8);

        long rows = new CsvScorer().score(in, out);

        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertThat(rows).isEqualTo(100);
        assertThat(lines).hasSize(101);
        assertThat(lines.get(0)).isEqualTo("timestamp,value,anomaly_score");
        assertThat(lines.get(1)).startsWith("2026-03-02T00:00:00Z,").endsWith(",0.000000");
        for (String line : lines.subList(1, lines.size())) {
            assertThat(Double.parseDouble(line.split(",")[2])).isBetween(0.0, 1.0);
        }
        assertThat(Double.parseDouble(lines.get(81).split(",")[2])).isGreaterThan(0.999);
        String[] inputLines = csv.toString().split("\n");
        assertThat(lines.get(42)).startsWith(inputLines[42] + ",");
    }

    @Test
    void shouldReadEpochMillisWithoutAHeader() throws IOException {
        StringWriter out = new StringWriter();

        long rows = new CsvScorer(5).score(new StringReader(T0 + ",1\n\n" + (T0 + 1) + ",2\n"), out);

        assertThat(rows).isEqualTo(2);
        assertThat(out.toString()).isEqualTo("timestamp,value,anomaly_score\n" + T0 + ",1,0.000000\n" + (T0 + 1) + ",2,0.000000\n");
    }

    @Test
    void shouldNameTheLineOfABadRow() {
        String csv = "timestamp,value\n" + T0 + ",1\n" + (T0 + 1) + ",abc\n";

        assertThatThrownBy(() -> new CsvScorer().score(new StringReader(csv), new StringWriter()))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("line 3: expected a number for value, got 'abc'");
        assertThatThrownBy(() -> new CsvScorer().score(new StringReader("timestamp,value\nyesterday,1\n"), new StringWriter()))
            .hasMessageStartingWith("line 2: expected a timestamp");
        assertThatThrownBy(() -> new CsvScorer().score(new StringReader(T0 + ",1,2\n"), new StringWriter()))
            .hasMessageStartingWith("line 1: expected 2 columns");
    }

    @Test
    void shouldNameTheFileAndLineWhenScoringAPath(@TempDir Path dir) throws IOException {
        Path in = dir.resolve("bad.csv");
        Files.writeString(in, T0 + ",1\n" + T0 + ",NaN\n", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> new CsvScorer().score(in, dir.resolve("out.csv")))
            .hasMessage(in + ": line 2: value must be a finite number, got 'NaN'");
    }

    @Test
    void shouldParseTheTimestampForms() {
        assertThat(CsvScorer.parseTimestamp("1772409600000")).isEqualTo(T0);
        assertThat(CsvScorer.parseTimestamp("2026-03-02T00:00:00Z")).isEqualTo(T0);
        assertThat(CsvScorer.parseTimestamp("2026-03-02T01:00:00+01:00")).isEqualTo(T0);
        assertThat(CsvScorer.parseTimestamp("2026-03-02T00:00:00")).isEqualTo(T0);
    }
}
