package io.slowburn.ingest.prometheus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the Prometheus text exposition format 0.0.4 and OpenMetrics 1.0 text. Lenient by design: a bad line is
 * reported in {@link ParseResult#errors()} and skipped, the rest of the scrape is kept. Handles {@code # HELP},
 * {@code # TYPE}, {@code # UNIT}, other comments, escaped label values ({@code \"}, {@code \\}, {@code \n}),
 * {@code NaN}/{@code +Inf}/{@code -Inf} (counted and skipped), optional timestamps (milliseconds in 0.0.4, seconds
 * in OpenMetrics), OpenMetrics exemplars (dropped) and {@code # EOF}. Thread-safe (stateless).
 */
public final class PrometheusTextParser {

    /** How to read timestamps: 0.0.4 writes integer milliseconds, OpenMetrics (fractional) seconds. */
    public enum Format {
        TEXT_0_0_4, OPENMETRICS,
        /** OpenMetrics if the text has a {@code # EOF} line, else 0.0.4. */
        AUTO
    }

    /** Suffixes a sample name may add to its family's name, per family type. */
    private static final Map<PromType, List<String>> SUFFIXES = Map.of(
            PromType.COUNTER, List.of("_total", "_created"),
            PromType.SUMMARY, List.of("_sum", "_count", "_created"),
            PromType.HISTOGRAM, List.of("_bucket", "_sum", "_count", "_created"),
            PromType.GAUGEHISTOGRAM, List.of("_bucket", "_gsum", "_gcount"),
            PromType.INFO, List.of("_info"));

    public ParseResult parse(String text) {
        return parse(text, Format.AUTO);
    }

    public ParseResult parse(String text, Format format) {
        boolean openMetrics = format == Format.OPENMETRICS || (format == Format.AUTO && hasEof(text));
        Map<String, PromType> types = new HashMap<>();
        List<PromSample> samples = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        int nonFinite = 0;
        boolean eof = false;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                if (line.trim().equals("# EOF")) {
                    eof = true;
                    break;
                }
                typeLine(line, types);
                continue;
            }
            try {
                RawSample raw = new LineReader(line).sample(openMetrics);
                if (!Double.isFinite(raw.value)) {
                    nonFinite++;
                    continue;
                }
                String family = familyOf(raw.name, types);
                PromType type = types.getOrDefault(family, PromType.UNKNOWN);
                samples.add(new PromSample(raw.name, family, type, raw.labels, raw.value, raw.timestampMs));
            } catch (IllegalArgumentException e) {
                errors.add("line " + (i + 1) + ": " + e.getMessage() + ": '" + abbreviate(line) + "'");
            }
        }
        return new ParseResult(samples, nonFinite, errors, eof);
    }

    private static boolean hasEof(String text) {
        return text.contains("\n# EOF") || text.startsWith("# EOF");
    }

    private static void typeLine(String line, Map<String, PromType> types) {
        String[] f = line.substring(1).trim().split("\\s+", 3);
        if (f.length == 3 && f[0].equals("TYPE")) {
            types.put(f[1], PromType.parse(f[2]));
        }
    }

    /** The family a sample name belongs to: itself if typed, else the typed name it extends with a known suffix. */
    static String familyOf(String name, Map<String, PromType> types) {
        if (types.containsKey(name)) {
            return name;
        }
        for (Map.Entry<PromType, List<String>> e : SUFFIXES.entrySet()) {
            for (String suffix : e.getValue()) {
                if (name.endsWith(suffix)) {
                    String base = name.substring(0, name.length() - suffix.length());
                    if (types.get(base) == e.getKey()) {
                        return base;
                    }
                }
            }
        }
        return name;
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }

    private record RawSample(String name, Map<String, String> labels, double value, Long timestampMs) {
    }

    /** A cursor over one sample line. */
    private static final class LineReader {
        private final String s;
        private int pos;

        LineReader(String s) {
            this.s = s;
        }

        RawSample sample(boolean openMetrics) {
            String name = name();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("no metric name");
            }
            Map<String, String> labels = Map.of();
            skipSpaces();
            if (peek() == '{') {
                labels = labels();
            }
            skipSpaces();
            String valueText = token();
            if (valueText.isEmpty()) {
                throw new IllegalArgumentException("no value");
            }
            double value = number(valueText);
            skipSpaces();
            Long ts = null;
            if (pos < s.length() && peek() != '#') {
                String tsText = token();
                ts = timestamp(tsText, openMetrics);
                skipSpaces();
            }
            if (pos < s.length() && peek() != '#') {
                throw new IllegalArgumentException("unexpected text after the value");
            }
            // What remains is an OpenMetrics exemplar (" # {trace_id=...} 1.0"): not telemetry we publish.
            return new RawSample(name, labels, value, ts);
        }

        private String name() {
            int start = pos;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                boolean ok = Character.isLetter(c) || c == '_' || c == ':' || (pos > start && Character.isDigit(c));
                if (!ok || c > 127) {
                    break;
                }
                pos++;
            }
            return s.substring(start, pos);
        }

        private Map<String, String> labels() {
            pos++; // '{'
            Map<String, String> labels = new LinkedHashMap<>();
            while (true) {
                skipSpaces();
                if (peek() == '}') {
                    pos++;
                    return labels;
                }
                String label = name();
                if (label.isEmpty()) {
                    throw new IllegalArgumentException("bad label name at column " + (pos + 1));
                }
                skipSpaces();
                expect('=');
                skipSpaces();
                expect('"');
                StringBuilder v = new StringBuilder();
                while (true) {
                    if (pos >= s.length()) {
                        throw new IllegalArgumentException("unterminated value of label '" + label + "'");
                    }
                    char c = s.charAt(pos++);
                    if (c == '"') {
                        break;
                    }
                    if (c == '\\' && pos < s.length()) {
                        char e = s.charAt(pos++);
                        v.append(e == 'n' ? '\n' : e);
                    } else {
                        v.append(c);
                    }
                }
                labels.put(label, v.toString());
                skipSpaces();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != '}') {
                    throw new IllegalArgumentException("expected ',' or '}' after label '" + label + "'");
                }
            }
        }

        private void expect(char c) {
            if (peek() != c) {
                throw new IllegalArgumentException("expected '" + c + "' at column " + (pos + 1));
            }
            pos++;
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        private void skipSpaces() {
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
                pos++;
            }
        }

        private String token() {
            int start = pos;
            while (pos < s.length() && s.charAt(pos) != ' ' && s.charAt(pos) != '\t') {
                pos++;
            }
            return s.substring(start, pos);
        }

        static double number(String text) {
            switch (text) {
                case "NaN":
                    return Double.NaN;
                case "+Inf":
                case "Inf":
                    return Double.POSITIVE_INFINITY;
                case "-Inf":
                    return Double.NEGATIVE_INFINITY;
                default:
                    try {
                        double d = Double.parseDouble(text);
                        // Java also reads "Infinity" and hex floats; the formats allow only the spellings above.
                        if (!Double.isFinite(d) || text.contains("x") || text.contains("X")) {
                            throw new NumberFormatException();
                        }
                        return d;
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("value '" + text + "' is not a number");
                    }
            }
        }

        static Long timestamp(String text, boolean openMetrics) {
            try {
                if (openMetrics) {
                    return Math.round(Double.parseDouble(text) * 1000.0);
                }
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("timestamp '" + text + "' is not a number");
            }
        }
    }
}
