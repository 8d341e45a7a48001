package io.slowburn.detector;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slowburn.model.Alert;

/**
 * Decision records for the audit topic: every verdict and why, every shadow finding, every incident join and every
 * abort command. Append-only; keyed by alert id or experiment id.
 */
final class AuditRecords {

    private final InternalCodec codec;

    AuditRecords(InternalCodec codec) {
        this.codec = codec;
    }

    /** The decision behind an alert (firing or resolved). */
    byte[] verdict(Alert alert, FindingTransition t, VerdictDecision d, String incident) {
        ObjectNode n = base("verdict", alert.ts());
        n.put("alert", alert.id());
        n.put("status", alert.status().wire());
        n.put("verdict", d.verdict().wire());
        putNullable(n, "experiment", d.experiment());
        n.put("explanation", d.explanation());
        n.set("checks", codec.records().mapper().valueToTree(d.checks()));
        putNullable(n, "incident", incident);
        n.set("finding", codec.findingJson(t.finding()));
        return codec.records().bytes(n);
    }

    /** A finding that joined an open incident of the same signal instead of raising its own alert. */
    byte[] joined(FindingTransition t, VerdictDecision d, String incident) {
        ObjectNode n = base("joined", t.finding().ts());
        n.put("alert", incident);
        n.put("member", t.alertId());
        n.put("status", t.status().wire());
        n.put("verdict", d.verdict().wire());
        putNullable(n, "experiment", d.experiment());
        n.put("explanation", d.explanation());
        n.set("checks", codec.records().mapper().valueToTree(d.checks()));
        n.set("finding", codec.findingJson(t.finding()));
        return codec.records().bytes(n);
    }

    /** What a shadow rule would have alerted. */
    byte[] shadow(FindingTransition t, VerdictDecision d) {
        ObjectNode n = base("shadow", t.finding().ts());
        n.put("alert", t.alertId());
        n.put("status", t.status().wire());
        n.put("would_alert", d == null ? "resolved" : d.verdict().wire());
        if (d != null) {
            putNullable(n, "experiment", d.experiment());
            n.put("explanation", d.explanation());
            n.set("checks", codec.records().mapper().valueToTree(d.checks()));
        }
        n.set("finding", codec.findingJson(t.finding()));
        return codec.records().bytes(n);
    }

    /** An abort command sent to the control topic. */
    byte[] abort(String experiment, String alert, String reason, long ts) {
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
