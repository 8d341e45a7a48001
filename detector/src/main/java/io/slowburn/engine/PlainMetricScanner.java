package io.slowburn.engine;

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

    /** At most this many digits make a whole number below 2^53: exact as a double. */
    private static final int MAX_EXACT_DIGITS = 15;
    /** The powers of ten up to {@link #MAX_EXACT_DIGITS}, each exact as a double. */
    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14,
        1e15};

    /** Characters a text may not hold, as flags. */
    private static final int PIPE = 1;
    private static final int COMMA = 2;
    private static final int EQUALS = 4;
    /** The contract's fields. */
    private static final int TS = 1;
    private static final int SOURCE = 2;
    private static final int METRIC = 3;
    private static final int LABELS = 4;
    private static final int VALUE = 5;
    private static final int TYPE = 6;
    private static final int LIMIT = 7;
    private static final int UNIT = 8;
    private static final int STREAM = 9;

    private final byte[] b;
    private final Spellings spellings;
    private int i;
    /** Where the labels object read from its characters (not from {@link #spellings}) starts and ends; -1: none. */
    private int labelsFrom = -1;
    private int labelsTo;

    private PlainMetricScanner(byte[] bytes, Spellings spellings) {
        this.b = bytes;
        this.spellings = spellings;
    }

    /**
     * What a reader keeps of the texts and labels it read recently ({@link RecentSpellings}): a series spells its
     * source, metric and labels the same in every sample. The same bytes are read the same, checks included, so taking
     * the earlier result changes nothing of what is read or refused. For one reader's thread.
     */
    static final class Spellings {
        private static final MetricType[] TYPES = MetricType.values();

        /** Texts are at most {@link RecordCodec#MAX_NAME_LENGTH} characters: at most 1 MiB kept. */
        private final RecentSpellings<String> texts = new RecentSpellings<>(4096, RecordCodec.MAX_NAME_LENGTH);
        /** A labels object kept if at most 1 KiB (most are a few dozen bytes): at most 1 MiB kept. */
        private final RecentSpellings<Map<String, String>> labels = new RecentSpellings<>(1024, 1024);
        /**
         * The type text last read for each type, by ordinal: the texts come from {@link #texts}, the same string for the
         * same bytes, so a type spelled as before is that very string, and its type is known without a lookup by name
         * (the types of a fleet's samples alternate, so one per type, not just the last one).
         */
        private final String[] typeTexts = new String[MetricType.values().length];

        MetricType typeOf(String text) {
            for (int k = 0; k < typeTexts.length; k++) {
                if (typeTexts[k] == text) {
                    return TYPES[k];
                }
            }
            MetricType type = MetricType.fromWire(text);
            if (type != null) {
                typeTexts[type.ordinal()] = text;
            }
            return type;
        }
    }

    /**
     * The sample, or {@code null} when the record is not one this path is certain of; with {@code metricLine}, only a
     * record whose {@code stream} says {@code metric}.
     */
    static MetricSample read(byte[] bytes, boolean metricLine) {
        return read(bytes, metricLine, null);
    }

    /** As {@link #read(byte[], boolean)}, taking texts and labels read before from {@code spellings} (null: none). */
    static MetricSample read(byte[] bytes, boolean metricLine, Spellings spellings) {
        if (bytes == null) {
            return null;
        }
        try {
            return new PlainMetricScanner(bytes, spellings).sample(metricLine);
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
            int name = fieldName();
            if (name == 0 || b[i++] != ':') {
                return null;
            }
            switch (name) {
                case TS -> {
                    if (ts) {
                        return null;
                    }
                    ts = true;
                    int from = i;
                    if (!number() || !integral(from, i)) {
                        return null;
                    }
                    t = longOf(from, i);
                    if (t < RecordCodec.MIN_TS || t >= RecordCodec.MAX_TS) {
                        return null;
                    }
                }
                case SOURCE, METRIC -> {
                    String s = text(PIPE);
                    if (s == null || s.isBlank() || (name == SOURCE ? source : metric) != null) {
                        return null;
                    }
                    if (name == SOURCE) {
                        source = s;
                    } else {
                        metric = s;
                    }
                }
                case LABELS -> {
                    if (labels != null) {
                        return null;
                    }
                    labels = isNull() ? Map.of() : labels();
                    if (labels == null) {
                        return null;
                    }
                }
                case VALUE -> {
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
                case TYPE -> {
                    if (typeSeen) {
                        return null;
                    }
                    typeSeen = true;
                    if (!isNull()) {
                        String s = text(0);
                        type = s == null ? null : spellings == null ? MetricType.fromWire(s) : spellings.typeOf(s);
                        if (type == null) {
                            return null;
                        }
                    }
                }
                case LIMIT -> {
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
                case UNIT -> {
                    if (unitSeen) {
                        return null;
                    }
                    unitSeen = true;
                    if (!isNull()) {
                        unit = text(0);
                        if (unit == null) {
                            return null;
                        }
                    }
                }
                default -> { // STREAM
                    if (stream) {
                        return null;
                    }
                    stream = true;
                    String s = text(0);
                    if (s == null || (metricLine && Stream.fromWire(s) != Stream.METRIC)) {
                        return null;
                    }
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
        MetricSample sample = new MetricSample(t, source, metric, labels == null ? Map.of() : labels, v, type, limit, unit);
        if (spellings != null && labelsFrom >= 0 && !sample.labels().isEmpty()) {
            // The sample's own sorted copy: a sample given it keeps it as it is (MetricSample).
            spellings.labels.put(b, labelsFrom, labelsTo, sample.labels());
        }
        return sample;
    }

    /** The labels object: names and values printable ASCII within the codec's limits, no name twice. */
    private Map<String, String> labels() {
        if (b[i] != '{') {
            return null;
        }
        int from = i;
        int end = spellings == null ? -1 : closingBrace(from);
        if (end > 0) {
            Map<String, String> known = spellings.labels.get(b, from, end + 1);
            if (known != null) {
                i = end + 1;
                return known;
            }
        }
        Map<String, String> read = labelsRead();
        if (read != null) {
            labelsFrom = from;
            labelsTo = i;
        }
        return read;
    }

    /**
     * The first closing brace after {@code from}, or -1: where a labels object opened at {@code from} ends unless a
     * value holds a brace. Only a lookup key: bytes that match a labels object read before are that object (whose
     * own parse ends at its last byte); one with a brace in a value is simply never found, and read as ever.
     */
    private int closingBrace(int from) {
        for (int k = from + 1; k < b.length; k++) {
            if (b[k] == '}') {
                return k;
            }
        }
        return -1;
    }

    /** The labels object read from its characters. */
    private Map<String, String> labelsRead() {
        if (b[i++] != '{') {
            return null;
        }
        Map<String, String> labels = new TreeMap<>();
        if (b[i] == '}') {
            i++;
            return labels;
        }
        while (true) {
            String k = text(PIPE | COMMA | EQUALS);
            if (k == null || k.isEmpty() || b[i++] != ':') {
                return null;
            }
            String s = text(PIPE | COMMA);
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
     * escape, a quote or any of the {@code banned} ones ({@link #PIPE}, {@link #COMMA}, {@link #EQUALS}); else null.
     */
    private String text(int banned) {
        int from = plain(banned);
        if (from < 0) {
            return null;
        }
        if (spellings == null) {
            return ascii(from, i - 1);
        }
        String known = spellings.texts.get(b, from, i - 1);
        if (known == null) {
            known = ascii(from, i - 1);
            spellings.texts.put(b, from, i - 1, known);
        }
        return known;
    }

    /** Moves past a string as {@link #text} reads it; returns where its characters start, or -1. */
    private int plain(int banned) {
        if (b[i] != '"') {
            return -1;
        }
        int from = ++i;
        while (true) {
            byte c = b[i];
            if (c == '"') {
                break;
            }
            if (c < ' ' || c > '~' || c == '\\' || (banned != 0 && ((c == '|' && (banned & PIPE) != 0)
                    || (c == ',' && (banned & COMMA) != 0) || (c == '=' && (banned & EQUALS) != 0)))) {
                return -1;
            }
            i++;
        }
        if (i - from > RecordCodec.MAX_NAME_LENGTH) {
            return -1;
        }
        i++;
        return from;
    }

    /** The contract field a field name is ({@link #TS} ...), or 0 for any other name. */
    private int fieldName() {
        int from = plain(0);
        if (from < 0) {
            return 0;
        }
        int len = i - 1 - from;
        return switch (len) {
            case 2 -> is(from, "ts") ? TS : 0;
            case 4 -> is(from, "type") ? TYPE : is(from, "unit") ? UNIT : 0;
            case 5 -> is(from, "value") ? VALUE : is(from, "limit") ? LIMIT : 0;
            case 6 -> is(from, "source") ? SOURCE : is(from, "metric") ? METRIC : is(from, "labels") ? LABELS
                    : is(from, "stream") ? STREAM : 0;
            default -> 0;
        };
    }

    private boolean is(int from, String name) {
        for (int k = 0; k < name.length(); k++) {
            if (b[from + k] != name.charAt(k)) {
                return false;
            }
        }
        return true;
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
            d = longOf(from, i);
        } else {
            double exact = exactDecimal(from, i);
            d = Double.isNaN(exact) ? Double.parseDouble(ascii(from, i)) : exact;
        }
        return Double.isFinite(d) ? d : null;
    }

    /**
     * The decimal at {@code [from, to)} as {@link Double#parseDouble} reads it, when it has a fraction, no exponent and
     * at most {@link #MAX_EXACT_DIGITS} digits (what metrics mostly are: {@code 0.734}, {@code 1843.5}); else NaN. Its
     * digits as a whole number m and 10^k, k the fraction's length, are both exact doubles, so m / 10^k, one correctly
     * rounded division, is the decimal correctly rounded: parseDouble's answer (Clinger's fast path), without a string.
     */
    private double exactDecimal(int from, int to) {
        int k = from;
        boolean negative = b[k] == '-';
        if (negative) {
            k++;
        }
        long m = 0;
        int digits = 0;
        int fraction = -1;
        for (; k < to; k++) {
            byte c = b[k];
            if (c == '.') {
                fraction = 0;
            } else if (c >= '0' && c <= '9') {
                m = m * 10 + (c - '0');
                digits++;
                if (fraction >= 0) {
                    fraction++;
                }
            } else {
                return Double.NaN; // an exponent
            }
        }
        if (fraction < 0 || digits > MAX_EXACT_DIGITS) {
            return Double.NaN;
        }
        double q = m / POWERS_OF_TEN[fraction];
        return negative ? -q : q;
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

    /** The integral number at {@code [from, to)}, of at most {@link #MAX_LONG_DIGITS} digits: {@link Long#parseLong}'s value. */
    private long longOf(int from, int to) {
        int k = from;
        boolean negative = b[k] == '-';
        if (negative) {
            k++;
        }
        long m = 0;
        for (; k < to; k++) {
            m = m * 10 + (b[k] - '0');
        }
        return negative ? -m : m;
    }

    private String ascii(int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
