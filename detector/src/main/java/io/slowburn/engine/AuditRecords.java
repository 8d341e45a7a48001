package io.slowburn.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slowburn.model.Alert;
import io.slowburn.verdict.Decision;
import io.slowburn.verdict.VerifiedExperiment;
import java.util.List;
import java.util.Map;

/**
 * Decision records for the audit topic: every verdict and why, every shadow finding, every incident join and every
 * abort command. Append-only; keyed by alert id or experiment id.
 */
public final class AuditRecords {

    private final InternalCodec codec;

    public AuditRecords(InternalCodec codec) {
        this.codec = codec;
    }

    /**
     * The decision behind an alert (firing or resolved): the verdict, the experiment, every check with its outcome
     * and reason, and the finding with its evidence.
     */
    public byte[] verdict(Alert alert, FindingTransition t, Map<String, Object> decision, String incident) {
        ObjectNode n = base("verdict", alert.ts());
        n.put("alert", alert.id());
        n.put("status", alert.status().wire());
        n.put("verdict", alert.verdict().wire());
        putNullable(n, "experiment", alert.experiment());
        n.set("decision", codec.records().mapper().valueToTree(decision));
        putNullable(n, "incident", incident);
        n.set("finding", codec.findingJson(t.finding()));
        return codec.records().bytes(n);
    }

    /** A finding that joined an open incident of the same signal instead of raising its own alert. */
    public byte[] joined(FindingTransition t, Decision d, String incident) {
        ObjectNode n = base("joined", t.finding().ts());
        n.put("alert", incident);
        n.put("member", t.alertId());
        n.put("status", t.status().wire());
        n.put("verdict", d.verdict().wire());
        putNullable(n, "experiment", d.experimentId());
        n.set("decision", codec.records().mapper().valueToTree(d.toEvidence()));
        n.set("finding", codec.findingJson(t.finding()));
        return codec.records().bytes(n);
    }

    /** A member of a grouped incident resolved while others remain. */
    public byte[] left(FindingTransition t, String incident) {
        ObjectNode n = base("left", t.finding().ts());
        n.put("alert", incident);
        n.put("member", t.alertId());
        n.put("status", t.status().wire());
        n.set("finding", codec.findingJson(t.finding()));
        return codec.records().bytes(n);
    }

    /** What a shadow rule would have alerted. */
    public byte[] shadow(FindingTransition t, Decision d) {
        ObjectNode n = base("shadow", t.finding().ts());
        n.put("alert", t.alertId());
        n.put("status", t.status().wire());
        n.put("would_alert", d == null ? "resolved" : d.verdict().wire());
        if (d != null) {
            putNullable(n, "experiment", d.experimentId());
            n.set("decision", codec.records().mapper().valueToTree(d.toEvidence()));
        }
        n.set("finding", codec.findingJson(t.finding()));
        return codec.records().bytes(n);
    }

    /** A finding an exception kept from alerting (firing, and its resolution): the exception, its reason, the finding. */
    public byte[] suppressed(FindingTransition t, String exception, String reason) {
        ObjectNode n = base("suppressed", t.finding().ts());
        n.put("alert", t.alertId());
        n.put("status", t.status().wire());
        n.put("exception", exception);
        n.put("reason", reason);
        n.put("shadow", t.shadow());
        n.set("finding", codec.findingJson(t.finding()));
        return codec.records().bytes(n);
    }

    /** A rules reload: accepted (the rules now in force) or rejected (every problem; the last good rules keep running). */
    public byte[] rulesReload(boolean accepted, String origin, List<String> rules, List<String> problems, long ts) {
        ObjectNode n = base(accepted ? "rules_reloaded" : "rules_rejected", ts);
        n.put("origin", origin);
        var r = n.putArray("rules");
        rules.forEach(r::add);
        var p = n.putArray("problems");
        problems.forEach(p::add);
        return codec.records().bytes(n);
    }

    /** A declaration the registry did not take (an unauthentic replacement, a replay of an older version). */
    public byte[] rejected(String experiment, String reason, long ts) {
        ObjectNode n = base("declaration_rejected", ts);
        n.put("experiment", experiment);
        n.put("reason", reason);
        return codec.records().bytes(n);
    }

    /**
     * A declaration the registry took, and whether it can sanction anything: "declaration_accepted" when its approvals
     * verify, "declaration_unverified" when they do not (it is kept, so a later signed version can supersede it, but it
     * sanctions nothing: calling that "accepted" misled operators).
     */
    public byte[] accepted(String experiment, boolean authentic, String reason, long ts) {
        ObjectNode n = base(authentic ? "declaration_accepted" : "declaration_unverified", ts);
        n.put("experiment", experiment);
        n.put("authentic", authentic);
        n.put("reason", reason);
        return codec.records().bytes(n);
    }

    /**
     * A registered declaration replaced by a newer one of the same id (whose own record follows): which version went,
     * so the trail shows what sanctioned what until when.
     */
    public byte[] superseded(VerifiedExperiment previous, boolean byAuthentic, long ts) {
        ObjectNode n = base("declaration_superseded", ts);
        n.put("experiment", previous.id());
        n.put("authentic", previous.authentic());
        Long declared = previous.declaration().ts();
        if (declared == null) {
            n.putNull("declared");
        } else {
            n.put("declared", declared);
        }
        n.put("by_authentic", byAuthentic);
        return codec.records().bytes(n);
    }

    /** A registered declaration removed by a tombstone on the experiments topic: it sanctions nothing from here on. */
    public byte[] withdrawn(String experiment, long ts) {
        ObjectNode n = base("declaration_withdrawn", ts);
        n.put("experiment", experiment);
        return codec.records().bytes(n);
    }

    /** An abort command sent to the control topic. */
    public byte[] abort(String experiment, String alert, String reason, long ts) {
        ObjectNode n = base("abort", ts);
        n.put("experiment", experiment);
        n.put("alert", alert);
        n.put("reason", reason);
        return codec.records().bytes(n);
    }

    private ObjectNode base(String type, long ts) {
        ObjectNode n = codec.records().mapper().createObjectNode();
        n.put("type", type);
        n.put("ts", ts);
        return n;
    }

    private static void putNullable(ObjectNode n, String field, String value) {
        if (value == null) {
            n.putNull(field);
        } else {
            n.put(field, value);
        }
    }
}
