package io.slowburn.verdict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Whether a declaration is authentic, and what became of each approval.
 *
 * @param valid at least {@code required} approvals by distinct trusted keys verify over the canonical form
 * @param verifiedKeys the distinct key ids whose signature verified
 * @param required the quorum ({@code approvals.min})
 * @param approvals one outcome per approval, in declaration order
 * @param explanation one line for humans
 */
public record Authenticity(boolean valid, List<String> verifiedKeys, int required, List<ApprovalOutcome> approvals,
                           String explanation) {

    public Authenticity {
        verifiedKeys = List.copyOf(verifiedKeys);
        approvals = List.copyOf(approvals);
        Objects.requireNonNull(explanation, "explanation");
    }

    /** What verification concluded about one approval. */
    public enum Outcome {
        /** A trusted key's signature over the canonical form verifies. */
        VERIFIED,
        /** The key id is not among the trusted keys. */
        UNKNOWN_KEY,
        /** The key id is trusted but the signature does not verify: impersonation, or the declaration was altered. */
        BAD_SIGNATURE,
        /** Another approval with the same key id already counts (or is kept instead): a key counts once. */
        DUPLICATE_KEY,
        /** Not an object, no key id, no signature, or a signature that is not 64 bytes of base64. */
        MALFORMED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One approval's outcome; {@code keyId} may be {@code null} for a malformed entry. */
    public record ApprovalOutcome(int index, String keyId, Outcome outcome, String reason) {

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key_id", keyId);
            m.put("outcome", outcome.wire());
            m.put("reason", reason);
            return m;
        }
    }

    /** JSON-friendly form for audit records. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("valid", valid);
        m.put("required", required);
        m.put("verified_keys", verifiedKeys);
        List<Map<String, Object>> list = new ArrayList<>();
        approvals.forEach(a -> list.add(a.toMap()));
        m.put("approvals", list);
        m.put("explanation", explanation);
        return m;
    }
}
