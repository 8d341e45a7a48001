package io.slowburn.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes the contract's JSON records. Reading validates everything a downstream analysis relies on and
 * throws {@link InvalidRecordException} with a reason fit for the dead-letter topic; it never returns a half-valid
 * record. Thread-safe.
 */
public final class RecordCodec {

    /** Records larger than this are rejected before parsing: a telemetry record is a few hundred bytes. */
    public static final int MAX_RECORD_BYTES = 64 * 1024;
    public static final int MAX_NAME_LENGTH = 256;
    public static final int MAX_LABELS = 32;
    public static final int MAX_ATTRS = 64;
    public static final int MAX_ATTR_LENGTH = 4096;
    /** Event times must fall in [2000-01-01, 2100-01-01): anything else is a unit mistake or an attack. */
    public static final long MIN_TS = 946_684_800_000L;
    public static final long MAX_TS = 4_102_444_800_000L;

    private final ObjectMapper mapper;

    public RecordCodec() {
        this.mapper = new ObjectMapper();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(16).maxStringLength(MAX_RECORD_BYTES).maxNumberLength(64).build());
        // One record is ONE JSON object: '{...}}' or '{...}{...}' is rejected, not silently cut to its first value.
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        // {"value":1,"value":9e9}: which one counts would be up to the parser; reject, as declarations do
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /**
     * Parses one JSON object, or says why it is not one: not JSON, not an object, a duplicate field name, or text
     * that is not valid Unicode (a lone surrogate, anywhere in the record).
     */
    public JsonNode readTree(byte[] bytes) throws InvalidRecordException {
        if (bytes == null) {
            throw new InvalidRecordException("empty record (null value)");
        }
        if (bytes.length > MAX_RECORD_BYTES) {
            throw new InvalidRecordException("record of " + bytes.length + " bytes exceeds the limit of " + MAX_RECORD_BYTES);
        }
        try {
            JsonNode node = mapper.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new InvalidRecordException("not a JSON object");
            }
            WellFormedText.check(node);
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidRecordException("invalid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidRecordException("unreadable record: " + e.getMessage(), e);
        }
    }

    public JsonNode readTree(String line) throws InvalidRecordException {
        return readTree(line.getBytes(StandardCharsets.UTF_8));
    }

    /** The {@code stream} field of a JSON Lines record, or {@code fallback} when absent. */
    public Stream streamOf(JsonNode node, Stream fallback) throws InvalidRecordException {
        JsonNode s = node.get("stream");
        if (s == null || s.isNull()) {
            if (fallback == null) {
                throw new InvalidRecordException("missing field 'stream' (metric, event or experiment)");
            }
            return fallback;
        }
        Stream stream = s.isTextual() ? Stream.fromWire(s.asText()) : null;
        if (stream == null) {
            throw new InvalidRecordException("field 'stream' must be metric, event or experiment, got " + s);
        }
        return stream;
    }

    public MetricSample readMetric(byte[] bytes) throws InvalidRecordException {
        return toMetric(readTree(bytes));
    }

    public Event readEvent(byte[] bytes) throws InvalidRecordException {
        return toEvent(readTree(bytes));
    }

    public MetricSample toMetric(JsonNode n) throws InvalidRecordException {
        long ts = timestamp(n, "ts");
        String source = name(n, "source");
        String metric = name(n, "metric");
        Map<String, String> labels = labels(n.get("labels"));
        double value = finite(n, "value", true);
        MetricType type = MetricType.GAUGE;
        JsonNode t = n.get("type");
        if (t != null && !t.isNull()) {
            type = t.isTextual() ? MetricType.fromWire(t.asText()) : null;
            if (type == null) {
                throw new InvalidRecordException("field 'type' must be gauge or counter, got " + t);
            }
        }
        if (type == MetricType.COUNTER && value < 0) {
            throw new InvalidRecordException("counter '" + metric + "' has a negative value " + value);
        }
        Double limit = null;
        if (n.hasNonNull("limit")) {
            limit = finite(n, "limit", true);
            if (limit <= 0) {
                throw new InvalidRecordException("field 'limit' must be positive, got " + limit);
            }
        }
        String unit = optionalText(n, "unit", MAX_NAME_LENGTH);
        return new MetricSample(ts, source, metric, labels, value, type, limit, unit);
    }

