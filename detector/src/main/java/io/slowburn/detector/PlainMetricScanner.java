package io.slowburn.detector;

import io.slowburn.model.MetricSample;
import io.slowburn.model.MetricType;
import io.slowburn.model.RecordCodec;
import io.slowburn.model.Stream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the plainest metric record, as ingest adapters and simulators write it, straight from its bytes: one JSON object
 * with no whitespace, the contract's fields each at most once, strings of printable ASCII without escapes, numbers in
 * JSON's own syntax. Creating a Jackson parser costs about as much as the rest of a record's reading, so this path
 * goes first in {@link MetricRecordReader}. Whatever it is not certain of (whitespace, an escape, a field it does not
 * know, a value out of bounds, a number too long), it leaves alone ({@code null}); the record then takes the slower
 * paths, which decide and word the rejection as ever. What it reads, it reads as Jackson would: text as is, an integral
 * number as its {@code long} (so {@code -0} is 0.0), any other number by {@link Double#parseDouble}, as Jackson's
 * {@code getDoubleValue} does.
 */
final class PlainMetricScanner {

    /** Longer numbers are left to Jackson (its limit, and BigInteger, start well beyond this). */
    private static final int MAX_NUMBER = 24;
    /** An integral number of at most this many digits fits a {@code long}. */
    private static final int MAX_LONG_DIGITS = 18;

    private final byte[] b;
    private int i;

    private PlainMetricScanner(byte[] bytes) {
        this.b = bytes;
    }

    /**
     * The sample, or {@code null} when the record is not one this path is certain of; with {@code metricLine}, only a
     * record whose {@code stream} says {@code metric}.
     */
    static MetricSample read(byte[] bytes, boolean metricLine) {
        if (bytes == null) {
            return null;
        }
        try {
            return new PlainMetricScanner(bytes).sample(metricLine);
        } catch (RuntimeException e) {
            return null; // past the end of a truncated record, say: the slower paths word it
        }
    }

    private MetricSample sample(boolean metricLine) {
        if (b.length == 0 || b.length > RecordCodec.MAX_RECORD_BYTES || b[i++] != '{') {
            return null;
        }
        boolean ts = false;
        long t = 0;
        String source = null;
        String metric = null;
        Map<String, String> labels = null;
        boolean value = false;
        double v = 0;
        MetricType type = null;
        boolean typeSeen = false;
        Double limit = null;
        boolean limitSeen = false;
        String unit = null;
        boolean unitSeen = false;
        boolean stream = false;
        if (b[i] == '}') {
            return null;
        }
        while (true) {
            String name = text(null);
            if (name == null || b[i++] != ':') {
                return null;
            }
            switch (name) {
                case "ts" -> {
                    if (ts) {
                        return null;
                    }
                    ts = true;
                    int from = i;
                    if (!number() || !integral(from, i)) {
                        return null;
                    }
                    t = Long.parseLong(ascii(from, i));
                    if (t < RecordCodec.MIN_TS || t >= RecordCodec.MAX_TS) {
                        return null;
                    }
                }
                case "source", "metric" -> {
                    String s = text("|");
                    if (s == null || s.isBlank() || (name.equals("source") ? source : metric) != null) {
                        return null;
                    }
                    if (name.equals("source")) {
                        source = s;
                    } else {
                        metric = s;
                    }
                }
                case "labels" -> {
                    if (labels != null) {
                        return null;
                    }
                    labels = isNull() ? Map.of() : labels();
                    if (labels == null) {
                        return null;
                    }
                }
                case "value" -> {
                    if (value) {
                        return null;
                    }
                    value = true;
                    Double d = finite();
                    if (d == null) {
                        return null;
                    }
                    v = d;
                }
                case "type" -> {
                    if (typeSeen) {
                        return null;
                    }
                    typeSeen = true;
                    if (!isNull()) {
                        String s = text("");
                        type = s == null ? null : MetricType.fromWire(s);
                        if (type == null) {
                            return null;
                        }
                    }
                }
                case "limit" -> {
                    if (limitSeen) {
                        return null;
                    }
                    limitSeen = true;
                    if (!isNull()) {
                        limit = finite();
                        if (limit == null || limit <= 0) {
                            return null;
                        }
                    }
                }
                case "unit" -> {
                    if (unitSeen) {
                        return null;
                    }
                    unitSeen = true;
                    if (!isNull()) {
                        unit = text("");
                        if (unit == null) {
                            return null;
                        }
                    }
                }
                case "stream" -> {
                    if (stream) {
                        return null;
                    }
                    stream = true;
                    String s = text("");
                    if (s == null || (metricLine && Stream.fromWire(s) != Stream.METRIC)) {
                        return null;
                    }
                }
                default -> {
                    return null;
                }
            }
            byte c = b[i++];
            if (c == '}') {
                break;
            }
            if (c != ',') {
                return null;
            }
        }
        if (i != b.length || !ts || source == null || metric == null || !value || (metricLine && !stream)) {
            return null;
        }
        type = type == null ? MetricType.GAUGE : type;
        if (type == MetricType.COUNTER && v < 0) {
            return null;
        }
        return new MetricSample(t, source, metric, labels == null ? Map.of() : labels, v, type, limit, unit);
    }

    /** The labels object: names and values printable ASCII within the codec's limits, no name twice. */
    private Map<String, String> labels() {
        if (b[i++] != '{') {
            return null;
        }
        Map<String, String> labels = new TreeMap<>();
        if (b[i] == '}') {
            i++;
            return labels;
        }
        while (true) {
            String k = text("=,|");
            if (k == null || k.isEmpty() || b[i++] != ':') {
                return null;
            }
            String s = text(",|");
            if (s == null || labels.put(k, s) != null || labels.size() > RecordCodec.MAX_LABELS) {
                return null;
            }
            byte c = b[i++];
            if (c == '}') {
                return labels;
            }
            if (c != ',') {
                return null;
            }
        }
    }

    /**
     * A string of at most {@link RecordCodec#MAX_NAME_LENGTH} printable ASCII characters (space to '~') without an
     * escape, a quote or any of {@code banned}; {@code null} otherwise (or when {@code banned} is null, any field name).
     */
    private String text(String banned) {
        if (b[i] != '"') {
            return null;
        }
        int from = ++i;
        while (true) {
            byte c = b[i];
            if (c == '"') {
                break;
            }
            if (c < ' ' || c > '~' || c == '\\' || (banned != null && banned.indexOf(c) >= 0)) {
                return null;
            }
            i++;
        }
        if (i - from > RecordCodec.MAX_NAME_LENGTH) {
            return null;
        }
        return ascii(from, i++);
    }

    private boolean isNull() {
        if (b[i] == 'n' && b[i + 1] == 'u' && b[i + 2] == 'l' && b[i + 3] == 'l') {
            i += 4;
            return true;
        }
        return false;
    }

    /** A finite number, read as Jackson reads it from a token (integral: its long; else {@link Double#parseDouble}). */
    private Double finite() {
        int from = i;
        if (!number()) {
            return null;
        }
        double d;
        if (!fractional(from, i)) {
            if (!integral(from, i)) {
                return null; // perhaps beyond a long: Jackson's BigInteger, left to it
            }
            d = Long.parseLong(ascii(from, i));
        } else {
            d = Double.parseDouble(ascii(from, i));
        }
        return Double.isFinite(d) ? d : null;
    }

    /** Whether the number at {@code [from, to)} has a fraction or an exponent (Jackson: a float token). */
    private boolean fractional(int from, int to) {
        for (int k = from; k < to; k++) {
            if (b[k] == '.' || b[k] == 'e' || b[k] == 'E') {
                return true;
            }
        }
        return false;
    }

    /** Whether the number at {@code [from, to)} is an integral one (no fraction, no exponent) that surely fits a long. */
    private boolean integral(int from, int to) {
        return !fractional(from, to) && to - from - (b[from] == '-' ? 1 : 0) <= MAX_LONG_DIGITS;
    }

    /** Moves past a number in JSON's syntax, {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}, of bounded length. */
    private boolean number() {
        int from = i;
        if (b[i] == '-') {
            i++;
        }
        if (b[i] == '0') {
            i++;
        } else if (!digits()) {
            return false;
        }
        if (b[i] == '.') {
            i++;
            if (!digits()) {
                return false;
            }
        }
        if (b[i] == 'e' || b[i] == 'E') {
            i++;
            if (b[i] == '+' || b[i] == '-') {
                i++;
            }
            if (!digits()) {
                return false;
            }
        }
        return i - from <= MAX_NUMBER;
    }

    private boolean digits() {
        int from = i;
        while (b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        return i > from;
    }

    private String ascii(int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
