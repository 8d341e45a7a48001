package io.slowburn.detector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slowburn.model.Alert;
import io.slowburn.model.AlertStatus;
import io.slowburn.model.Containment;
import io.slowburn.model.Finding;
import io.slowburn.model.Severity;
import io.slowburn.model.Verdict;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * The verdict stage, partitioned by correlation key (the signal): joins each firing finding with the experiment
 * registry through the {@link VerdictPolicy}, groups findings of correlated signals on several sources into one
 * incident, and emits alerts (firing once, resolved once, with the verdict decided at firing), audit records for
 * every decision, and abort requests for breaches.
 */
final class VerdictProcessor implements Processor<String, byte[], String, Routed> {

    private final InternalCodec codec;
    private final VerdictPolicy policy;
    private final DetectorMetrics metrics;
    private final Set<String> correlated;
    private final long correlationWindowMs;
    private final AuditRecords audit;
    private ProcessorContext<String, Routed> context;
    private KeyValueStore<String, byte[]> incidents;
    private KeyValueStore<String, Object> registry;

    VerdictProcessor(InternalCodec codec, VerdictPolicy policy, DetectorMetrics metrics, DetectorConfig config) {
        this.codec = codec;
        this.policy = policy;
        this.metrics = metrics;
        this.correlated = Set.copyOf(config.getList(DetectorConfig.CORRELATION_SIGNALS));
        this.correlationWindowMs = config.getLong(DetectorConfig.CORRELATION_WINDOW_MS);
        this.audit = new AuditRecords(codec);
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
        this.incidents = context.getStateStore(StoreNames.INCIDENTS);
        this.registry = context.getStateStore(StoreNames.EXPERIMENT_REGISTRY);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        FindingTransition t = codec.readTransition(record.value());
        if (t.status() == AlertStatus.FIRING) {
            fire(t);
        } else {
            resolve(t);
        }
    }

    private void fire(FindingTransition t) {
        Finding f = t.finding();
        VerdictDecision d = policy.decide(f, experiments());
        if (t.shadow()) {
            emit(t.alertId(), Route.AUDIT, audit.shadow(t, d), f.ts());
            return;
        }
        String incident = t.alertId();
        String groupKey = "g|" + f.rule() + "|" + d.verdict().wire() + "|" + d.experiment();
        if (correlated.contains(f.signal().wire())) {
            JsonNode open = read(groupKey);
            if (open != null && f.since() - open.get("since").asLong() <= correlationWindowMs) {
                incident = open.get("incident").asText();
                ObjectNode updated = (ObjectNode) open;
                updated.withArray("members").add(t.alertId());
                write(groupKey, updated);
                write("m|" + t.alertId(), memberRecord(incident, groupKey, d));
                emit(incident, Route.AUDIT, audit.joined(t, d, incident), f.ts());
                return;
            }
            ObjectNode group = codec.records().mapper().createObjectNode();
            group.put("incident", incident);
            group.put("since", f.since());
            group.putArray("members").add(t.alertId());
            write(groupKey, group);
        }
        write("m|" + t.alertId(), memberRecord(incident, groupKey, d));
        Alert alert = alert(incident, AlertStatus.FIRING, f, d);
        metrics.alert(d.verdict());
        emit(incident, Route.ALERT, codec.records().bytes(codec.records().toJson(alert)), f.ts());
        emit(incident, Route.AUDIT, audit.verdict(alert, t, d, incident.equals(t.alertId()) ? null : incident), f.ts());
        if (d.abort()) {
            ObjectNode abort = codec.records().mapper().createObjectNode();
            abort.put("action", "abort");
            abort.put("experiment", d.experiment());
            abort.put("ts", f.ts());
            abort.put("reason", d.explanation());
            abort.put("alert", incident);
            emit(d.experiment(), Route.ABORT, codec.records().bytes(abort), f.ts());
        }
    }

