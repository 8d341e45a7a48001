package io.slowburn.ingest.simulate;

import io.slowburn.model.Observation;
import io.slowburn.model.Stream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One generated record: which stream, its record key (series id, source or experiment id), its event time and its
 * contract JSON without the {@code stream} field. For an experiment the JSON is the exact signed text.
 *
 * @param observation the metric sample or event ({@code null} for an experiment declaration)
 */
public record ScenarioRecord(Stream stream, String key, long ts, Observation observation, byte[] json) {

    public ScenarioRecord {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(json, "json");
        if (json.length < 2 || json[0] != '{') {
            throw new IllegalArgumentException("not a JSON object");
        }
    }

    /** The JSON Lines form: the {@code stream} field first, then the record's own fields, byte for byte. */
    public String line() {
        String body = new String(json, StandardCharsets.UTF_8);
        return "{\"stream\":\"" + stream.wire() + "\"" + (body.length() > 2 ? "," : "") + body.substring(1);
    }
}
