package io.slowburn.detector.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.slowburn.engine.AuditSeal;
import java.security.PublicKey;
import java.util.List;

/**
 * Checks the signed checkpoints of one writer's chain (already verified link by link, in seq order) against the
 * detector's public key: each checkpoint must seal the record right before it with a valid signature, and no stretch
 * of records may be longer than the checkpoint interval the checkpoints sign (a removed checkpoint shows so).
 */
final class AuditSealCheck {

    /** Checkpoints seen, the seq of the last valid one (-1: none), the records after it, and the first break (or null). */
    record Sealing(long checkpoints, long sealedThrough, long unsealed, String broken) {
    }

    /** One chained record: where it was, its seq and prev, and its JSON. */
    record Linked(String where, long seq, String prev, JsonNode node) {
    }

    private AuditSealCheck() {
    }

    static Sealing check(String writer, List<Linked> links, PublicKey key) {
        long checkpoints = 0;
        long every = -1;
        long since = 0;
        long sealedThrough = -1;
        for (Linked l : links) {
            String at = l.where() + " (writer " + writer + ", seq " + l.seq() + "): ";
            if (!AuditSeal.TYPE.equals(l.node().path("type").asText())) {
                since++;
                if (every > 0 && since > every) {
                    return new Sealing(checkpoints, sealedThrough, since, at + "checkpoint missing: more than " + every
                            + " records after the checkpoint at seq " + sealedThrough + " (removed, or the records rewritten)");
                }
                continue;
            }
            JsonNode n = l.node();
            long sealedSeq = n.path(AuditSeal.SEALED_SEQ).asLong(-1);
            String head = n.path(AuditSeal.SEALED_HEAD).asText("");
            long ev = n.path(AuditSeal.EVERY).asLong(-1);
            if (sealedSeq != l.seq() - 1 || !head.equals(l.prev()) || ev < 1
                    || !AuditSeal.verifies(key, writer, sealedSeq, head, ev, n.path(AuditSeal.SIG).asText(""))) {
                return new Sealing(checkpoints, sealedThrough, since, at + "forged checkpoint: its signature does not verify "
                        + "with the public key given (the records before it were rewritten, or another key signed it)");
            }
            if (since > ev) {
                return new Sealing(checkpoints, sealedThrough, since, at + "checkpoint missing: " + since
                        + " records since the last checkpoint, more than " + ev);
            }
            checkpoints++;
            every = ev;
            since = 0;
            sealedThrough = l.seq();
        }
        return new Sealing(checkpoints, sealedThrough, since, null);
    }
}
