package io.slowburn.ingest.otlp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The two encodings of the Collector's {@code kafkaexporter} for metrics (and of OTLP/HTTP): each record is one
 * {@code ExportMetricsServiceRequest}, as protobuf bytes or as OTLP JSON. OTLP JSON is protobuf's JSON mapping with
 * two differences the parser must bridge: trace and span ids are hex, not base64 (converted before parsing), and
 * enums are integers (protobuf's parser accepts those); field names are lowerCamelCase (accepted as well as
 * snake_case). Unknown fields are ignored, as the OTLP spec requires of receivers.
 */
public enum OtlpEncoding {
    OTLP_PROTO("otlp_proto"),
    OTLP_JSON("otlp_json");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> HEX_ID_FIELDS = Set.of("traceId", "spanId", "trace_id", "span_id");
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    private final String wire;

    OtlpEncoding(String wire) {
        this.wire = wire;
    }

    /** The name the Collector's configuration uses ({@code encoding: otlp_proto}). */
    public String wire() {
        return wire;
    }

    public static OtlpEncoding fromWire(String text) {
        for (OtlpEncoding e : values()) {
            if (e.wire.equals(text.toLowerCase(Locale.ROOT))) {
                return e;
            }
        }
        throw new IllegalArgumentException("encoding must be otlp_proto or otlp_json, got '" + text + "'");
    }

    public ExportMetricsServiceRequest decode(byte[] bytes) throws InvalidOtlpException {
        if (this == OTLP_PROTO) {
            try {
                return ExportMetricsServiceRequest.parseFrom(bytes);
            } catch (InvalidProtocolBufferException e) {
                throw new InvalidOtlpException("not an OTLP protobuf ExportMetricsServiceRequest: " + e.getMessage(), e);
            }
        }
        return decodeJson(new String(bytes, StandardCharsets.UTF_8));
    }

    static ExportMetricsServiceRequest decodeJson(String text) throws InvalidOtlpException {
        JsonNode tree;
        try {
            tree = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidOtlpException("not JSON: " + e.getOriginalMessage(), e);
        }
        return decodeJson(tree);
    }

    /** One parsed JSON value (of a JSON Lines file). The tree is modified: its hex ids become base64. */
    static ExportMetricsServiceRequest decodeJson(JsonNode tree) throws InvalidOtlpException {
        if (tree == null || !tree.isObject()) {
            throw new InvalidOtlpException("OTLP JSON must be an object with 'resourceMetrics'", null);
        }
        hexIdsToBase64(tree);
        ExportMetricsServiceRequest.Builder b = ExportMetricsServiceRequest.newBuilder();
        try {
            PARSER.merge(tree.toString(), b);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new InvalidOtlpException("not an OTLP JSON ExportMetricsServiceRequest: " + e.getMessage(), e);
        }
        return b.build();
    }

    /** Iterative, so a deeply nested hostile document cannot overflow the stack here. */
    private static void hexIdsToBase64(JsonNode root) {
        List<JsonNode> pending = new ArrayList<>();
        pending.add(root);
        while (!pending.isEmpty()) {
            JsonNode n = pending.remove(pending.size() - 1);
            if (n.isObject()) {
                ObjectNode o = (ObjectNode) n;
                for (String field : HEX_ID_FIELDS) {
                    JsonNode v = o.get(field);
                    if (v != null && v.isTextual() && isHex(v.asText())) {
                        o.put(field, Base64.getEncoder().encodeToString(HexFormat.of().parseHex(v.asText())));
                    }
                }
                o.elements().forEachRemaining(pending::add);
            } else if (n.isArray()) {
                n.elements().forEachRemaining(pending::add);
            }
        }
    }

    private static boolean isHex(String s) {
        if (s.length() % 2 != 0) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
