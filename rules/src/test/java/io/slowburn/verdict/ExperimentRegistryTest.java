package io.slowburn.verdict;

import static io.slowburn.verdict.Fixtures.HOUR;
import static io.slowburn.verdict.Fixtures.T0;
import static io.slowburn.verdict.Fixtures.VERIFIER;
import static io.slowburn.verdict.Fixtures.declaration;
import static io.slowburn.verdict.Fixtures.parse;
import static io.slowburn.verdict.Fixtures.signed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExperimentRegistryTest {

    private final ExperimentRegistry registry = new ExperimentRegistry(VERIFIER);

    @Test
    void aValidlySignedLaterDeclarationReplacesTheEarlierOne() {
        registry.offer(parse(signed(declaration(), "sre-lead")));
        ObjectNode extended = declaration().put("ts", T0 - HOUR).put("end", T0 + 2 * HOUR);

        ExperimentRegistry.Admission a = registry.offer(parse(signed(extended, "sre-lead")));

        assertThat(a.accepted()).isTrue();
        assertThat(registry.get("exp-42").orElseThrow().declaration().end()).isEqualTo(T0 + 2 * HOUR);
    }

    @Test
    void anUnsignedOrForgedReplacementIsRejectedAndTheValidOneStays() {
        registry.offer(parse(signed(declaration(), "sre-lead")));
        ObjectNode wider = declaration().put("ts", T0 - HOUR);
        wider.set("scope", Fixtures.json("{\"sources\":[\"*\"]}"));

        ExperimentRegistry.Admission unsigned = registry.offer(parse(wider));
        ExperimentRegistry.Admission forged = registry.offer(parse(
                Fixtures.SIGNER.sign(parse(wider), Fixtures.MALLORY.getPrivate(), "sre-lead")));

        assertThat(unsigned.accepted()).isFalse();
        assertThat(unsigned.reason()).contains("rejected, the earlier authentic declaration stays").contains("unsigned");
        assertThat(forged.accepted()).isFalse();
        assertThat(registry.lastRejection("exp-42")).hasValueSatisfying(r -> r.contains("does not verify"));
        assertThat(registry.get("exp-42").orElseThrow().declaration().scope().sources()).containsExactly("host-4");
        assertThat(registry.get("exp-42").orElseThrow().authentic()).isTrue();
    }

    @Test
    void anOlderSignedVersionCannotBeReplayedOverANewerOne() {
        ObjectNode v1 = signed(declaration(), "sre-lead");
        ObjectNode v2 = signed(declaration().put("ts", T0 - 10 * 60_000L).put("end", T0 + 10 * 60_000L), "sre-lead");
        registry.offer(parse(v1));
        registry.offer(parse(v2));

        ExperimentRegistry.Admission replay = registry.offer(parse(v1));

        assertThat(replay.accepted()).isFalse();
        assertThat(replay.reason()).contains("a replay of a superseded version");
        assertThat(registry.get("exp-42").orElseThrow().declaration().end()).isEqualTo(T0 + 10 * 60_000L);
    }

    @Test
    void signaturesForOneIdCannotBeReplayedUnderAnother() {
        ObjectNode d = signed(declaration(), "sre-lead");
        d.put("id", "exp-99");

        ExperimentRegistry.Admission a = registry.offer(parse(d));

        assertThat(a.experiment().authentic()).isFalse();
        assertThat(registry.authentic()).isEmpty();
        assertThat(a.reason()).contains("sanctions nothing");
    }

    @Test
    void anUnauthenticFirstDeclarationIsKeptForExplanationsAndReplacedByAValidOne() {
        registry.offer(parse(declaration()));
        assertThat(registry.experiments()).hasSize(1);
        assertThat(registry.authentic()).isEmpty();

        assertThat(registry.offer(parse(signed(declaration(), "sre-lead"))).accepted()).isTrue();
        assertThat(registry.authentic()).hasSize(1);
    }

    @Test
    void reloadingTrustedKeysReverifiesStoredDeclarations() {
        registry.offer(parse(signed(declaration(), "sre-lead")));
        TrustedKeys rotated = TrustedKeys.of(Map.of("sec-officer", Fixtures.SEC_OFFICER.getPublic()));

        assertThat(registry.reverify(new DeclarationVerifier(rotated))).containsExactly("exp-42");
        assertThat(registry.authentic()).isEmpty();
        assertThat(registry.get("exp-42")).isPresent();
    }
}