    public Event toEvent(JsonNode n) throws InvalidRecordException {
        long ts = timestamp(n, "ts");
        String source = name(n, "source");
        String event = name(n, "event");
        JsonNode a = n.get("attrs");
        Map<String, Object> attrs = new LinkedHashMap<>();
        if (a != null && !a.isNull()) {
            if (!a.isObject()) {
                throw new InvalidRecordException("field 'attrs' must be an object, got " + kind(a));
            }
            if (a.size() > MAX_ATTRS) {
                throw new InvalidRecordException("field 'attrs' has " + a.size() + " entries, more than " + MAX_ATTRS);
            }
            for (Map.Entry<String, JsonNode> e : a.properties()) {
                attrs.put(e.getKey(), scalar("attrs." + e.getKey(), e.getValue()));
            }
        }
        return new Event(ts, source, event, attrs);
    }

    /** Reads an event time: epoch milliseconds or an ISO-8601 string, within [2000, 2100). */
    public long timestamp(JsonNode n, String field) throws InvalidRecordException {
        JsonNode v = n.get(field);
        long ts;
        if (v == null || v.isNull()) {
            throw new InvalidRecordException("missing field '" + field + "'");
        } else if (v.isIntegralNumber() && v.canConvertToLong()) {
            ts = v.longValue();
        } else if (v.isNumber() && Double.isFinite(v.doubleValue()) && v.doubleValue() == Math.rint(v.doubleValue())) {
            ts = (long) v.doubleValue();
        } else if (v.isTextual()) {
            ts = parseIso(field, v.asText());
        } else {
            throw new InvalidRecordException("field '" + field + "' must be epoch milliseconds or ISO-8601, got " + abbreviate(v));
        }
        if (ts < MIN_TS || ts >= MAX_TS) {
            throw new InvalidRecordException("field '" + field + "' = " + ts + " is outside [2000-01-01, 2100-01-01) in epoch ms");
        }
        return ts;
    }

