package io.slowburn.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slowburn.alerting.AlertIds;
import io.slowburn.detector.service.DetectorMetrics;
import io.slowburn.model.Alert;
import io.slowburn.model.AlertStatus;
import io.slowburn.model.Containment;
import io.slowburn.model.Finding;
import io.slowburn.model.Severity;
import io.slowburn.model.Signal;
import io.slowburn.model.Verdict;
import io.slowburn.rules.RuleException;
import io.slowburn.verdict.BlastRadiusTracker;
import io.slowburn.verdict.Decision;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The verdict stage. It sees every finding transition of the fleet (they are rare: one per incident start or end,
 * never one per sample), because a blast radius and "one abort per experiment" need the whole fleet. For each
 * firing finding it asks the {@link VerdictPolicy} with the experiments of the registry (verified against the keys
 * trusted now) and the blast radius so far; groups findings of correlated signals on several sources into one
 * incident; and emits alerts (firing once, resolved once, with the verdict decided at firing), an audit record for
 * every decision, and one abort command per breached experiment.
 */
public final class VerdictDesk {

    /**
     * The correlation key of the verdict stage: every finding transition of the fleet meets in one place, because a
     * blast radius and "one abort per experiment" need the fleet view. Transitions are rare (one per incident start
     * or end), so one partition carries them; the per-sample work scales with the telemetry partitions.
     */
    public static final String FLEET = "fleet";

    /** What the stage needs to know of its configuration. */
    public record Settings(Set<String> correlatedSignals, long correlationWindowMs, long watermarkIdleMs, int upstreamTasks,
                           AuditSeal auditSeal) {
    }

    /** The name of the verdict stage's audit chain (one stage task, so one writer). */
    public static final String AUDIT_WRITER = "verdict";

    private static final String BLAST = "~blast";
    /** The verdict stage's own copy of the accepted declarations, by id. */
    private static final String DECLARATION = "x|";
    /** Findings suppressed by an exception while they fire: alert id to the exception's name. */
    private static final String SUPPRESSED = "s|";

    private final InternalCodec codec;
    private final VerdictPolicy policy;
    private final ExperimentCatalog catalog;
    private final DetectorMetrics metrics;
    private final Set<String> correlated;
    private final long correlationWindowMs;
    private final AuditRecords audit;
    private final AuditChain chain;
    private final RuleBook rules;
    private final KeyValueState state;
    private final EventTimeGate gate;
    private final String task;
    private final Emitter out;

    /**
     * With the rule book whose named exceptions suppress findings (none when {@code rules} is null); {@code upstream}
     * is how many tasks send heartbeats (every intake task and every source-stage task).
     */
    public VerdictDesk(InternalCodec codec, VerdictPolicy policy, ExperimentCatalog catalog, DetectorMetrics metrics, RuleBook rules,
                       Settings settings, KeyValueState state, KeyValueState buffer, String task, long wallNow, Emitter out) {
        this.rules = rules;
        this.codec = codec;
        this.policy = policy;
        this.catalog = catalog;
        this.metrics = metrics;
        this.correlated = Set.copyOf(settings.correlatedSignals());
        this.correlationWindowMs = settings.correlationWindowMs();
        this.audit = new AuditRecords(codec);
        this.state = state;
        this.chain = new AuditChain(state, AUDIT_WRITER, codec.records(), settings.auditSeal());
        this.gate = new EventTimeGate(HeldBuffer.over(buffer),
                new Watermarks(state, settings.watermarkIdleMs(), settings.upstreamTasks(), wallNow));
        this.task = task;
        this.out = out;
    }

    /**
     * One input record: an upstream task's heartbeat, an audit record relayed by another writer ({@link AuditRelay}),
     * a finding transition, a declaration or an abort trigger.
     */
    public void process(String key, byte[] value, long ts, long wallNow) {
        if (Watermarks.isHeartbeat(key)) {
            gate.watermarks().heartbeat(value, wallNow).ifPresent(this::release);
        } else if (AuditRelay.isRelayed(key)) {
            emit(AuditRelay.auditKey(key), Route.AUDIT, value, ts); // linked into the chain as it arrives
        } else if (!gate.hold(key, ts, value)) {
            handle(value);
        }
    }

