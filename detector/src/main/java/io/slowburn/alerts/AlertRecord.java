package io.slowburn.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slowburn.model.Severity;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An alert as read from the alert topic, leniently: readers ignore fields they do not know, and a value this build does
 * not know (a newer severity or signal) is shown as written rather than rejected. Only a record that is not a JSON
 * object is refused.
 *
 * @param raw the record's JSON text as received, on one line (line breaks between tokens replaced by spaces)
 * @param json the parsed record
 */
public record AlertRecord(String id, long ts, String status, String verdict, String signal, String severity, String source,
                          Map<String, String> labels, String experiment, String rule, JsonNode evidence, List<String> containment,
                          String summary, String raw, JsonNode json) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Parses one record value; {@link IllegalArgumentException} with the reason when it is not a JSON object. */
    public static AlertRecord parse(byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("empty record (null value)");
        }
        String text = new String(value, StandardCharsets.UTF_8);
        JsonNode n;
        try {
            n = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return of(n, oneLine(text));
    }

    /** From a parsed alert object (tests, and the JSON given to {@link #parse}). */
    public static AlertRecord of(JsonNode n, String raw) {
        Map<String, String> labels = new TreeMap<>();
        JsonNode l = n.path("labels");
        for (Map.Entry<String, JsonNode> e : l.properties()) {
            labels.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
        }
        List<String> containment = new ArrayList<>();
        for (JsonNode c : n.path("containment")) {
            containment.add(c.asText());
        }
        JsonNode evidence = n.path("evidence").isObject() ? n.get("evidence") : JsonNodeFactory.instance.objectNode();
        return new AlertRecord(text(n, "id"), n.path("ts").asLong(0), text(n, "status"), text(n, "verdict"), text(n, "signal"),
                text(n, "severity"), text(n, "source"), Map.copyOf(labels), text(n, "experiment"), text(n, "rule"), evidence,
                List.copyOf(containment), n.path("summary").asText(""), raw, n);
    }

    public static AlertRecord of(ObjectNode n) {
        return of(n, n.toString());
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** JSON cannot hold a raw line break inside a string: the ones in the text are whitespace between tokens. */
    static String oneLine(String text) {
        return text.strip().replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }

    /** The severity, or {@code null} when absent or unknown to this build. */
    public Severity severityLevel() {
        return Severity.fromWire(severity);
    }

    public boolean resolved() {
        return "resolved".equals(status);
    }
}
