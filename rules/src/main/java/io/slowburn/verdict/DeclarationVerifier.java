package io.slowburn.verdict;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides whether a declaration is authentic: at least {@code minApprovals} approvals by DISTINCT trusted key ids
 * whose Ed25519 signature verifies over the declaration's canonical form ({@link CanonicalJson}). Because the canonical
 * form covers every field but {@code approvals} and {@code stream}, any change after signing (id, scope, window,
 * faults, blast radius, abort conditions, allowed binaries, even the title) makes every signature fail. Immutable and
 * thread-safe; build a new one when the trusted keys are reloaded.
 */
public final class DeclarationVerifier {

    /** Ed25519 signatures are 64 bytes. */
    public static final int SIGNATURE_BYTES = 64;

    private final TrustedKeys keys;
    private final int minApprovals;

    /** Verifier with a quorum of one. */
    public DeclarationVerifier(TrustedKeys keys) {
        this(keys, 1);
    }

    /** @param minApprovals {@code approvals.min}: at least 1 (a quorum of 0 would trust unsigned declarations) */
    public DeclarationVerifier(TrustedKeys keys, int minApprovals) {
        this.keys = Objects.requireNonNull(keys, "keys");
        if (minApprovals < 1) {
            throw new IllegalArgumentException("approvals.min must be at least 1, got " + minApprovals);
        }
        this.minApprovals = minApprovals;
    }

    public TrustedKeys keys() {
        return keys;
    }

    public int minApprovals() {
        return minApprovals;
    }

    /** Verifies and pairs: what the registry and the policy use. */
    public VerifiedExperiment check(ExperimentDeclaration d) {
        return new VerifiedExperiment(d, verify(d));
    }

    public Authenticity verify(ExperimentDeclaration d) {
        byte[] canonical = d.canonicalBytes();
        List<ExperimentDeclaration.Approval> approvals = d.approvals();
        Authenticity.Outcome[] outcomes = new Authenticity.Outcome[approvals.size()];
        String[] reasons = new String[approvals.size()];
        for (int i = 0; i < approvals.size(); i++) {
            ExperimentDeclaration.Approval a = approvals.get(i);
            if (a.problem() != null) {
                outcomes[i] = Authenticity.Outcome.MALFORMED;
                reasons[i] = a.problem();
                continue;
            }
            byte[] sig;
            try {
                sig = Base64.getDecoder().decode(a.sig());
            } catch (IllegalArgumentException e) {
                outcomes[i] = Authenticity.Outcome.MALFORMED;
                reasons[i] = "signature of '" + a.keyId() + "' is not base64";
                continue;
            }
            if (sig.length != SIGNATURE_BYTES) {
                outcomes[i] = Authenticity.Outcome.MALFORMED;
                reasons[i] = "signature of '" + a.keyId() + "' is " + sig.length + " bytes, an Ed25519 signature is 64";
                continue;
            }
            PublicKey key = keys.get(a.keyId()).orElse(null);
            if (key == null) {
                outcomes[i] = Authenticity.Outcome.UNKNOWN_KEY;
                reasons[i] = "key '" + a.keyId() + "' is not trusted";
            } else if (verifies(key, canonical, sig)) {
                outcomes[i] = Authenticity.Outcome.VERIFIED;
                reasons[i] = "signature of trusted key '" + a.keyId() + "' verifies";
            } else {
                outcomes[i] = Authenticity.Outcome.BAD_SIGNATURE;
                reasons[i] = "signature under trusted key id '" + a.keyId()
                        + "' does not verify (declaration altered after signing, or signed by another key)";
            }
        }
        // a key counts once: per key id, the first verified approval stands (else the first one); the others are duplicates
        Map<String, Integer> kept = new HashMap<>();
        for (int i = 0; i < approvals.size(); i++) {
            if (outcomes[i] == Authenticity.Outcome.VERIFIED) {
                kept.putIfAbsent(approvals.get(i).keyId(), i);
            }
        }
        for (int i = 0; i < approvals.size(); i++) {
            if (outcomes[i] != Authenticity.Outcome.MALFORMED) {
                kept.putIfAbsent(approvals.get(i).keyId(), i);
            }
        }
        for (int i = 0; i < approvals.size(); i++) {
            String id = approvals.get(i).keyId();
            if (outcomes[i] != Authenticity.Outcome.MALFORMED && kept.get(id) != i) {
                outcomes[i] = Authenticity.Outcome.DUPLICATE_KEY;
                reasons[i] = "key '" + id + "' already has an approval on this declaration; a key counts once";
            }
        }
        List<Authenticity.ApprovalOutcome> list = new ArrayList<>();
        Set<String> verified = new LinkedHashSet<>();
        for (int i = 0; i < approvals.size(); i++) {
            list.add(new Authenticity.ApprovalOutcome(i, approvals.get(i).keyId(), outcomes[i], reasons[i]));
            if (outcomes[i] == Authenticity.Outcome.VERIFIED) {
                verified.add(approvals.get(i).keyId());
            }
        }
        boolean valid = verified.size() >= minApprovals;
        return new Authenticity(valid, List.copyOf(verified), minApprovals, list, explain(d, valid, verified, list));
    }

    private String explain(ExperimentDeclaration d, boolean valid, Set<String> verified, List<Authenticity.ApprovalOutcome> list) {
        String head = "experiment '" + d.id() + "'";
        if (list.isEmpty()) {
            return head + " is not authentic: it is unsigned (needs " + minApprovals + " approval(s) by trusted keys)";
        }
        String counted = verified.size() + " of " + minApprovals + " required approval(s) by distinct trusted keys"
                + (verified.isEmpty() ? "" : " (" + String.join(", ", verified) + ")");
        if (valid) {
            return head + " is authentic: " + counted;
        }
        StringBuilder why = new StringBuilder();
        for (Authenticity.ApprovalOutcome o : list) {
            if (o.outcome() != Authenticity.Outcome.VERIFIED) {
                why.append("; ").append(o.reason());
            }
        }
        return head + " is not authentic: " + counted + why;
    }

    static boolean verifies(PublicKey key, byte[] data, byte[] sig) {
        try {
            Signature s = Signature.getInstance(ExperimentKeys.ALGORITHM);
            s.initVerify(key);
            s.update(data);
            return s.verify(sig);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