    /** As wall-clock time passes, a silent upstream task stops holding the watermark back. */
    public void wallClock(long wallNow) {
        gate.watermarks().advance(wallNow).ifPresent(this::release);
    }

    /** Decides, in event-time order, on every transition the upstream watermark has passed. */
    private void release(long low) {
        for (EventTimeGate.Held h : gate.release(low)) {
            handle(h.value());
        }
        metrics.watermark("verdict", task, low);
    }

    public void close() {
        metrics.watermarkGone("verdict", task);
    }

    private void handle(byte[] value) {
        JsonNode n = read(value, "record on the findings topic");
        String type = n.has("type") ? n.get("type").asText() : "";
        if (type.equals("abort_trigger")) {
            abortTriggered(n);
            return;
        }
        if (type.equals("declaration")) {
            String key = DECLARATION + n.get("id").asText();
            if (n.hasNonNull("value")) {
                state.put(key, n.get("value").asText().getBytes(StandardCharsets.UTF_8));
            } else {
                state.delete(key);
            }
            return;
        }
        FindingTransition t = codec.readTransition(n);
        if (t.status() == AlertStatus.FIRING) {
            fire(t);
        } else {
            resolve(t);
        }
    }

    private void fire(FindingTransition t) {
        Finding f = t.finding();
        Optional<RuleException> exception = rules == null ? Optional.empty()
                : rules.rules().exceptionFor(f);
        if (exception.isPresent()) {
            // Not alerted, never silently: the audit trail names the exception and its reason, and a counter counts it.
            RuleException e = exception.get();
            state.put(SUPPRESSED + t.alertId(), e.name().getBytes(StandardCharsets.UTF_8));
            metrics.suppressed(e.name());
            emit(t.alertId(), Route.AUDIT, audit.suppressed(t, e.name(), e.reason()), f.ts());
            return;
        }
        BlastRadiusTracker blast = blastRadius();
        Decision d = policy.decide(f, catalog.verified(experiments()), blast);
        if (t.shadow()) {
            emit(t.alertId(), Route.AUDIT, audit.shadow(t, d), f.ts());
            return;
        }
        saveBlastRadius(blast.after(d));
        String incident = t.alertId();
        String groupKey = "g|" + f.rule() + "|" + d.verdict().wire() + "|" + d.experimentId();
        if (correlated.contains(f.signal().wire())) {
            JsonNode open = readKey(groupKey);
            if (open != null && f.since() - open.get("since").asLong() <= correlationWindowMs) {
                incident = open.get("incident").asText();
                ((ObjectNode) open).withArray("members").add(t.alertId());
                write(groupKey, open);
                write("m|" + t.alertId(), memberRecord(incident, groupKey, d, f));
                emit(incident, Route.AUDIT, audit.joined(t, d, incident), f.ts());
                abortAll(d, incident, f.ts());
                return;
            }
            ObjectNode group = codec.records().mapper().createObjectNode();
            group.put("incident", incident);
            group.put("since", f.since());
            group.putArray("members").add(t.alertId());
            write(groupKey, group);
        }
        write("m|" + t.alertId(), memberRecord(incident, groupKey, d, f));
        Alert alert = alert(incident, AlertStatus.FIRING, f, f.onset(), d.verdict(), d.experimentId(),
                severity(d.verdict(), f.severity()), d.containment(f.containment()), d.explanation());
        metrics.alert(d.verdict());
        emit(incident, Route.ALERT, codec.records().bytes(codec.records().toJson(alert)), f.ts());
        emit(incident, Route.AUDIT, audit.verdict(alert, t, d.toEvidence(), null), f.ts());
        abortAll(d, incident, f.ts());
    }

