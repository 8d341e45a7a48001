package io.slowburn.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An alert as in the contract: what users subscribe to on the alert topic. One id per incident; the same id is
 * emitted once {@code firing} and once {@code resolved}.
 *
 * @param experiment the experiment that sanctions (or was breached by) this alert, or {@code null}
 * @param evidence numbers behind the decision (JSON-friendly values only)
 */
public record Alert(String id, long ts, AlertStatus status, Verdict verdict, Signal signal, Severity severity,
                    String source, Map<String, String> labels, String experiment, String rule,
                    Map<String, Object> evidence, List<Containment> containment, String summary) {

    public Alert {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(source, "source");
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(labels));
        evidence = evidence == null ? Map.of() : java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(evidence));
        containment = containment == null ? List.of() : List.copyOf(containment);
        summary = summary == null ? "" : summary;
    }
}
