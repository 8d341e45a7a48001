package io.slowburn.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A record of the dead-letter topic ({@code slowburn.dlq}): the reason, where the rejected record came from, and the
 * record itself, as text when it is UTF-8, else base64 under {@code value_base64}. One format for every writer (the
 * detector's intake, {@code backtest --dlq}, {@code ingest otlp}), so one consumer reads them all. In module
 * {@code ingest}, the lowest one that writes to topics.
 *
 * @param partition -1 and {@code offset} -1 when the record did not come from a topic
 * @param key the rejected record's key, or {@code null}
 * @param value the rejected record's bytes, or {@code null}
 */
public record DeadLetter(String reason, String topic, int partition, long offset, long timestamp, String key, byte[] value) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public DeadLetter {
        Objects.requireNonNull(reason, "reason");
    }

    /** The letter as a JSON object, fields in the contract's order. */
    public ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode n = mapper.createObjectNode();
        n.put("reason", reason);
        n.put("topic", topic);
        n.put("partition", partition);
        n.put("offset", offset);
        n.put("timestamp", timestamp);
        if (key == null) {
            n.putNull("key");
        } else {
            n.put("key", key);
        }
        if (value == null) {
            n.putNull("value");
        } else {
            try {
                n.put("value", StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(value)).toString());
            } catch (CharacterCodingException e) {
                n.put("value_base64", Base64.getEncoder().encodeToString(value));
            }
        }
        return n;
    }

    /** The letter as the bytes of the dead-letter topic's value (UTF-8 JSON). */
    public byte[] toBytes() {
        try {
            return JSON.writeValueAsBytes(toJson(JSON));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a dead letter", e);
        }
    }
}
