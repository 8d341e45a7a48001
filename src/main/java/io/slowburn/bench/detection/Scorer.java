package io.slowburn.bench.detection;

import io.slowburn.ingest.simulate.TruthEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Matches alerts to a scenario's truth exactly as DETECTION.md ("Matching alerts to incidents") says:
 * <ul>
 * <li>a firing alert matches an incident when its source is one of the incident's and its time lies in
 *     {@code [start - 5 min, end + 60 min]} (both edges included);</li>
 * <li>a {@code suspicious} incident is caught by a matching {@code suspicious} alert with one of its signals;</li>
 * <li>a {@code sanctioned} incident is caught when no matching {@code suspicious} or {@code breach} alert fires and a
 *     matching {@code sanctioned} alert names its experiment (any signal: the attribution is what counts);</li>
 * <li>a {@code breach} incident is caught by a matching {@code breach} alert naming its experiment with
 *     {@code abort_experiment} in its containment;</li>
 * <li>the delay runs from the incident's start to the first alert that catches it;</li>
 * <li>a false alert is a {@code suspicious} or {@code breach} alert matching no incident (benign confounders are not
 *     incidents), counted once per source and signal; it is reported with the confounder it sat on (matching it as an
 *     incident would be matched; one that tempts the alert's signal first, then the most recent);</li>
 * <li>a misattribution is a {@code sanctioned} alert naming an experiment that was never validly declared (not a
 *     signed, untampered declaration of the truth).</li>
 * </ul>
 * Beyond DETECTION.md, what its matching by source and time hides: a {@code suspicious} or {@code breach} alert that
 * matches only {@code suspicious} incidents none of which has its signal (a warm-up's memory warning on a host whose
 * process count leaks) is neither a catch nor a false alert there. Such alerts are listed apart, counted as false
 * alerts are, so that a false alert cannot hide behind another incident on its host.
 */
public final class Scorer {

    public static final long BEFORE_MS = 5 * 60_000L;
    public static final long AFTER_MS = 60 * 60_000L;
    private static final int SHOWN = 6;

    private Scorer() {
    }

    /** How one incident fared. {@code delayMs} is null when it was missed; {@code why} says why, or what caught it. */
    public record Outcome(TruthEntry incident, boolean caught, Long delayMs, Alert first, List<Alert> matching, String why) {
    }

    /** One false (or off-signal) alert: a source and signal, with the benign confounder it sat on, if any. */
    public record FalseAlert(String source, String signal, String verdict, String rule, long firstTs, int count,
                             String confounderKind, String confounderId) {
    }

    /** {@code offSignal}: alerts matched by source and time only, off every matched incident's signals (see above). */
    public record Score(List<Outcome> outcomes, List<FalseAlert> falseAlerts, List<Alert> misattributions, List<FalseAlert> offSignal) {
    }

    public static boolean matches(Alert a, TruthEntry e) {
        return e.sources().contains(a.source()) && a.ts() >= e.start() - BEFORE_MS && a.ts() <= e.end() + AFTER_MS;
    }

    public static Score score(List<TruthEntry> truth, List<Alert> all) {
        List<Alert> alerts = all.stream().filter(Alert::firing).sorted(Comparator.comparingLong(Alert::ts)).toList();
        List<TruthEntry> incidents = truth.stream().filter(e -> TruthEntry.INCIDENT.equals(e.type())).toList();
        List<Outcome> outcomes = incidents.stream().map(i -> outcome(i, alerts)).toList();
        Set<String> valid = truth.stream().filter(e -> TruthEntry.EXPERIMENT.equals(e.type()) && "signed".equals(e.authenticity()))
                .map(TruthEntry::id).collect(Collectors.toSet());
        List<Alert> misattributed = alerts.stream().filter(a -> "sanctioned".equals(a.verdict()) && !valid.contains(a.experiment()))
                .toList();
        List<TruthEntry> confounders = truth.stream().filter(e -> TruthEntry.CONFOUNDER.equals(e.type())).toList();
        return new Score(outcomes, bySourceAndSignal(confounders, alerts, a -> incidents.stream().noneMatch(i -> matches(a, i))),
                misattributed, bySourceAndSignal(confounders, alerts, a -> offSignal(a, incidents)));
    }

    /**
     * The alert matches incidents, all of them {@code suspicious} and none with its signal: a sanctioned or breach
     * incident judges every alert that matches it (attribution, not the signal, is what counts there).
     */
    private static boolean offSignal(Alert a, List<TruthEntry> incidents) {
        List<TruthEntry> matched = incidents.stream().filter(i -> matches(a, i)).toList();
        return !matched.isEmpty() && matched.stream().allMatch(i -> "suspicious".equals(i.verdict()) && !i.signals().contains(a.signal()));
    }

    static Outcome outcome(TruthEntry i, List<Alert> alerts) {
        List<Alert> matching = alerts.stream().filter(a -> matches(a, i)).toList();
        List<Alert> catching = switch (i.verdict()) {
            case "sanctioned" -> matching.stream().filter(a -> "sanctioned".equals(a.verdict()) && i.experiment() != null
                    && i.experiment().equals(a.experiment())).toList();
            case "breach" -> matching.stream().filter(a -> "breach".equals(a.verdict()) && i.experiment() != null
                    && i.experiment().equals(a.experiment()) && a.containsAbort()).toList();
            default -> matching.stream().filter(a -> i.verdict().equals(a.verdict()) && i.signals().contains(a.signal())).toList();
        };
        List<Alert> wrong = "sanctioned".equals(i.verdict())
                ? matching.stream().filter(a -> "suspicious".equals(a.verdict()) || "breach".equals(a.verdict())).toList()
                : List.of();
        if (matching.isEmpty()) {
            return new Outcome(i, false, null, null, matching, "no alert on " + i.sources() + " in the window");
        }
        if (!wrong.isEmpty()) {
            return new Outcome(i, false, null, null, matching, "a sanctioned effect drew " + wrong.size() + " suspicious/breach "
                    + "alert(s): " + shown(wrong, i.start()));
        }
        if (catching.isEmpty()) {
            String wanted = switch (i.verdict()) {
                case "sanctioned" -> "no sanctioned alert naming " + i.experiment();
                case "breach" -> "no breach alert naming " + i.experiment() + " with abort_experiment";
                default -> "no " + i.verdict() + " alert with " + i.signals();
            };
            return new Outcome(i, false, null, null, matching, wanted + "; matching: " + shown(matching, i.start()));
        }
        Alert first = catching.get(0);
        return new Outcome(i, true, first.ts() - i.start(), first, matching, "caught by " + first.describe(i.start()));
    }

    private static String shown(List<Alert> alerts, long origin) {
        String s = alerts.stream().limit(SHOWN).map(a -> a.describe(origin)).collect(Collectors.joining("; "));
        return alerts.size() > SHOWN ? s + "; ... " + (alerts.size() - SHOWN) + " more" : s;
    }

    /** The {@code suspicious} and {@code breach} alerts that {@code counted} takes, once per source and signal. */
    private static List<FalseAlert> bySourceAndSignal(List<TruthEntry> confounders, List<Alert> alerts, Predicate<Alert> counted) {
        Map<String, List<Alert>> bySourceSignal = new LinkedHashMap<>();
        for (Alert a : alerts) {
            boolean judged = "suspicious".equals(a.verdict()) || "breach".equals(a.verdict());
            if (judged && counted.test(a)) {
                bySourceSignal.computeIfAbsent(a.source() + "|" + a.signal(), k -> new ArrayList<>()).add(a);
            }
        }
        List<FalseAlert> out = new ArrayList<>();
        for (List<Alert> same : bySourceSignal.values()) {
            Alert a = same.get(0);
            // the confounder it sat on: of those whose window holds it, one that tempts this signal, then the most recent change
            TruthEntry on = confounders.stream().filter(c -> matches(a, c)).max(Comparator
                    .comparing((TruthEntry c) -> c.signals().contains(a.signal())).thenComparingLong(TruthEntry::start)).orElse(null);
            out.add(new FalseAlert(a.source(), a.signal(), a.verdict(), a.rule(), a.ts(), same.size(), on == null ? "none" : on.kind(),
                    on == null ? null : on.id()));
        }
        return out;
    }
}
