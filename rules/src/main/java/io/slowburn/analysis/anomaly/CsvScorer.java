package io.slowburn.analysis.anomaly;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scores a CSV series with a {@link StreamingScorer}: reads a time and a value column, writes
 * {@code timestamp,value,anomaly_score} with the timestamp and value as they were written and the score in [0, 1]
 * (0 during warm-up). Rows are scored in file order; blank lines are skipped.
 *
 * <p>The first line is a header when its value field is not a number; it names the columns ({@link Columns}:
 * {@code timestamp,value} by default, in any position among others). Without a header the file has exactly two
 * columns, time then value. Timestamps are read by a {@link TimestampReader} (dates without a zone are UTC; epoch
 * seconds or milliseconds decided per file). A bad line throws {@link IllegalArgumentException} naming the line
 * and the problem; {@link #score(Path, Path)} then leaves no output file (it writes a temporary file beside the
 * output and moves it into place at the end).
 */
public final class CsvScorer {

    /** The output header. */
    public static final String HEADER = "timestamp,value,anomaly_score";

    /** Which header columns hold the time and the value. */
    public record Columns(String time, String value) {
        public static final Columns DEFAULT = new Columns("timestamp", "value");

        public Columns {
            if (time == null || time.isBlank() || value == null || value.isBlank()) {
                throw new IllegalArgumentException("column names must not be blank, got '" + time + "' and '" + value + "'");
            }
            if (time.trim().equals(value.trim())) {
                throw new IllegalArgumentException("the time and value columns must differ, both are '" + time + "'");
            }
        }
    }

    /** What a run did: rows scored and how the timestamps were read (null for a file without rows). */
    public record Result(long rows, String timestamps) {
    }

    private final Columns columns;
    private final boolean namedColumns;

    /** Reads {@code timestamp,value}, with or without a header. */
    public CsvScorer() {
        this(Columns.DEFAULT, false);
    }

    /** Reads the named columns; the file must then have a header naming them. */
    public CsvScorer(Columns columns) {
        this(columns, !columns.equals(Columns.DEFAULT));
    }

    private CsvScorer(Columns columns, boolean namedColumns) {
        this.columns = columns;
        this.namedColumns = namedColumns;
    }

    /**
     * Scores a file into another (replaced only when the whole input was read).
     *
     * @throws IllegalArgumentException for a bad line, the message naming the input file and the line
     */
    public Result score(Path input, Path output) throws IOException {
        Path target = output.toAbsolutePath();
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Result result;
            try (BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8);
                 Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                result = score(in, out);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(input + ": " + e.getMessage(), e);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return result;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Scores CSV from a reader into a writer (not closed).
     *
     * @throws IllegalArgumentException for a bad line: {@code line 7: ...}
     */
    public Result score(Reader input, Writer output) throws IOException {
        BufferedReader in = input instanceof BufferedReader b ? b : new BufferedReader(input);
        StreamingScorer scorer = new StreamingScorer();
        TimestampReader times = new TimestampReader();
        output.write(HEADER);
        output.write('\n');
        String line;
        int lineNo = 0;
        boolean first = true;
        int timeIdx = 0;
        int valueIdx = 1;
        int width = 2;
        long rows = 0;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (lineNo == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isBlank()) {
                continue;
            }
            List<String> fields = split(line);
            if (first) {
                first = false;
                if (fields.size() >= 2 && isHeader(fields)) {
                    timeIdx = indexOf(fields, columns.time(), "time", lineNo);
                    valueIdx = indexOf(fields, columns.value(), "value", lineNo);
                    width = fields.size();
                    continue;
                }
                if (namedColumns) {
                    throw new IllegalArgumentException("line " + lineNo + ": columns '" + columns.time() + "' and '"
                        + columns.value() + "' were asked for but the file has no header line naming its columns");
                }
            }
            if (fields.size() != width) {
                throw new IllegalArgumentException("line " + lineNo + ": expected " + width + " columns, got " + fields.size()
                    + ": '" + TimestampReader.abbreviate(line) + "'");
            }
            String ts = fields.get(timeIdx);
            String value = fields.get(valueIdx);
            try {
                times.read(ts);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + lineNo + ": " + e.getMessage(), e);
            }
            double v = parseValue(value, lineNo);
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
        return new Result(rows, times.describe());
    }

    private static double parseValue(String value, int lineNo) {
        double v;
        try {
            v = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("line " + lineNo + ": expected a number for the value, got '"
                + TimestampReader.abbreviate(value) + "'", e);
        }
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("line " + lineNo + ": the value must be a finite number, got '"
                + TimestampReader.abbreviate(value) + "'");
        }
        return v;
    }

    /** Epoch milliseconds of one timestamp (see {@link TimestampReader}; epoch numbers by their magnitude). */
    public static long parseTimestamp(String text) {
        return TimestampReader.parse(text);
    }

    private static int indexOf(List<String> header, String name, String role, int lineNo) {
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).equalsIgnoreCase(name.trim())) {
                return i;
            }
        }
        throw new IllegalArgumentException("line " + lineNo + ": the header has no " + role + " column '" + name + "' (columns: "
            + String.join(", ", header) + ")");
    }

    /** A header when no field is a number (a data row has at least its numeric value). */
    private static boolean isHeader(List<String> fields) {
        for (String f : fields) {
            try {
                Double.parseDouble(f);
                return false;
            } catch (NumberFormatException e) {
                // not a number: keep looking
            }
        }
        return true;
    }

    static String formatScore(double score) {
        return String.format(Locale.ROOT, "%.6f", score);
    }

    private static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        for (String field : line.split(",", -1)) {
            String f = field.trim();
            if (f.length() >= 2 && f.startsWith("\"") && f.endsWith("\"")) {
                f = f.substring(1, f.length() - 1).trim();
            }
            out.add(f);
        }
        return out;
    }
}
