package io.slowburn.analysis.anomaly;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Scores a CSV series with a {@link StreamingScorer}: reads {@code timestamp,value} (a header line is optional;
 * timestamps are epoch milliseconds or ISO-8601), writes {@code timestamp,value,anomaly_score} with the timestamp
 * and value as they were written and the score in [0, 1] (0 during warm-up). Blank lines are skipped. A bad line
 * throws {@link IllegalArgumentException} naming its line number. Rows are scored in file order.
 * The CLI's {@code slowburn score --input FILE.csv --output FILE.csv} calls {@link #score(Path, Path)}.
 */
public final class CsvScorer {

    /** The output header. */
    public static final String HEADER = "timestamp,value,anomaly_score";

    private final int warmup;

    /** A scorer with the default warm-up of 30 points. */
    public CsvScorer() {
        this(30);
    }

    public CsvScorer(int warmup) {
        if (warmup < 2 || warmup > StreamingScorer.MAX_WARMUP) {
            throw new IllegalArgumentException("warmup must be between 2 and " + StreamingScorer.MAX_WARMUP + ", got " + warmup);
        }
        this.warmup = warmup;
    }

    /**
     * Scores a file into another; returns the number of rows scored.
     *
     * @throws IllegalArgumentException for a bad line, the message naming the input file and the line
     */
    public long score(Path input, Path output) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8);
             Writer out = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
            return score(in, out);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(input + ": " + e.getMessage(), e);
        }
    }

    /**
     * Scores CSV from a reader into a writer (not closed); returns the number of rows scored.
     *
     * @throws IllegalArgumentException for a bad line: {@code line 7: ...}
     */
    public long score(Reader input, Writer output) throws IOException {
        BufferedReader in = input instanceof BufferedReader b ? b : new BufferedReader(input);
        StreamingScorer scorer = new StreamingScorer(warmup);
        output.write(HEADER);
        output.write('\n');
        String line;
        int lineNo = 0;
        boolean first = true;
        long rows = 0;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (lineNo == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split(",", -1);
            if (fields.length != 2) {
                throw new IllegalArgumentException("line " + lineNo + ": expected 2 columns 'timestamp,value', got " + fields.length
                    + ": '" + abbreviate(line) + "'");
            }
            String ts = unquote(fields[0]);
            String value = unquote(fields[1]);
            boolean wasFirst = first;
            first = false;
            if (wasFirst && isHeader(ts, value)) {
                continue;
            }
            try {
                parseTimestamp(ts);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + lineNo + ": " + e.getMessage(), e);
            }
            double v;
            try {
                v = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("line " + lineNo + ": expected a number for value, got '" + abbreviate(value) + "'", e);
            }
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("line " + lineNo + ": value must be a finite number, got '" + abbreviate(value) + "'");
            }
            double score = scorer.score(v);
            output.write(ts);
            output.write(',');
            output.write(value);
            output.write(',');
            output.write(formatScore(score));
            output.write('\n');
            rows++;
        }
        output.flush();
        return rows;
    }

    /** Epoch milliseconds from {@code 1772409600000}, {@code 2026-03-02T00:00:00Z}, an offset or a UTC local time. */
    public static long parseTimestamp(String text) {
        String t = text.trim();
        if (!t.isEmpty() && t.chars().allMatch(c -> c >= '0' && c <= '9' || c == '-') && t.lastIndexOf('-') <= 0) {
            try {
                return Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("timestamp out of range: '" + abbreviate(t) + "'", e);
            }
        }
        try {
            return Instant.parse(t).toEpochMilli();
        } catch (DateTimeParseException e) {
            // try the other forms
        }
        try {
            return OffsetDateTime.parse(t).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            // try the other forms
        }
        try {
            return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expected a timestamp (epoch milliseconds or ISO-8601), got '" + abbreviate(t) + "'", e);
        }
    }

    private static boolean isHeader(String ts, String value) {
        try {
            parseTimestamp(ts);
            return false;
        } catch (IllegalArgumentException e) {
            try {
                Double.parseDouble(value);
                return false;
            } catch (NumberFormatException e2) {
                return true;
            }
        }
    }

    static String formatScore(double score) {
        return String.format(Locale.ROOT, "%.6f", score);
    }

    private static String unquote(String field) {
        String f = field.trim();
        if (f.length() >= 2 && f.startsWith("\"") && f.endsWith("\"")) {
            f = f.substring(1, f.length() - 1).trim();
        }
        return f;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