    private void resolve(FindingTransition t) {
        Finding f = t.finding();
        byte[] suppressedBy = state.get(SUPPRESSED + t.alertId());
        if (suppressedBy != null) {
            state.delete(SUPPRESSED + t.alertId());
            String name = new String(suppressedBy, StandardCharsets.UTF_8);
            String reason = rules == null ? "" : rules.rules().exceptions().stream().filter(e -> e.name().equals(name))
                    .map(RuleException::reason).findFirst().orElse("");
            emit(t.alertId(), Route.AUDIT, audit.suppressed(t, name, reason), f.ts());
            return;
        }
        if (t.shadow()) {
            emit(t.alertId(), Route.AUDIT, audit.shadow(t, null), f.ts());
            return;
        }
        JsonNode member = readKey("m|" + t.alertId());
        state.delete("m|" + t.alertId());
        String incident = member == null ? t.alertId() : member.get("incident").asText();
        if (member != null && correlated.contains(f.signal().wire())) {
            String groupKey = member.get("group").asText();
            JsonNode group = readKey(groupKey);
            if (group != null) {
                List<String> left = new ArrayList<>();
                group.get("members").forEach(m -> {
                    if (!m.asText().equals(t.alertId())) {
                        left.add(m.asText());
                    }
                });
                if (!left.isEmpty()) {
                    var arr = ((ObjectNode) group).putArray("members");
                    left.forEach(arr::add);
                    write(groupKey, group);
                    emit(incident, Route.AUDIT, audit.left(t, incident), f.ts());
                    return;
                }
                state.delete(groupKey);
            }
        }
        Verdict verdict = member == null ? Verdict.SUSPICIOUS : Verdict.fromWire(member.get("verdict").asText());
        String experiment = member == null || !member.hasNonNull("experiment") ? null : member.get("experiment").asText();
        Severity severity = member == null ? f.severity() : Severity.fromWire(member.get("severity").asText());
        List<Containment> containment = new ArrayList<>();
        if (member == null) {
            containment.addAll(f.containment());
        } else {
            member.get("containment").forEach(c -> containment.add(Containment.fromWire(c.asText())));
        }
        String explanation = member == null ? "firing decision not found" : member.get("explanation").asText();
        long onset = member != null && member.path("onset").canConvertToLong() ? member.get("onset").asLong() : f.since();
        Alert alert = alert(incident, AlertStatus.RESOLVED, f, onset, verdict, experiment, severity, containment, explanation);
        emit(incident, Route.ALERT, codec.records().bytes(codec.records().toJson(alert)), f.ts());
        emit(incident, Route.AUDIT, audit.verdict(alert, t, member == null ? Map.of() : evidence(member), incident), f.ts());
    }

    /** An abort_when metric condition: a breach alert and the experiment's abort command (once). */
    private void abortTriggered(JsonNode n) {
        String experiment = n.get("experiment").asText();
        String reason = n.get("reason").asText();
        long ts = n.get("ts").asLong();
        if (state.get("a|" + experiment) != null) {
            return;
        }
        String id = AlertIds.of("abort-when", experiment, ts);
        Map<String, Object> evidence = new TreeMap<>();
        evidence.put("abort_when", reason);
        evidence.put("since", ts);
        Alert alert = new Alert(id, ts, AlertStatus.FIRING, Verdict.BREACH, Signal.ANOMALY, Severity.CRITICAL,
                n.get("source").asText(), Map.of(), experiment, "abort-when", evidence, List.of(Containment.ABORT_EXPERIMENT),
                "breach of experiment " + experiment + ": " + reason);
        metrics.alert(Verdict.BREACH);
        emit(id, Route.ALERT, codec.records().bytes(codec.records().toJson(alert)), ts);
        sendAbort(experiment, id, reason, ts);
    }

    private void abortAll(Decision d, String alertId, long ts) {
        for (String experiment : d.abortExperiments()) {
            if (state.get("a|" + experiment) == null) {
                sendAbort(experiment, alertId, d.explanation(), ts);
            }
        }
    }

    /** One abort command per experiment: the store and the output commit together, so no crash duplicates it. */
    private void sendAbort(String experiment, String alertId, String reason, long ts) {
        state.put("a|" + experiment, ByteBuffer.allocate(8).putLong(ts).array());
        ObjectNode command = codec.records().mapper().createObjectNode();
        command.put("action", "abort");
        command.put("experiment", experiment);
        command.put("ts", ts);
        command.put("reason", reason);
        command.put("alert", alertId);
        emit(experiment, Route.CONTROL, codec.records().bytes(command), ts);
        emit(experiment, Route.AUDIT, audit.abort(experiment, alertId, reason, ts), ts);
    }

