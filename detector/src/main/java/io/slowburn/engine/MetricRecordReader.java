package io.slowburn.engine;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.slowburn.model.InvalidRecordException;
import io.slowburn.model.MetricSample;
import io.slowburn.model.MetricType;
import io.slowburn.model.RecordCodec;
import io.slowburn.model.Stream;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a metric record as {@link RecordCodec#readMetric} does, several times faster for the ordinary record: the plainest
 * records straight from their bytes ({@link PlainMetricScanner}), the others with a streaming parse straight into a
 * {@link MetricSample}, without the JSON tree in between. The fast path only takes what
 * it can judge with certainty (the contract's fields, printable ASCII text, whole-number epoch-millisecond times, each
 * within its limits); anything else, valid or not, is handed to {@link RecordCodec#readMetric} whole, which decides
 * and words the rejection as ever. So a record is accepted or rejected, and read, exactly as before.
 */
public final class MetricRecordReader {

    private static final int TS = 1;
    private static final int SOURCE = 1 << 1;
    private static final int METRIC = 1 << 2;
    private static final int LABELS = 1 << 3;
    private static final int VALUE = 1 << 4;
    private static final int TYPE = 1 << 5;
    private static final int LIMIT = 1 << 6;
    private static final int UNIT = 1 << 7;
    private static final int STREAM = 1 << 8;
    private static final int REQUIRED = TS | SOURCE | METRIC | VALUE;

    private final RecordCodec codec;
    /** The texts and labels this reader read recently (a reader serves one thread: a task's, or a backtest's). */
    private final PlainMetricScanner.Spellings spellings = new PlainMetricScanner.Spellings();

    public MetricRecordReader(RecordCodec codec) {
        this.codec = codec;
    }

    /** The sample in {@code bytes}; throws as {@link RecordCodec#readMetric} would. */
    public MetricSample read(byte[] bytes) throws InvalidRecordException {
        MetricSample fast = fast(bytes);
        return fast != null ? fast : codec.readMetric(bytes);
    }

    /** The sample, when the fast path can judge the record with certainty; {@code null}: ask {@link RecordCodec}. */
    MetricSample fast(byte[] bytes) {
        return fast(bytes, false);
    }

    /**
     * As {@link #fast(byte[])}, for a JSON Lines record ({@code backtest}): only one whose {@code stream} field says
     * {@code metric}, so the caller routes it as a metric without a tree ({@link LineRouting} would route it the same).
     */
    public MetricSample fastLine(byte[] bytes) {
        return fast(bytes, true);
    }

    private MetricSample fast(byte[] bytes, boolean metricLine) {
        if (bytes == null || bytes.length == 0 || bytes.length > RecordCodec.MAX_RECORD_BYTES) {
            return null;
        }
        MetricSample plain = PlainMetricScanner.read(bytes, metricLine, spellings);
        if (plain != null) {
            return plain;
        }
        // The codec's own parser factory: the same number and nesting limits, duplicate field names fail.
        try (JsonParser p = codec.mapper().getFactory().createParser(bytes)) {
            MetricSample s = sample(p, metricLine);
            return s != null && p.nextToken() == null ? s : null; // a trailing token: the codec words the rejection
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static MetricSample sample(JsonParser p, boolean metricLine) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        int seen = 0;
        long ts = 0;
        String source = null;
        String metric = null;
        Map<String, String> labels = Map.of();
        double value = 0;
        MetricType type = MetricType.GAUGE;
        Double limit = null;
        String unit = null;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            if (t != JsonToken.FIELD_NAME) {
                return null;
            }
            int field = field(p.currentName());
            if (field == 0 || (seen & field) != 0) {
                return null; // a field the fast path does not know, or a second one of a name
            }
            seen |= field;
            JsonToken v = p.nextToken();
            switch (field) {
                case TS -> {
                    if (v != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                        return null;
                    }
                    ts = p.getLongValue();
                    if (ts < RecordCodec.MIN_TS || ts >= RecordCodec.MAX_TS) {
                        return null;
                    }
                }
                case SOURCE -> source = name(p, v);
                case METRIC -> metric = name(p, v);
                case LABELS -> {
                    if (v == JsonToken.VALUE_NULL) {
                        labels = Map.of();
                    } else {
                        labels = labels(p, v);
                        if (labels == null) {
                            return null;
                        }
                    }
                }
                case VALUE -> {
                    Double d = finite(p, v);
                    if (d == null) {
                        return null;
                    }
                    value = d;
                }
                case TYPE -> {
                    if (v != JsonToken.VALUE_NULL) {
                        type = v == JsonToken.VALUE_STRING ? MetricType.fromWire(p.getText()) : null;
                        if (type == null) {
                            return null;
                        }
                    }
                }
                case LIMIT -> {
                    if (v != JsonToken.VALUE_NULL) {
                        limit = finite(p, v);
                        if (limit == null || limit <= 0) {
                            return null;
                        }
                    }
                }
                case UNIT -> {
                    if (v != JsonToken.VALUE_NULL) {
                        unit = v == JsonToken.VALUE_STRING ? printable(p.getText(), RecordCodec.MAX_NAME_LENGTH, "") : null;
                        if (unit == null) {
                            return null;
                        }
                    }
                }
                default -> { // STREAM: not read for a metric record; taken when it is plain text
                    if (v != JsonToken.VALUE_STRING || printable(p.getText(), RecordCodec.MAX_NAME_LENGTH, "") == null
                            || (metricLine && Stream.fromWire(p.getText()) != Stream.METRIC)) {
                        return null;
                    }
                }
            }
            if ((field == SOURCE && source == null) || (field == METRIC && metric == null)) {
                return null;
            }
        }
        if ((seen & REQUIRED) != REQUIRED || (metricLine && (seen & STREAM) == 0) || (type == MetricType.COUNTER && value < 0)) {
            return null;
        }
        return new MetricSample(ts, source, metric, labels, value, type, limit, unit);
    }

    private static int field(String name) {
        return switch (name) {
            case "ts" -> TS;
            case "source" -> SOURCE;
            case "metric" -> METRIC;
            case "labels" -> LABELS;
            case "value" -> VALUE;
            case "type" -> TYPE;
            case "limit" -> LIMIT;
            case "unit" -> UNIT;
            case "stream" -> STREAM;
            default -> 0;
        };
    }

    /** A source or metric name: printable ASCII without '|', not blank. */
    private static String name(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.VALUE_STRING) {
            return null;
        }
        String s = printable(p.getText(), RecordCodec.MAX_NAME_LENGTH, "|");
        return s == null || s.isBlank() ? null : s;
    }

    /** The labels object: names and values printable ASCII, within the codec's limits, values text. */
    private static Map<String, String> labels(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.START_OBJECT) {
            return null;
        }
        Map<String, String> labels = new TreeMap<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String k = printable(p.currentName(), RecordCodec.MAX_NAME_LENGTH, "=,|");
            if (k == null || k.isEmpty() || p.nextToken() != JsonToken.VALUE_STRING) {
                return null;
            }
            String s = printable(p.getText(), RecordCodec.MAX_NAME_LENGTH, ",|");
            if (s == null || labels.put(k, s) != null || labels.size() > RecordCodec.MAX_LABELS) {
                return null;
            }
        }
        return labels;
    }

    /** A finite number, as the codec reads it from a tree (a double of the token, integral or not). */
    private static Double finite(JsonParser p, JsonToken v) throws IOException {
        if ((v != JsonToken.VALUE_NUMBER_INT && v != JsonToken.VALUE_NUMBER_FLOAT)
                || (v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.BIG_INTEGER)) {
            return null;
        }
        double d = p.getDoubleValue();
        return Double.isFinite(d) ? d : null;
    }

    /** {@code s} when it is at most {@code max} chars of printable ASCII (space to '~') none of {@code banned}, else null. */
    private static String printable(String s, int max, String banned) {
        if (s == null || s.length() > max) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < ' ' || c > '~' || banned.indexOf(c) >= 0) {
                return null;
            }
        }
        return s;
    }
}
