package io.slowburn.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a rule concluded about one series or source: an immutable value that explains itself
 * (the evidence names the values, thresholds and window that led to it).
 *
 * @param rule the rule's name
 * @param key the state key the rule evaluated (series id, source, or entity)
 * @param since event time at which the condition began (the rule's condition first held: pending)
 * @param ts event time of the observation that produced this finding
 * @param evidence numbers behind the decision (JSON-friendly values only)
 * @param onset event time at which the effect itself began, as the analysis that raised the finding estimated it from
 *              the series (a trend's ramp start, a step's change point, the first counted event); never later than
 *              {@code since}, and {@code since} itself when the analysis gives no estimate. The verdict stage reads it
 *              to tell an effect that began before an experiment from one the experiment caused ({@code VERDICTS.md}).
 */
public record Finding(String rule, Signal signal, Severity severity, String source, Map<String, String> labels,
                      String key, long since, long ts, Map<String, Object> evidence,
                      List<Containment> containment, String summary, long onset) {

    /** A finding whose analysis gives no onset estimate: the effect is taken to begin when the condition did. */
    public Finding(String rule, Signal signal, Severity severity, String source, Map<String, String> labels,
                   String key, long since, long ts, Map<String, Object> evidence,
                   List<Containment> containment, String summary) {
        this(rule, signal, severity, source, labels, key, since, ts, evidence, containment, summary, since);
    }

    public Finding {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(source, "source");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        evidence = evidence == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(evidence));
        containment = containment == null ? List.of() : List.copyOf(containment);
        summary = summary == null ? "" : summary;
        // An estimate past the moment the condition held would say the effect began after it was seen: clamp it.
        onset = Math.min(onset, since);
    }

    /** Whether the analysis placed the effect's start before its condition first held. */
    public boolean hasEarlierOnset() {
        return onset < since;
    }
}
