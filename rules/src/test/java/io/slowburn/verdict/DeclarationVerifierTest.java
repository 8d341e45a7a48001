package io.slowburn.verdict;

import static io.slowburn.verdict.Fixtures.MALLORY;
import static io.slowburn.verdict.Fixtures.SRE_LEAD;
import static io.slowburn.verdict.Fixtures.T0;
import static io.slowburn.verdict.Fixtures.TRUSTED;
import static io.slowburn.verdict.Fixtures.declaration;
import static io.slowburn.verdict.Fixtures.json;
import static io.slowburn.verdict.Fixtures.parse;
import static io.slowburn.verdict.Fixtures.signed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slowburn.verdict.Authenticity.Outcome;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DeclarationVerifierTest {

    private final DeclarationVerifier one = new DeclarationVerifier(TRUSTED);
    private final DeclarationVerifier two = new DeclarationVerifier(TRUSTED, 2);

    private static Outcome[] outcomes(Authenticity a) {
        return a.approvals().stream().map(Authenticity.ApprovalOutcome::outcome).toArray(Outcome[]::new);
    }

    @Test
    void aDeclarationSignedByATrustedKeyIsAuthentic() {
        Authenticity a = one.verify(parse(signed(declaration(), "sre-lead")));

        assertThat(a.valid()).isTrue();
        assertThat(a.verifiedKeys()).containsExactly("sre-lead");
        assertThat(outcomes(a)).containsExactly(Outcome.VERIFIED);
        assertThat(a.explanation()).isEqualTo("experiment 'exp-42' is authentic: 1 of 1 required approval(s) by distinct trusted keys"
                + " (sre-lead)");
    }

    @Test
    void anUnsignedDeclarationIsNotAuthentic() {
        Authenticity a = one.verify(parse(declaration()));

        assertThat(a.valid()).isFalse();
        assertThat(a.explanation()).contains("is unsigned");
    }

    @Test
    void aSignatureByAnUnknownKeyDoesNotCount() {
        Authenticity a = one.verify(parse(signed(declaration(), "intern")));

        assertThat(a.valid()).isFalse();
        assertThat(outcomes(a)).containsExactly(Outcome.UNKNOWN_KEY);
        assertThat(a.explanation()).contains("key 'intern' is not trusted");
    }

    @Test
    void anotherKeysSignatureUnderATrustedKeyIdIsImpersonation() {
        ObjectNode forged = SIGNER_AS_MALLORY("sre-lead");

        Authenticity a = one.verify(parse(forged));

        assertThat(a.valid()).isFalse();
        assertThat(outcomes(a)).containsExactly(Outcome.BAD_SIGNATURE);
        assertThat(a.explanation()).contains("trusted key id 'sre-lead' does not verify");
    }

    /** Mallory signs with her own key but writes a trusted key id. */
    private static ObjectNode SIGNER_AS_MALLORY(String keyId) {
        return Fixtures.SIGNER.sign(parse(declaration()), MALLORY.getPrivate(), keyId);
    }

    private static Arguments change(String what, Consumer<ObjectNode> c) {
        return Arguments.of(what, c);
    }

    private static ArrayNode arr(ObjectNode d, String... path) {
        com.fasterxml.jackson.databind.JsonNode n = d;
        for (String p : path) {
            n = n.get(p);
        }
        return (ArrayNode) n;
    }

    private static ObjectNode obj(ObjectNode d, String... path) {
        com.fasterxml.jackson.databind.JsonNode n = d;
        for (String p : path) {
            n = n.get(p);
        }
        return (ObjectNode) n;
    }

    static Stream<Arguments> tamperings() {
        return Stream.of(
                change("id", d -> d.put("id", "exp-43")),
                change("scope.sources", d -> arr(d, "scope", "sources").add("host-5")),
                change("scope.sources glob", d -> arr(d, "scope", "sources").set(0, "host-*")),
                change("scope.labels", d -> obj(d, "scope", "labels").put("service", "payments")),
                change("scope.labels removed", d -> obj(d, "scope").remove("labels")),
                change("start", d -> d.put("start", T0 - 1)),
                change("end", d -> d.put("end", T0 + 2 * Fixtures.HOUR)),
                change("start as ISO of the same instant", d -> d.put("start", "2026-03-02T00:00:00Z")),
                change("faults", d -> arr(d, "faults").add("process.spawn")),
                change("blast_radius", d -> obj(d, "blast_radius").put("max_sources", 50)),
                change("abort_when", d -> arr(d, "abort_when").add(json("{\"signal\":\"crash_loop\"}"))),
                change("allowed_binaries", d -> arr(d, "allowed_binaries").add("/tmp/*")),
                change("ts", d -> d.put("ts", T0)),
                change("title", d -> d.put("title", "harmless")),
                change("a new field", d -> d.put("note", "trust me")));
    }

    @ParameterizedTest(name = "changing {0} after signing breaks the signature")
    @MethodSource("tamperings")
    void anyChangeAfterSigningBreaksTheSignature(String field, Consumer<ObjectNode> change) {
        ObjectNode d = signed(declaration(), "sre-lead");
        assertThat(one.verify(parse(d)).valid()).isTrue();

        change.accept(d);
        Authenticity a = one.verify(parse(d));

        assertThat(a.valid()).as(field).isFalse();
        assertThat(outcomes(a)).containsExactly(Outcome.BAD_SIGNATURE);
    }

    @Test
    void reformattingOrReorderingOrChangingTheStreamTagKeepsTheSignature() throws Exception {
        ObjectNode d = signed(declaration(), "sre-lead");
        String pretty = Fixtures.json(d.toString()).toPrettyString();
        ObjectNode reordered = json("{\"end\":" + d.get("end") + "}");
        d.properties().forEach(e -> reordered.set(e.getKey(), e.getValue()));
        reordered.remove("stream");

        assertThat(one.verify(Fixtures.PARSER.parse(pretty)).valid()).isTrue();
        assertThat(one.verify(parse(reordered)).valid()).isTrue();
    }

    @Test
    void aQuorumOfTwoNeedsTwoDistinctTrustedKeys() {
        ObjectNode once = signed(declaration(), "sre-lead");
        ObjectNode both = signed(declaration(), "sre-lead", "sec-officer");
        ArrayNode sameTwice = ((ArrayNode) once.get("approvals")).add(once.get("approvals").get(0).deepCopy());

        assertThat(two.verify(parse(once)).valid()).isFalse();
        assertThat(two.verify(parse(once)).explanation()).contains("1 of 2 required");
        assertThat(two.verify(parse(both)).valid()).isTrue();
        assertThat(two.verify(parse(both)).verifiedKeys()).containsExactly("sre-lead", "sec-officer");
        Authenticity twice = two.verify(parse(once.set("approvals", sameTwice)));
        assertThat(twice.valid()).isFalse();
        assertThat(outcomes(twice)).containsExactly(Outcome.VERIFIED, Outcome.DUPLICATE_KEY);
    }

    @Test
    void aBogusApprovalPutFirstCannotShadowAGenuineOneOfTheSameKey() {
        ObjectNode genuine = signed(declaration(), "sre-lead");
        ObjectNode bogus = SIGNER_AS_MALLORY("sre-lead");
        ArrayNode approvals = json("{\"a\":[]}").putArray("a").add(bogus.get("approvals").get(0)).add(genuine.get("approvals").get(0));

        Authenticity a = one.verify(parse(genuine.set("approvals", approvals)));

        assertThat(a.valid()).isTrue();
        assertThat(outcomes(a)).containsExactly(Outcome.DUPLICATE_KEY, Outcome.VERIFIED);
    }

    @Test
    void malformedApprovalsAreReportedAndDoNotCount() {
        ObjectNode d = declaration();
        d.set("approvals", json("{\"a\":[{\"key_id\":\"sre-lead\",\"sig\":\"not base64!\"},{\"key_id\":\"sre-lead\",\"sig\":\"c2ln\"},"
                + "{\"key_id\":\"sre-lead\"}]}").get("a"));

        Authenticity a = one.verify(parse(d));

        assertThat(a.valid()).isFalse();
        assertThat(outcomes(a)).containsExactly(Outcome.MALFORMED, Outcome.MALFORMED, Outcome.MALFORMED);
        assertThat(a.approvals().get(1).reason()).contains("is 3 bytes, an Ed25519 signature is 64");
    }

    @Test
    void signingTwiceWithTheSameKeyReplacesItsApproval() {
        ObjectNode twice = signed(signed(declaration(), "sre-lead", "sec-officer"), "sre-lead");

        assertThat(twice.get("approvals")).hasSize(2);
        assertThat(twice.get("approvals").get(0).get("key_id").asText()).isEqualTo("sre-lead");
        assertThat(two.verify(parse(twice)).valid()).isTrue();
    }

    @Test
    void aKeyRemovedFromTheTrustedSetNoLongerCounts() {
        ExperimentDeclaration d = parse(signed(declaration(), "sre-lead"));
        TrustedKeys rotated = TrustedKeys.of(java.util.Map.of("sec-officer", Fixtures.SEC_OFFICER.getPublic()));

        assertThat(new DeclarationVerifier(rotated).verify(d).valid()).isFalse();
        assertThat(rotated.fingerprint()).isNotEqualTo(TRUSTED.fingerprint());
        assertThat(TrustedKeys.of(java.util.Map.of("sre-lead", SRE_LEAD.getPublic(), "sec-officer", Fixtures.SEC_OFFICER.getPublic()))
                .fingerprint()).isEqualTo(TRUSTED.fingerprint());
    }
}