    static long parseIso(String field, String text) throws InvalidRecordException {
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant().toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw new InvalidRecordException("field '" + field + "' is not ISO-8601: '" + abbreviate(text) + "'");
            }
        }
    }

    private static String name(JsonNode n, String field) throws InvalidRecordException {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new InvalidRecordException("missing field '" + field + "'");
        }
        if (!v.isTextual()) {
            throw new InvalidRecordException("field '" + field + "' must be a string, got " + kind(v));
        }
        String s = v.asText();
        if (s.isBlank()) {
            throw new InvalidRecordException("field '" + field + "' is empty");
        }
        if (s.length() > MAX_NAME_LENGTH) {
            throw new InvalidRecordException("field '" + field + "' is " + s.length() + " characters, more than " + MAX_NAME_LENGTH);
        }
        if (s.indexOf('|') >= 0 || hasControl(s)) {
            throw new InvalidRecordException("field '" + field + "' contains '|' or a control character: '" + abbreviate(s) + "'");
        }
        return s;
    }

    private static String optionalText(JsonNode n, String field, int max) throws InvalidRecordException {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.asText().length() > max) {
            throw new InvalidRecordException("field '" + field + "' must be a string of at most " + max + " characters");
        }
        return v.asText();
    }

    private static double finite(JsonNode n, String field, boolean required) throws InvalidRecordException {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new InvalidRecordException("missing field '" + field + "'");
            }
            return Double.NaN;
        }
        if (!v.isNumber()) {
            throw new InvalidRecordException("field '" + field + "' must be a number, got " + abbreviate(v));
        }
        double d = v.doubleValue();
        if (!Double.isFinite(d)) {
            throw new InvalidRecordException("field '" + field + "' is not finite: " + d);
        }
        return d;
    }

    private static Map<String, String> labels(JsonNode l) throws InvalidRecordException {
        if (l == null || l.isNull()) {
            return Map.of();
        }
        if (!l.isObject()) {
            throw new InvalidRecordException("field 'labels' must be an object, got " + kind(l));
        }
        if (l.size() > MAX_LABELS) {
            throw new InvalidRecordException("field 'labels' has " + l.size() + " entries, more than " + MAX_LABELS);
        }
        Map<String, String> labels = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : l.properties()) {
            String k = e.getKey();
            JsonNode v = e.getValue();
            if (k.isEmpty() || k.length() > MAX_NAME_LENGTH || k.indexOf('=') >= 0 || k.indexOf(',') >= 0
                    || k.indexOf('|') >= 0 || hasControl(k)) {
                throw new InvalidRecordException("label name '" + abbreviate(k) + "' is empty, too long or contains '=', ',' or '|'");
            }
            if (!v.isTextual()) {
                // a number or boolean is refused, not coerced: {"port":8080} and {"port":"8080"} would be one
                // series, and 1.0 / 1 / 1e0 three; the sender knows which text it means
                throw new InvalidRecordException("label '" + k + "' must be a string, got " + kind(v)
                        + (v.isValueNode() && !v.isNull() ? " (quote it: \"" + abbreviate(v.asText()) + "\")" : ""));
            }
            String s = v.asText();
            if (s.length() > MAX_NAME_LENGTH || s.indexOf(',') >= 0 || s.indexOf('|') >= 0 || hasControl(s)) {
                throw new InvalidRecordException("label '" + k + "' value is too long or contains ',' or '|': '" + abbreviate(s) + "'");
            }
            labels.put(k, s);
        }
        return labels;
    }

    private static Object scalar(String field, JsonNode v) throws InvalidRecordException {
        if (v.isTextual()) {
            if (v.asText().length() > MAX_ATTR_LENGTH) {
                throw new InvalidRecordException("field '" + field + "' is longer than " + MAX_ATTR_LENGTH + " characters");
            }
            return v.asText();
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        if (v.isNumber() && Double.isFinite(v.doubleValue())) {
            return v.doubleValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isNull()) {
            return null;
        }
        throw new InvalidRecordException("field '" + field + "' must be a string, number or boolean, got " + kind(v));
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static String kind(JsonNode v) {
        return v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String abbreviate(Object o) {
        String s = String.valueOf(o);
        if (s.length() <= 80) {
            return s;
        }
        int cut = Character.isHighSurrogate(s.charAt(76)) ? 76 : 77; // never split a surrogate pair
        return s.substring(0, cut) + "...";
    }

    // ---- writing ----

    /** A metric sample as a contract JSON object (without the {@code stream} field). */
    public ObjectNode toJson(MetricSample s) {
        ObjectNode n = mapper.createObjectNode();
        n.put("ts", s.ts());
        n.put("source", s.source());
        n.put("metric", s.metric());
        ObjectNode labels = n.putObject("labels");
        s.labels().forEach(labels::put);
        n.put("value", s.value());
        n.put("type", s.type().wire());
        if (s.limit() != null) {
            n.put("limit", s.limit());
        }
        if (s.unit() != null) {
            n.put("unit", s.unit());
        }
        return n;
    }

    /** An event as a contract JSON object (without the {@code stream} field). */
    public ObjectNode toJson(Event e) {
        ObjectNode n = mapper.createObjectNode();
        n.put("ts", e.ts());
        n.put("source", e.source());
        n.put("event", e.event());
        n.set("attrs", mapper.valueToTree(e.attrs()));
        return n;
    }

    /** An alert as a contract JSON object, fields in the contract's order, maps sorted: byte-stable output. */
    public ObjectNode toJson(Alert a) {
        ObjectNode n = mapper.createObjectNode();
        n.put("id", a.id());
        n.put("ts", a.ts());
        n.put("status", a.status().wire());
        n.put("verdict", a.verdict().wire());
        n.put("signal", a.signal().wire());
        n.put("severity", a.severity().wire());
        n.put("source", a.source());
        ObjectNode labels = n.putObject("labels");
        a.labels().forEach(labels::put);
        if (a.experiment() == null) {
            n.putNull("experiment");
        } else {
            n.put("experiment", a.experiment());
        }
        n.put("rule", a.rule());
        n.set("evidence", mapper.valueToTree(a.evidence()));
        ArrayNode containment = n.putArray("containment");
        a.containment().forEach(c -> containment.add(c.wire()));
        n.put("summary", a.summary());
        return n;
    }

    public byte[] bytes(JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + node, e);
        }
    }

    public String text(JsonNode node) {
        return new String(bytes(node), StandardCharsets.UTF_8);
    }
}
