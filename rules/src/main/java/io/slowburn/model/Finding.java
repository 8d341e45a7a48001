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
 * @param since event time at which the condition began
 * @param ts event time of the observation that produced this finding
 * @param evidence numbers behind the decision (JSON-friendly values only)
 */
public record Finding(String rule, Signal signal, Severity severity, String source, Map<String, String> labels,
                      String key, long since, long ts, Map<String, Object> evidence,
                      List<Containment> containment, String summary) {

    public Finding {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(source, "source");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        evidence = evidence == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(evidence));
        containment = containment == null ? List.of() : List.copyOf(containment);
        summary = summary == null ? "" : summary;
    }
}
