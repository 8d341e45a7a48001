package io.slowburn.bench.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.slowburn.ingest.simulate.TruthEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScorerTest {

    private static final long START = 1_772_500_000_000L;          // the incident's start
    private static final long END = START + 2 * 3_600_000L;        // and end, two hours later
    private static final long WINDOW_OPENS = START - 5 * 60_000L;  // 5 minutes before the start
    private static final long WINDOW_CLOSES = END + 60 * 60_000L;  // 60 minutes after the end

    private static final TruthEntry LEAK = new TruthEntry("incident", "i1", "heap_leak_12h", "suspicious", List.of("web-1"), START, END,
            List.of("memory_drift"), null, null);
    private static final TruthEntry KILL = new TruthEntry("incident", "i2", "sanctioned_kill", "sanctioned", List.of("web-2"), START,
            END, List.of("crash_loop"), "exp-ok", null);
    private static final TruthEntry SPREAD = new TruthEntry("incident", "i3", "experiment_out_of_scope", "breach",
            List.of("web-3", "web-4"), START, END, List.of("retry_storm"), "exp-spread", null);
    private static final TruthEntry STEP = new TruthEntry("confounder", "c4", "level_step_heap", "benign", List.of("web-5"), START,
            END, List.of("memory_drift"), null, null);
    private static final TruthEntry CYCLE = new TruthEntry("confounder", "c5", "daily_weekly_cycle", "benign", List.of("web-5"),
            START - 86_400_000L, END, List.of("latency_drift"), null, null);
    private static final List<TruthEntry> DECLARED = List.of(
            new TruthEntry("experiment", "exp-ok", "declaration", null, List.of("web-2"), START, END, List.of(), "exp-ok", "signed"),
            new TruthEntry("experiment", "exp-spread", "declaration", null, List.of("web-3"), START, END, List.of(), "exp-spread",
                    "signed"),
            new TruthEntry("experiment", "exp-forged", "declaration", null, List.of("web-6"), START, END, List.of(), "exp-forged",
                    "tampered"));

    private static Alert alert(long ts, String verdict, String signal, String source) {
        return new Alert("a", ts, "firing", verdict, signal, source, null, "rule", List.of());
    }

    private static Alert attributed(long ts, String verdict, String source, String experiment, List<String> containment) {
        return new Alert("a", ts, "firing", verdict, "crash_loop", source, experiment, "rule", containment);
    }

    private static Scorer.Outcome leak(Alert... alerts) {
        return Scorer.score(List.of(LEAK), List.of(alerts)).outcomes().get(0);
    }

    @Test
    void shouldCatchAtTheWindowsFirstMillisecondWithANegativeDelay() {
        Scorer.Outcome o = leak(alert(WINDOW_OPENS, "suspicious", "memory_drift", "web-1"));
        assertThat(o.caught()).isTrue();
        assertThat(o.delayMs()).isEqualTo(-5 * 60_000L);
    }

    @Test
    void shouldNotMatchOneMillisecondBeforeTheWindowOpens() {
        Scorer.Score s = Scorer.score(List.of(LEAK), List.of(alert(WINDOW_OPENS - 1, "suspicious", "memory_drift", "web-1")));
        assertThat(s.outcomes().get(0).caught()).isFalse();
        assertThat(s.falseAlerts()).hasSize(1);
    }

    @Test
    void shouldCatchAtTheWindowsLastMillisecondAndNotOneAfter() {
        assertThat(leak(alert(WINDOW_CLOSES, "suspicious", "memory_drift", "web-1")).delayMs()).isEqualTo(WINDOW_CLOSES - START);
        Scorer.Score after = Scorer.score(List.of(LEAK), List.of(alert(WINDOW_CLOSES + 1, "suspicious", "memory_drift", "web-1")));
        assertThat(after.outcomes().get(0).caught()).isFalse();
        assertThat(after.falseAlerts()).extracting(Scorer.FalseAlert::source).containsExactly("web-1");
    }

    @Test
    void shouldTakeTheDelayOfTheFirstCatchingAlert() {
        Scorer.Outcome o = leak(alert(START + 7_200_000L, "suspicious", "memory_drift", "web-1"),
                alert(START + 3_600_000L, "suspicious", "memory_drift", "web-1"));
        assertThat(o.delayMs()).isEqualTo(3_600_000L);
    }

    @Test
    void shouldNeedTheRightSignalVerdictSourceAndFiringStatus() {
        assertThat(leak(alert(START, "suspicious", "fd_exhaustion", "web-1")).caught()).isFalse();
        assertThat(leak(alert(START, "sanctioned", "memory_drift", "web-1")).caught()).isFalse();
        assertThat(leak(alert(START, "suspicious", "memory_drift", "web-2")).caught()).isFalse();
        assertThat(leak(new Alert("a", START, "resolved", "suspicious", "memory_drift", "web-1", null, "r", List.of())).caught()).isFalse();
    }

    @Test
    void aMatchingAlertWithAnotherSignalIsNeitherACatchNorAFalseAlert() {
        Scorer.Score s = Scorer.score(List.of(LEAK), List.of(alert(START, "suspicious", "crash_loop", "web-1")));
        assertThat(s.outcomes().get(0).caught()).isFalse();
        assertThat(s.outcomes().get(0).why()).contains("no suspicious alert with [memory_drift]");
        assertThat(s.falseAlerts()).isEmpty();
        assertThat(s.offSignal()).as("listed apart, so that it cannot hide")
                .extracting(Scorer.FalseAlert::source, Scorer.FalseAlert::signal).containsExactly(tuple("web-1", "crash_loop"));
    }

    @Test
    void shouldListAnAlertOffSignalOnlyWhenNoIncidentItMatchesTakesItsSignal() {
        TruthEntry churn = new TruthEntry("incident", "i9", "process_leak_12h", "suspicious", List.of("web-1"), START, END,
                List.of("process_churn"), null, null);
        Alert memory = alert(START, "suspicious", "memory_drift", "web-1");
        assertThat(Scorer.score(List.of(churn), List.of(memory)).offSignal()).hasSize(1);
        assertThat(Scorer.score(List.of(churn, LEAK), List.of(memory)).offSignal()).as("the leak takes memory_drift").isEmpty();
        assertThat(Scorer.score(List.of(churn), List.of(alert(START, "sanctioned", "memory_drift", "web-1"))).offSignal())
                .as("only suspicious and breach alerts").isEmpty();
        assertThat(Scorer.score(List.of(KILL, DECLARED.get(0)), List.of(alert(START, "suspicious", "memory_drift", "web-2")))
                .offSignal()).as("a sanctioned incident judges every alert that matches it").isEmpty();
        assertThat(Scorer.score(List.of(churn), List.of(alert(WINDOW_CLOSES + 1, "suspicious", "memory_drift", "web-1")))
                .offSignal()).as("matching nothing: a false alert, not off-signal").isEmpty();
    }

    @Test
    void shouldAttributeASanctionedEffectOnlyToItsExperimentAndOnlyWhenNothingSuspiciousFires() {
        List<TruthEntry> truth = List.of(KILL, DECLARED.get(0));
        assertThat(Scorer.score(truth, List.of(attributed(START, "sanctioned", "web-2", "exp-ok", List.of()))).outcomes().get(0).caught())
                .isTrue();
        assertThat(Scorer.score(truth, List.of(attributed(START, "sanctioned", "web-2", "exp-other", List.of()))).outcomes().get(0)
                .caught()).isFalse();
        assertThat(Scorer.score(truth, List.of()).outcomes().get(0).caught()).as("seeing nothing is not attribution").isFalse();
        Scorer.Outcome spoiled = Scorer.score(truth, List.of(attributed(START, "sanctioned", "web-2", "exp-ok", List.of()),
                alert(END + 60 * 60_000L, "suspicious", "unexpected_exec", "web-2"))).outcomes().get(0);
        assertThat(spoiled.caught()).isFalse();
        assertThat(spoiled.why()).contains("suspicious/breach");
    }

    @Test
    void shouldCatchABreachOnlyWithTheExperimentAndAbortExperiment() {
        List<TruthEntry> truth = List.of(SPREAD, DECLARED.get(1));
        Alert good = attributed(START + 60_000L, "breach", "web-4", "exp-spread", List.of("abort_experiment"));
        Alert noAbort = attributed(START, "breach", "web-4", "exp-spread", List.of("isolate_node"));
        Alert sanctionedOnDeclaredHost = attributed(START, "sanctioned", "web-3", "exp-spread", List.of());
        Scorer.Score s = Scorer.score(truth, List.of(noAbort, sanctionedOnDeclaredHost, good));
        assertThat(s.outcomes().get(0).caught()).isTrue();
        assertThat(s.outcomes().get(0).delayMs()).isEqualTo(60_000L);
        assertThat(Scorer.score(truth, List.of(noAbort)).outcomes().get(0).caught()).isFalse();
    }

    @Test
    void shouldCountFalseAlertsOncePerSourceAndSignalAndNameTheConfounderTheySatOn() {
        List<TruthEntry> truth = List.of(LEAK, STEP, CYCLE);
        Scorer.Score s = Scorer.score(truth, List.of(alert(START + 1, "suspicious", "memory_drift", "web-5"),
                alert(START + 2, "suspicious", "memory_drift", "web-5"), alert(START + 3, "breach", "latency_drift", "web-5"),
                alert(START + 4, "sanctioned", "latency_drift", "web-5")));
        assertThat(s.falseAlerts()).hasSize(2);
        assertThat(s.falseAlerts().get(0).count()).isEqualTo(2);
        assertThat(s.falseAlerts().get(0).confounderKind()).isEqualTo("level_step_heap");
        assertThat(s.falseAlerts().get(1).confounderKind()).as("the confounder that tempts latency_drift").isEqualTo("daily_weekly_cycle");
    }

    @Test
    void shouldCountSanctionedAlertsNamingAnExperimentNeverValidlyDeclared() {
        List<TruthEntry> truth = new java.util.ArrayList<>(DECLARED);
        truth.add(KILL);
        Scorer.Score s = Scorer.score(truth, List.of(attributed(START, "sanctioned", "web-6", "exp-forged", List.of()),
                attributed(START, "sanctioned", "web-2", "exp-ok", List.of()), attributed(START, "sanctioned", "web-2", "exp-nobody",
                        List.of())));
        assertThat(s.misattributions()).extracting(Alert::experiment).containsExactly("exp-forged", "exp-nobody");
    }
}
