package io.slowburn.verdict;

import static io.slowburn.verdict.Fixtures.HOUR;
import static io.slowburn.verdict.Fixtures.MINUTE;
import static io.slowburn.verdict.Fixtures.T0;
import static io.slowburn.verdict.Fixtures.declaration;
import static io.slowburn.verdict.Fixtures.finding;
import static io.slowburn.verdict.Fixtures.findingWithOnset;
import static io.slowburn.verdict.Fixtures.json;
import static io.slowburn.verdict.Fixtures.signed;
import static io.slowburn.verdict.Fixtures.verified;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slowburn.model.Containment;
import io.slowburn.model.Finding;
import io.slowburn.model.MetricSample;
import io.slowburn.model.Signal;
import io.slowburn.model.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SanctionPolicyTest {

    private static final Map<String, String> CHECKOUT = Map.of("service", "checkout");

    private final SanctionPolicy policy = new SanctionPolicy();

    private static VerifiedExperiment memoryExp() {
        return verified(signed(declaration(), "sre-lead"));
    }

    private static VerifiedExperiment with(String field, String jsonValue) {
        ObjectNode d = declaration();
        d.set(field, json("{\"v\":" + jsonValue + "}").get("v"));
        return verified(signed(d, "sre-lead"));
    }

    private Decision decide(Finding f, VerifiedExperiment... exps) {
        return policy.decide(f, List.of(exps), BlastRadiusTracker.empty());
    }

    @Test
    void aValidSignedExperimentSanctionsAnInScopeInWindowInEnvelopeFinding() {
        long since = T0 + 20 * MINUTE;

        Decision d = decide(finding(Signal.MEMORY_DRIFT, "host-4", CHECKOUT, since), memoryExp());

        assertThat(d.verdict()).isEqualTo(Verdict.SANCTIONED);
        assertThat(d.experimentId()).isEqualTo("exp-42");
        assertThat(d.checks()).extracting(Check::pass).containsOnly(true);
        assertThat(d.checks()).extracting(c -> c.name().wire()).containsExactly(
                "authentic", "in_scope", "in_window", "in_envelope", "binary_allowed", "blast_radius", "abort_when");
        assertThat(d.explanation()).isEqualTo("sanctioned by experiment exp-42 (memory.pressure): memory_drift on host-4 began within "
                + "its scope and window");
        assertThat(d.containment(List.of(Containment.ISOLATE_NODE))).isEmpty();
    }

    @Test
    void anUnsignedExperimentSanctionsNothing() {
        Decision d = decide(finding(Signal.MEMORY_DRIFT, "host-4", CHECKOUT, T0 + MINUTE), verified(declaration()));

        assertThat(d.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(d.experimentId()).isNull();
        assertThat(d.candidateId()).isEqualTo("exp-42");
        assertThat(d.firstFailed().name()).isEqualTo(Check.Name.AUTHENTIC);
        assertThat(d.explanation()).contains("closest experiment exp-42: experiment 'exp-42' is not authentic: it is unsigned");
    }

    @Test
    void anExperimentSignedByAnUnknownOrImpersonatedKeySanctionsNothing() {
        VerifiedExperiment unknown = verified(signed(declaration(), "intern"));
        VerifiedExperiment forged = verified(
                Fixtures.SIGNER.sign(Fixtures.parse(declaration()), Fixtures.MALLORY.getPrivate(), "sre-lead"));
        Finding f = finding(Signal.MEMORY_DRIFT, "host-4", CHECKOUT, T0 + MINUTE);

        assertThat(decide(f, unknown).verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(decide(f, forged).verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(decide(f, forged).firstFailed().reason()).contains("does not verify");
    }

    @Test
    void aFindingThatBeginsAfterTheEndPlusGraceIsNotCovered() {
        long end = T0 + HOUR;

        assertThat(decide(finding(Signal.MEMORY_DRIFT, "host-4", CHECKOUT, end + 15 * MINUTE), memoryExp()).verdict())
                .as("within the 15 minute recovery grace").isEqualTo(Verdict.SANCTIONED);
        Decision late = decide(finding(Signal.MEMORY_DRIFT, "host-4", CHECKOUT, end + 15 * MINUTE + 1), memoryExp());
        assertThat(late.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(late.firstFailed().name()).isEqualTo(Check.Name.IN_WINDOW);
        assertThat(late.firstFailed().reason()).contains("after the window").contains("(expired)");
    }

    @Test
    void aFindingThatBeganBeforeTheStartIsNotCovered() {
        Decision d = decide(finding(Signal.MEMORY_DRIFT, "host-4", CHECKOUT, T0 - 1), memoryExp());

        assertThat(d.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(d.firstFailed().name()).isEqualTo(Check.Name.IN_WINDOW);
        assertThat(d.firstFailed().reason()).contains("before experiment exp-42 started at 2026-03-02T00:00:00Z");
    }

    @Test
    void anInEnvelopeFindingOutsideTheScopeOfARunningExperimentIsABreach() {
        Decision d = decide(finding(Signal.MEMORY_DRIFT, "host-9", CHECKOUT, T0 + 5 * MINUTE), memoryExp());

        assertThat(d.verdict()).isEqualTo(Verdict.BREACH);
        assertThat(d.experimentId()).isEqualTo("exp-42");
        assertThat(d.abortExperiments()).containsExactly("exp-42");
        assertThat(d.firstFailed().name()).isEqualTo(Check.Name.IN_SCOPE);
        assertThat(d.explanation()).isEqualTo("breach of experiment exp-42: source host-9 is outside the scope of experiment exp-42 "
                + "(sources: host-4); abort the experiment");
        assertThat(d.containment(List.of(Containment.ISOLATE_NODE)))
                .containsExactly(Containment.ABORT_EXPERIMENT, Containment.ISOLATE_NODE);
    }

    @Test
    void aFindingOnAnInScopeSourceWithoutTheScopeLabelsIsSuspiciousNotABreach() {
        Decision d = decide(finding(Signal.MEMORY_DRIFT, "host-4", Map.of("service", "payments"), T0 + MINUTE), memoryExp());

        assertThat(d.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(d.firstFailed().reason()).contains("do not match the scope labels {service=checkout}");
    }

    @Test
    void aKillExperimentDoesNotSanctionMemoryDriftOnTheSameHost() {
        VerifiedExperiment kill = with("faults", "[\"process.kill\"]");

        Decision d = decide(finding(Signal.MEMORY_DRIFT, "host-4", CHECKOUT, T0 + MINUTE), kill);

        assertThat(d.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(d.firstFailed().name()).isEqualTo(Check.Name.IN_ENVELOPE);
        assertThat(d.firstFailed().reason()).isEqualTo("experiment exp-42 does not cover memory_drift (faults: process.kill)");
        assertThat(d.explanation()).isEqualTo("suspicious: memory_drift on host-4 is not sanctioned; closest experiment exp-42: "
                + "experiment exp-42 does not cover memory_drift (faults: process.kill)");
        assertThat(d.containment(List.of(Containment.ISOLATE_NODE))).containsExactly(Containment.ISOLATE_NODE);
    }

    @Test
    void exceedingTheBlastRadiusIsABreach() {
        VerifiedExperiment fleet = with("scope", "{\"sources\":[\"host-*\"]}");
        ObjectNode two = declaration();
        two.set("scope", json("{\"sources\":[\"host-*\"]}"));
        ((ObjectNode) two.get("blast_radius")).put("max_sources", 2);
        VerifiedExperiment exp = verified(signed(two, "sre-lead"));
        BlastRadiusTracker tracker = BlastRadiusTracker.empty();

        Decision first = policy.decide(finding(Signal.MEMORY_DRIFT, "host-1", Map.of(), T0 + MINUTE), List.of(exp), tracker);
        tracker = tracker.after(first);
        Decision again = policy.decide(finding(Signal.GC_PRESSURE, "host-1", Map.of(), T0 + 2 * MINUTE), List.of(exp), tracker);
        tracker = tracker.after(again);
        Decision second = policy.decide(finding(Signal.MEMORY_DRIFT, "host-2", Map.of(), T0 + 3 * MINUTE), List.of(exp), tracker);
        tracker = tracker.after(second);
        Decision third = policy.decide(finding(Signal.MEMORY_DRIFT, "host-3", Map.of(), T0 + 4 * MINUTE), List.of(exp), tracker);

        assertThat(List.of(first, again, second)).extracting(Decision::verdict).containsOnly(Verdict.SANCTIONED);
        assertThat(tracker.affectedSources("exp-42")).containsExactly("host-1", "host-2");
        assertThat(third.verdict()).isEqualTo(Verdict.BREACH);
        assertThat(third.firstFailed().name()).isEqualTo(Check.Name.BLAST_RADIUS);
        assertThat(third.firstFailed().reason()).contains("3 distinct source(s)").contains("more than blast_radius.max_sources 2");
        assertThat(fleet.declaration().maxSources()).as("default: one per scope source").isEqualTo(1);
    }

    @Test
    void anAbortWhenSignalDuringTheWindowIsABreach() {
        ObjectNode d = declaration();
        d.set("faults", json("{\"f\":[\"process.kill\"]}").get("f"));
        d.set("abort_when", json("{\"a\":[{\"signal\":\"memory_drift\"}]}").get("a"));
        VerifiedExperiment exp = verified(signed(d, "sre-lead"));

        Decision decision = decide(finding(Signal.MEMORY_DRIFT, "host-4", CHECKOUT, T0 + MINUTE), exp);

        assertThat(decision.verdict()).isEqualTo(Verdict.BREACH);
        assertThat(decision.check(Check.Name.ABORT_WHEN).pass()).isFalse();
        assertThat(decision.check(Check.Name.ABORT_WHEN).reason()).isEqualTo(
                "abort_when signal memory_drift of experiment exp-42 met by memory_drift on host-4");
        assertThat(decision.containment(List.of())).containsExactly(Containment.ABORT_EXPERIMENT);
    }

    @Test
    void aBreachExplainsTheCheckThatCausedItEvenWhenAnEarlierCheckFailed() {
        ObjectNode d = declaration();
        d.set("abort_when", json("{\"a\":[{\"signal\":\"memory_drift\"}]}").get("a"));
        VerifiedExperiment exp = verified(signed(d, "sre-lead"));

        Decision decision = decide(finding(Signal.MEMORY_DRIFT, "host-4", Map.of("service", "payments"), T0 + MINUTE), exp);

        assertThat(decision.verdict()).isEqualTo(Verdict.BREACH);
        assertThat(decision.firstFailed().name()).isEqualTo(Check.Name.IN_SCOPE);
        assertThat(decision.explanation()).contains("abort_when signal memory_drift of experiment exp-42 met");
    }

    @Test
    void aMetricAbortConditionIsMetBySamplesInScopeAndWindow() {
        VerifiedExperiment exp = with("abort_when", "[{\"metric\":\"os.memory.used\",\"above\":0.95,\"of\":\"limit\"}]");
        MetricSample high = MetricSample.gauge(T0 + MINUTE, "host-4", "os.memory.used", Map.of(), 3.9e9).withLimit(4.0e9);
        MetricSample low = MetricSample.gauge(T0 + MINUTE, "host-4", "os.memory.used", Map.of(), 3.0e9).withLimit(4.0e9);
        MetricSample elsewhere = MetricSample.gauge(T0 + MINUTE, "host-9", "os.memory.used", Map.of(), 3.9e9).withLimit(4.0e9);
        MetricSample before = MetricSample.gauge(T0 - MINUTE, "host-4", "os.memory.used", Map.of(), 3.9e9).withLimit(4.0e9);

        assertThat(policy.abortTriggers(high, List.of(exp))).singleElement().satisfies(t -> {
            assertThat(t.experimentId()).isEqualTo("exp-42");
            assertThat(t.reason()).contains("os.memory.used above 0.95 of limit met on host-4");
        });
        assertThat(policy.abortTriggers(low, List.of(exp))).isEmpty();
        assertThat(policy.abortTriggers(elsewhere, List.of(exp))).isEmpty();
        assertThat(policy.abortTriggers(before, List.of(exp))).isEmpty();
        assertThat(policy.abortTriggers(high, List.of(verified(declaration())))).as("unsigned").isEmpty();
    }

    @Test
    void anExecOfAnUnnamedBinaryInsideASpawnWindowIsSuspiciousAndANamedOneIsSanctioned() {
        ObjectNode d = declaration();
        d.set("faults", json("{\"f\":[\"process.spawn\"]}").get("f"));
        d.set("allowed_binaries", json("{\"b\":[\"/opt/chaos/bin/*\",\"/usr/bin/stress-ng\"]}").get("b"));
        VerifiedExperiment spawn = verified(signed(d, "sre-lead"));
        long since = T0 + 10 * MINUTE;

        Decision named = decide(finding(Signal.UNEXPECTED_EXEC, "host-4", CHECKOUT, since,
                Map.of("exe", "/usr/bin/stress-ng", "user", "chaos")), spawn);
        Decision globbed = decide(finding(Signal.UNEXPECTED_EXEC, "host-4", CHECKOUT, since,
                Map.of("exe", "/opt/chaos/bin/forker", "user", "chaos")), spawn);
        Decision unnamed = decide(finding(Signal.UNEXPECTED_EXEC, "host-4", CHECKOUT, since,
                Map.of("exe", "/tmp/.x/kworkerd", "user", "nobody")), spawn);
        Decision traversal = decide(finding(Signal.UNEXPECTED_EXEC, "host-4", CHECKOUT, since,
                Map.of("exe", "/opt/chaos/bin/../../../tmp/x")), spawn);
        Decision noExe = decide(finding(Signal.UNEXPECTED_EXEC, "host-4", CHECKOUT, since), spawn);
        Decision churn = decide(finding(Signal.PROCESS_CHURN, "host-4", CHECKOUT, since), spawn);

        assertThat(named.verdict()).isEqualTo(Verdict.SANCTIONED);
        assertThat(globbed.verdict()).isEqualTo(Verdict.SANCTIONED);
        assertThat(unnamed.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(unnamed.firstFailed().name()).isEqualTo(Check.Name.BINARY_ALLOWED);
        assertThat(unnamed.firstFailed().reason())
                .startsWith("exec of /tmp/.x/kworkerd is not named in allowed_binaries of experiment exp-42");
        assertThat(traversal.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(noExe.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(churn.verdict()).isEqualTo(Verdict.SANCTIONED);
    }

    @Test
    void noDeclaredExperimentMeansSuspicious() {
        Decision d = decide(finding(Signal.CRASH_LOOP, "host-4", CHECKOUT, T0));

        assertThat(d.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(d.candidateId()).isNull();
        assertThat(d.checks()).isEmpty();
        assertThat(d.explanation()).isEqualTo("suspicious: crash_loop on host-4 is not sanctioned: no experiment is declared");
    }

    @Test
    void aSanctioningExperimentIsPreferredOverOneThatWouldBreachAndTheChoiceIsDeterministic() {
        ObjectNode other = declaration().put("id", "exp-7");
        other.set("scope", json("{\"sources\":[\"host-9\"]}"));
        VerifiedExperiment elsewhere = verified(signed(other, "sre-lead"));
        Finding f = finding(Signal.MEMORY_DRIFT, "host-4", CHECKOUT, T0 + MINUTE);

        Decision a = decide(f, elsewhere, memoryExp());
        Decision b = decide(f, memoryExp(), elsewhere);

        assertThat(a).isEqualTo(b);
        assertThat(a.verdict()).isEqualTo(Verdict.SANCTIONED);
        assertThat(a.experimentId()).isEqualTo("exp-42");
        assertThat(a.countsAgainst()).containsExactly("exp-42");
    }

    @Test
    void anUnsignedDeclarationNamingTheSourceDoesNotTurnABreachOfARunningSignedExperimentIntoASuspicion() {
        // A signed memory experiment runs on host-4; memory drifts on host-9, which an unsigned declaration claims.
        // The records cannot tell the signed one's spread from the forger's own effect, and if the unsigned claim
        // won, anyone who can write one record could keep a spreading experiment from being aborted.
        ObjectNode claim = declaration().put("id", "exp-forged");
        claim.set("scope", json("{\"sources\":[\"host-9\"]}"));
        VerifiedExperiment forged = verified(claim);
        Finding f = finding(Signal.MEMORY_DRIFT, "host-9", CHECKOUT, T0 + 5 * MINUTE);

        Decision d = decide(f, forged, memoryExp());

        assertThat(d.verdict()).isEqualTo(Verdict.BREACH);
        assertThat(d.abortExperiments()).containsExactly("exp-42");
        assertThat(decide(f, forged).verdict()).as("without the signed experiment").isEqualTo(Verdict.SUSPICIOUS);
    }

    @Test
    void theClosestCandidateExplainsASuspiciousVerdict() {
        VerifiedExperiment unsigned = verified(declaration().put("id", "exp-1"));
        VerifiedExperiment kill = with("faults", "[\"process.kill\"]");

        Decision d = decide(finding(Signal.MEMORY_DRIFT, "host-4", CHECKOUT, T0 + MINUTE), unsigned, kill);

        assertThat(d.candidateId()).isEqualTo("exp-42");
        assertThat(d.firstFailed().name()).isEqualTo(Check.Name.IN_ENVELOPE);
    }

    @Test
    void theEvidenceMapListsEveryCheck() {
        Decision d = decide(finding(Signal.MEMORY_DRIFT, "host-4", CHECKOUT, T0 + HOUR + 20 * MINUTE), memoryExp());

        Map<String, Object> e = d.toEvidence();

        assertThat(e).containsEntry("verdict", "suspicious").containsEntry("experiment", null).containsEntry("candidate", "exp-42");
        assertThat(e.get("checks")).asInstanceOf(LIST).hasSize(7).first().isEqualTo(Map.of("check", "authentic", "pass", true,
                "reason", "experiment 'exp-42' is authentic: 1 of 1 required approval(s) by distinct trusted keys (sre-lead)"));
        assertThat(e.get("checks")).asInstanceOf(LIST).element(2).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("check", "in_window").containsEntry("pass", false);
    }
    // ---- onset: an effect that began clearly before an experiment is not the experiment's ----

    /** exp-42 runs on host-4 from T0; memory drifts on host-9, first seen 37 minutes in. */
    private static Finding driftOnHost9(long onset) {
        return findingWithOnset(Signal.MEMORY_DRIFT, "host-9", CHECKOUT, T0 + 37 * MINUTE, onset);
    }

    @Test
    void anEffectElsewhereThatBeganHoursBeforeARunningExperimentIsSuspiciousNotABreach() {
        // A host memory leak on host-9 began 2.5 h before the signed memory experiment on host-4 started; its trend is
        // first called 37 minutes into the experiment. The experiment cannot have caused it: no abort.
        Decision d = decide(driftOnHost9(T0 - 150 * MINUTE), memoryExp());

        assertThat(d.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(d.abortExperiments()).isEmpty();
        assertThat(d.countsAgainst()).as("not counted against the blast radius").isEmpty();
        assertThat(d.containment(List.of(Containment.CAPTURE_FORENSICS))).containsExactly(Containment.CAPTURE_FORENSICS);
        assertThat(d.candidateId()).isEqualTo("exp-42");
        assertThat(d.firstFailed().name()).isEqualTo(Check.Name.IN_SCOPE);
        Check window = d.checks().get(2);
        assertThat(window.name()).isEqualTo(Check.Name.IN_WINDOW);
        assertThat(window.pass()).isFalse();
        assertThat(window.reason()).isEqualTo("memory_drift on host-9 was first seen at 2026-03-02T00:37:00Z but the effect began at "
                + "2026-03-01T21:30:00Z (onset estimated from the series), more than the onset tolerance PT30M before experiment "
                + "exp-42 started at 2026-03-02T00:00:00Z (an effect already under way is not the experiment's)");
    }

    @Test
    void theOnsetToleranceIsExclusiveToTheMillisecond() {
        long edge = T0 - SanctionPolicy.DEFAULT_ONSET_TOLERANCE.toMillis();

        assertThat(decide(driftOnHost9(edge), memoryExp()).verdict()).as("at the tolerance").isEqualTo(Verdict.BREACH);
        assertThat(decide(driftOnHost9(edge - 1), memoryExp()).verdict()).as("one ms before").isEqualTo(Verdict.SUSPICIOUS);
        assertThat(decide(driftOnHost9(T0 - 10 * MINUTE), memoryExp()).verdict()).as("a fill a few minutes early")
                .isEqualTo(Verdict.BREACH);
    }

    @Test
    void anEffectWithoutAnOnsetEstimateIsJudgedAsBefore() {
        Decision d = decide(finding(Signal.MEMORY_DRIFT, "host-9", CHECKOUT, T0 + 37 * MINUTE), memoryExp());

        assertThat(d.verdict()).isEqualTo(Verdict.BREACH);
        assertThat(d.abortExperiments()).containsExactly("exp-42");
    }

    @Test
    void anEffectThatBeganBeforeTheExperimentIsNotSanctionedByItEither() {
        Finding f = findingWithOnset(Signal.MEMORY_DRIFT, "host-4", CHECKOUT, T0 + 20 * MINUTE, T0 - 3 * HOUR);

        Decision d = decide(f, memoryExp());

        assertThat(d.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(d.firstFailed().name()).isEqualTo(Check.Name.IN_WINDOW);
        assertThat(new SanctionPolicy(SanctionPolicy.DEFAULT_GRACE, java.time.Duration.ofHours(4)).decide(f, List.of(memoryExp()),
                BlastRadiusTracker.empty()).verdict()).as("a wider tolerance").isEqualTo(Verdict.SANCTIONED);
    }

    @Test
    void anOnsetCanNeverBeLaterThanWhenTheConditionHeld() {
        Finding f = findingWithOnset(Signal.MEMORY_DRIFT, "host-9", CHECKOUT, T0 + 37 * MINUTE, T0 + 5 * HOUR);

        assertThat(f.onset()).isEqualTo(f.since());
        assertThat(f.hasEarlierOnset()).isFalse();
        assertThat(finding(Signal.MEMORY_DRIFT, "host-9", CHECKOUT, T0).onset()).isEqualTo(T0);
    }

    @Test
    void anUnsignedDeclarationStillCannotTurnABreachIntoASuspicionWhenTheEffectBeganDuringTheExperiment() {
        // The onset changes nothing for an effect that began after the signed experiment started (seed 10 of the suite:
        // kills on the forged declaration's host 40 minutes into a signed kill experiment elsewhere).
        ObjectNode claim = declaration().put("id", "exp-forged");
        claim.set("scope", json("{\"sources\":[\"host-9\"]}"));
        Finding f = driftOnHost9(T0 + 30 * MINUTE);

        Decision d = decide(f, verified(claim), memoryExp());

        assertThat(d.verdict()).isEqualTo(Verdict.BREACH);
        assertThat(d.abortExperiments()).containsExactly("exp-42");
    }

    @Test
    void aNegativeOnsetToleranceIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SanctionPolicy(SanctionPolicy.DEFAULT_GRACE,
                java.time.Duration.ofMinutes(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("onset tolerance must be zero or positive, got 'PT-1M'");
    }
}
