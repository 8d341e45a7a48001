package io.slowburn.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slowburn.kafka.DeadLetter;
import io.slowburn.model.AlertStatus;
import io.slowburn.model.Containment;
import io.slowburn.model.Finding;
import io.slowburn.model.RecordCodec;
import io.slowburn.model.Severity;
import io.slowburn.model.Signal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** JSON for the detector's own records: finding transitions on internal topics, and dead letters. */
public final class InternalCodec {

    private final RecordCodec codec;

    public InternalCodec(RecordCodec codec) {
        this.codec = codec;
    }

    public RecordCodec records() {
        return codec;
    }

    public byte[] write(FindingTransition t) {
        ObjectNode n = codec.mapper().createObjectNode();
        n.put("alert_id", t.alertId());
        n.put("status", t.status().wire());
        n.put("shadow", t.shadow());
        n.set("finding", findingJson(t.finding()));
        return codec.bytes(n);
    }

    public ObjectNode findingJson(Finding f) {
        ObjectNode n = codec.mapper().createObjectNode();
        n.put("rule", f.rule());
        n.put("signal", f.signal().wire());
        n.put("severity", f.severity().wire());
        n.put("source", f.source());
        n.set("labels", codec.mapper().valueToTree(new TreeMap<>(f.labels())));
        n.put("key", f.key());
        n.put("since", f.since());
        if (f.hasEarlierOnset()) {
            n.put("onset", f.onset()); // an extension: a reader that does not know it takes the onset to be since
        }
        n.put("ts", f.ts());
        n.set("evidence", codec.mapper().valueToTree(f.evidence()));
        ArrayNode c = n.putArray("containment");
        f.containment().forEach(x -> c.add(x.wire()));
        n.put("summary", f.summary());
        return n;
    }

    public FindingTransition readTransition(byte[] bytes) {
        try {
            return readTransition(codec.mapper().readTree(bytes));
        } catch (IOException e) {
            throw new IllegalStateException("corrupt finding transition on an internal topic", e);
        }
    }

    public FindingTransition readTransition(JsonNode n) {
        try {
            JsonNode f = n.get("finding");
            List<Containment> containment = new ArrayList<>();
            f.get("containment").forEach(x -> containment.add(Containment.fromWire(x.asText())));
            Map<String, String> labels = new TreeMap<>();
            for (Map.Entry<String, JsonNode> e : f.get("labels").properties()) {
                labels.put(e.getKey(), e.getValue().asText());
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> evidence = codec.mapper().convertValue(f.get("evidence"), TreeMap.class);
            Finding finding = new Finding(f.get("rule").asText(), Signal.fromWire(f.get("signal").asText()),
                    Severity.fromWire(f.get("severity").asText()), f.get("source").asText(), labels, f.get("key").asText(),
                    f.get("since").asLong(), f.get("ts").asLong(), evidence, containment, f.get("summary").asText(),
                    f.path("onset").canConvertToLong() ? f.get("onset").asLong() : f.get("since").asLong());
            return new FindingTransition(n.get("alert_id").asText(), AlertStatus.fromWire(n.get("status").asText()),
                    n.get("shadow").asBoolean(), finding);
        } catch (RuntimeException e) {
            throw new IllegalStateException("corrupt finding transition on an internal topic", e);
        }
    }

    /**
     * An accepted declaration (or its removal, when {@code declaration} is null) on its way to the verdict stage, which
     * keeps its own copy of the registry: it then sees declarations in the same order, relative to findings, live and
     * in a backtest, instead of whenever a global table catches up.
     */
    public byte[] declaration(String id, byte[] declaration) {
        ObjectNode n = codec.mapper().createObjectNode();
        n.put("type", "declaration");
        n.put("id", id);
        if (declaration == null) {
            n.putNull("value");
        } else {
            n.put("value", new String(declaration, StandardCharsets.UTF_8));
        }
        return codec.bytes(n);
    }

    /** An {@code abort_when} metric condition met: the verdict stage turns it into a breach and one abort. */
    public byte[] abortTrigger(String experiment, String source, String reason, long ts) {
        ObjectNode n = codec.mapper().createObjectNode();
        n.put("type", "abort_trigger");
        n.put("experiment", experiment);
        n.put("source", source);
        n.put("reason", reason);
        n.put("ts", ts);
        return codec.bytes(n);
    }

    /** A dead letter: the one format of {@link DeadLetter}, shared with the ingest adapters. */
    public byte[] deadLetter(String reason, String topic, int partition, long offset, long timestamp, String key, byte[] value) {
        return codec.bytes(new DeadLetter(reason, topic, partition, offset, timestamp, key, value).toJson(codec.mapper()));
    }
}