    private static Severity severity(Verdict verdict, Severity ruleSeverity) {
        return switch (verdict) {
            case SANCTIONED -> Severity.INFO;
            case BREACH -> Severity.CRITICAL;
            case SUSPICIOUS -> ruleSeverity;
        };
    }

    /** The alert of a finding; {@code onset} (when the effect began, as decided at firing) joins the evidence if before since. */
    private Alert alert(String id, AlertStatus status, Finding f, long onset, Verdict verdict, String experiment, Severity severity,
                        List<Containment> containment, String explanation) {
        Map<String, Object> evidence = new TreeMap<>(f.evidence());
        evidence.put("since", f.since());
        if (onset < f.since()) {
            evidence.put("onset", onset);
        }
        String summary = verdict == Verdict.SUSPICIOUS ? f.summary() : f.summary() + " [" + explanation + "]";
        return new Alert(id, f.ts(), status, verdict, f.signal(), severity, f.source(), f.labels(), experiment, f.rule(),
                evidence, containment, summary);
    }

    private Map<String, byte[]> experiments() {
        Map<String, byte[]> declared = new TreeMap<>();
        for (Map.Entry<String, byte[]> kv : state.prefix(DECLARATION)) {
            declared.put(kv.getKey().substring(DECLARATION.length()), kv.getValue());
        }
        return declared;
    }

    private BlastRadiusTracker blastRadius() {
        JsonNode n = readKey(BLAST);
        if (n == null) {
            return BlastRadiusTracker.empty();
        }
        Map<String, Collection<String>> m = new TreeMap<>();
        n.properties().forEach(e -> {
            Set<String> sources = new TreeSet<>();
            e.getValue().forEach(s -> sources.add(s.asText()));
            m.put(e.getKey(), sources);
        });
        return BlastRadiusTracker.fromMap(m);
    }

    private void saveBlastRadius(BlastRadiusTracker t) {
        if (!t.toMap().isEmpty() || state.get(BLAST) != null) {
            state.put(BLAST, codec.records().bytes(codec.records().mapper().valueToTree(t.toMap())));
        }
    }

    private ObjectNode memberRecord(String incident, String group, Decision d, Finding f) {
        ObjectNode n = codec.records().mapper().createObjectNode();
        n.put("incident", incident);
        n.put("group", group);
        n.put("verdict", d.verdict().wire());
        if (d.experimentId() != null) {
            n.put("experiment", d.experimentId());
        }
        n.put("severity", severity(d.verdict(), f.severity()).wire());
        var c = n.putArray("containment");
        d.containment(f.containment()).forEach(x -> c.add(x.wire()));
        n.put("explanation", d.explanation());
        if (f.hasEarlierOnset()) {
            n.put("onset", f.onset()); // so the resolved alert shows the onset the firing one did
        }
        n.set("decision", codec.records().mapper().valueToTree(d.toEvidence()));
        return n;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> evidence(JsonNode member) {
        return member.has("decision") ? codec.records().mapper().convertValue(member.get("decision"), TreeMap.class) : Map.of();
    }

    private JsonNode readKey(String key) {
        byte[] b = state.get(key);
        return b == null ? null : read(b, "verdict state under '" + key + "'");
    }

    private JsonNode read(byte[] b, String what) {
        try {
            return codec.records().mapper().readTree(b);
        } catch (IOException e) {
            throw new IllegalStateException("corrupt " + what, e);
        }
    }

    private void write(String key, JsonNode value) {
        state.put(key, codec.records().bytes(value));
    }

    private void emit(String key, Route route, byte[] value, long ts) {
        metrics.recordOut(route);
        if (route != Route.AUDIT) {
            out.emit(key, route, value, ts);
            return;
        }
        for (byte[] linked : chain.linkAll(value)) { // and a signed checkpoint, when one is due
            out.emit(key, route, linked, ts);
        }
    }
}
