package io.slowburn.ingest.simulate;

import java.util.List;
import java.util.Set;

/**
 * What an incident of a scenario is, for scoring: written by the scenario ({@code label:} on an incident) or derived
 * from its kind ({@link ScenarioTruth}). It is the truth a detector is judged against, never an input to detection.
 *
 * @param id unique within the scenario
 * @param kind fine-grained kind, e.g. {@code heap_leak_12h}, {@code sanctioned_kill}, {@code level_step_heap}
 * @param verdict {@code suspicious}, {@code sanctioned}, {@code breach}, or {@code benign} for a confounder
 * @param signals the contract signals that count as catching it; for a confounder, the signals it tempts a detector
 *                to raise (what a false alert on it would say)
 * @param experiment the experiment id it belongs to, or {@code null}
 */
public record IncidentLabel(String id, String kind, String verdict, List<String> signals, String experiment) {

    public static final Set<String> VERDICTS = Set.of("suspicious", "sanctioned", "breach", "benign");

    public IncidentLabel {
        signals = List.copyOf(signals);
        if (!VERDICTS.contains(verdict)) {
            throw new IllegalArgumentException("verdict must be one of " + VERDICTS + ", got '" + verdict + "'");
        }
    }

    public boolean benign() {
        return "benign".equals(verdict);
    }
}
