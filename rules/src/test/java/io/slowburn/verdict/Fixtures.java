package io.slowburn.verdict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slowburn.model.Containment;
import io.slowburn.model.Finding;
import io.slowburn.model.Severity;
import io.slowburn.model.Signal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;

/** Shared test material: keys, a contract declaration, findings. */
final class Fixtures {

    /** 2026-03-02T00:00:00Z: the experiment window starts here. */
    static final long T0 = 1_772_409_600_000L;
    static final long MINUTE = 60_000L;
    static final long HOUR = 60 * MINUTE;

    static final KeyPair SRE_LEAD = ExperimentKeys.generate();
    static final KeyPair SEC_OFFICER = ExperimentKeys.generate();
    static final KeyPair MALLORY = ExperimentKeys.generate();

    static final TrustedKeys TRUSTED = TrustedKeys.of(Map.of(
            "sre-lead", SRE_LEAD.getPublic(), "sec-officer", SEC_OFFICER.getPublic()));

    static final DeclarationParser PARSER = new DeclarationParser();
    static final DeclarationSigner SIGNER = new DeclarationSigner();
    static final DeclarationVerifier VERIFIER = new DeclarationVerifier(TRUSTED);

    private Fixtures() {
    }

    /** exp-42: memory.pressure on host-4 (service=checkout) from T0 for one hour, declared 90 minutes before. */
    static ObjectNode declaration() {
        return json("""
                {"stream":"experiment","ts":1772404200000,"id":"exp-42","title":"squeeze checkout heap",
                 "hypothesis":"checkout degrades gracefully under memory pressure",
                 "scope":{"sources":["host-4"],"labels":{"service":"checkout"}},
                 "faults":["memory.pressure"],"start":1772409600000,"end":1772413200000,
                 "blast_radius":{"max_sources":1},"abort_when":[],"allowed_binaries":[]}""");
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) CanonicalJson.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ExperimentDeclaration parse(JsonNode n) {
        try {
            return PARSER.parse(n);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The declaration signed in turn by each named key ("sre-lead", "sec-officer", or any id with MALLORY's key). */
    static ObjectNode signed(ObjectNode decl, String... keyIds) {
        ObjectNode cur = decl;
        for (String id : keyIds) {
            KeyPair k = switch (id) {
                case "sre-lead" -> SRE_LEAD;
                case "sec-officer" -> SEC_OFFICER;
                default -> MALLORY;
            };
            cur = SIGNER.sign(parse(cur), k.getPrivate(), id);
        }
        return cur;
    }

    static VerifiedExperiment verified(ObjectNode decl) {
        return VERIFIER.check(parse(decl));
    }

    static Finding finding(Signal signal, String source, Map<String, String> labels, long since) {
        return finding(signal, source, labels, since, Map.of());
    }

    static Finding finding(Signal signal, String source, Map<String, String> labels, long since, Map<String, Object> evidence) {
        return new Finding("test-rule", signal, Severity.CRITICAL, source, labels, source, since, since + 10 * MINUTE,
                evidence, List.of(Containment.ISOLATE_NODE, Containment.CAPTURE_FORENSICS), "test finding");
    }

    /** A finding first seen at {@code since} whose analysis estimated that the effect began at {@code onset}. */
    static Finding findingWithOnset(Signal signal, String source, Map<String, String> labels, long since, long onset) {
        return new Finding("test-rule", signal, Severity.CRITICAL, source, labels, source, since, since + 10 * MINUTE,
                Map.of(), List.of(Containment.ISOLATE_NODE, Containment.CAPTURE_FORENSICS), "test finding", onset);
    }
}