    private void resolve(FindingTransition t) {
        Finding f = t.finding();
        if (t.shadow()) {
            emit(t.alertId(), Route.AUDIT, audit.shadow(t, null), f.ts());
            return;
        }
        JsonNode member = read("m|" + t.alertId());
        incidents.delete("m|" + t.alertId());
        VerdictDecision d = member == null ? VerdictDecision.suspicious(Map.of(), "firing decision not found")
                : decisionOf(member);
        String incident = member == null ? t.alertId() : member.get("incident").asText();
        if (member != null && correlated.contains(f.signal().wire())) {
            String groupKey = member.get("group").asText();
            JsonNode group = read(groupKey);
            if (group != null) {
                List<String> left = new ArrayList<>();
                group.get("members").forEach(m -> {
                    if (!m.asText().equals(t.alertId())) {
                        left.add(m.asText());
                    }
                });
                if (!left.isEmpty()) {
                    ObjectNode updated = (ObjectNode) group;
                    var arr = updated.putArray("members");
                    left.forEach(arr::add);
                    write(groupKey, updated);
                    emit(incident, Route.AUDIT, audit.joined(t, d, incident), f.ts());
                    return;
                }
                incidents.delete(groupKey);
            }
        }
        Alert alert = alert(incident, AlertStatus.RESOLVED, f, d);
        emit(incident, Route.ALERT, codec.records().bytes(codec.records().toJson(alert)), f.ts());
        emit(incident, Route.AUDIT, audit.verdict(alert, t, d, null), f.ts());
    }

    private Alert alert(String id, AlertStatus status, Finding f, VerdictDecision d) {
        Severity severity = d.severity() == null ? f.severity() : d.severity();
        Set<Containment> containment = new LinkedHashSet<>(f.containment());
        containment.addAll(d.extraContainment());
        if (d.verdict() == Verdict.SANCTIONED) {
            containment.clear(); // the experiment's expected effect: nothing to contain
        }
        Map<String, Object> evidence = new TreeMap<>(f.evidence());
        evidence.put("since", f.since());
        String summary = d.verdict() == Verdict.SUSPICIOUS ? f.summary() : f.summary() + " [" + d.explanation() + "]";
        return new Alert(id, f.ts(), status, d.verdict(), f.signal(), severity, f.source(), f.labels(), d.experiment(), f.rule(),
                evidence, new ArrayList<>(containment), summary);
    }

    private Map<String, byte[]> experiments() {
        Map<String, byte[]> out = new TreeMap<>();
        try (var it = registry.all()) {
            while (it.hasNext()) {
                var kv = it.next();
                Object v = kv.value;
                if (v instanceof ValueAndTimestamp<?> vt) {
                    v = vt.value();
                }
                if (v instanceof byte[] b && b.length > 0) {
                    out.put(kv.key, b);
                }
            }
        }
        return out;
    }

    private ObjectNode memberRecord(String incident, String group, VerdictDecision d) {
        ObjectNode n = codec.records().mapper().createObjectNode();
        n.put("incident", incident);
        n.put("group", group);
        n.put("verdict", d.verdict().wire());
        if (d.experiment() != null) {
            n.put("experiment", d.experiment());
        }
        if (d.severity() != null) {
            n.put("severity", d.severity().wire());
        }
        var extra = n.putArray("extra_containment");
        d.extraContainment().forEach(c -> extra.add(c.wire()));
        n.set("checks", codec.records().mapper().valueToTree(d.checks()));
        n.put("explanation", d.explanation());
        return n;
    }

    @SuppressWarnings("unchecked")
    private VerdictDecision decisionOf(JsonNode m) {
        List<Containment> extra = new ArrayList<>();
        m.get("extra_containment").forEach(c -> extra.add(Containment.fromWire(c.asText())));
        return new VerdictDecision(Verdict.fromWire(m.get("verdict").asText()),
                m.hasNonNull("experiment") ? m.get("experiment").asText() : null,
                m.hasNonNull("severity") ? Severity.fromWire(m.get("severity").asText()) : null, extra,
                codec.records().mapper().convertValue(m.get("checks"), TreeMap.class), m.get("explanation").asText());
    }

    private JsonNode read(String key) {
        byte[] b = incidents.get(key);
        if (b == null) {
            return null;
        }
        try {
            return codec.records().mapper().readTree(b);
        } catch (IOException e) {
            throw new IllegalStateException("corrupt incident state under '" + key + "'", e);
        }
    }

    private void write(String key, JsonNode value) {
        incidents.put(key, codec.records().bytes(value));
    }

    private void emit(String key, Route route, byte[] value, long ts) {
        metrics.recordOut(route);
        context.forward(new Record<>(key, new Routed(route, value), ts));
    }
}
