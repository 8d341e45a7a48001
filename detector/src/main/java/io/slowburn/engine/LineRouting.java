package io.slowburn.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.slowburn.model.InvalidRecordException;
import io.slowburn.model.RecordCodec;
import io.slowburn.model.SeriesId;
import io.slowburn.model.Stream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a JSON Lines record goes, as the ingest adapters would publish it: its topic (by its {@code stream} field),
 * its key (series id, source or experiment id) and its record timestamp (its event time). The record's bytes go
 * unchanged, so a record malformed past the routing fields is still delivered and rejected, with its reason, by the
 * detector.
 */
public final class LineRouting {

    /** One routed record. */
    public record Routed(Stream stream, String key, long timestamp, byte[] value) {
    }

    private final RecordCodec codec = new RecordCodec();

    /** @throws InvalidRecordException when the line is not a JSON object or names no stream */
    public Routed route(String line) throws InvalidRecordException {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return route(bytes, codec.readTree(bytes));
    }

    /**
     * Routes a record already parsed ({@code n} is {@code bytes} as a tree), so a caller that goes on to read the
     * record parses it once.
     *
     * @throws InvalidRecordException when the record names no stream
     */
    public Routed route(byte[] bytes, JsonNode n) throws InvalidRecordException {
        Stream stream = streamOf(n);
        return new Routed(stream, keyOf(stream, n), timestampOf(n), bytes);
    }

    /** @throws InvalidRecordException when the record names no stream */
    public Stream streamOf(JsonNode n) throws InvalidRecordException {
        return codec.streamOf(n, null);
    }

    /** The record key an ingest adapter gives a record of {@code stream}: series id, source or experiment id. */
    public static String keyOf(Stream stream, JsonNode n) {
        return switch (stream) {
            case METRIC -> seriesKey(n);
            case EVENT -> text(n, "source");
            case EXPERIMENT -> text(n, "id");
        };
    }

    /** The record's event time as its record timestamp; 0 when it has none (it is rejected downstream, with its reason). */
    public long timestampOf(JsonNode n) {
        try {
            return codec.timestamp(n, "ts");
        } catch (InvalidRecordException e) {
            return 0L; // the record is rejected downstream, with its reason
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static String seriesKey(JsonNode n) {
        String source = text(n, "source");
        String metric = text(n, "metric");
        if (source == null || metric == null) {
            return null;
        }
        Map<String, String> labels = new TreeMap<>();
        JsonNode l = n.get("labels");
        if (l != null && l.isObject()) {
            for (Map.Entry<String, JsonNode> e : l.properties()) {
                labels.put(e.getKey(), e.getValue().asText());
            }
        }
        return SeriesId.of(source, metric, labels);
    }
}
