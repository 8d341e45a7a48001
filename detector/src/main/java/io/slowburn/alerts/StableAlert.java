package io.slowburn.alerts;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One alert transition as the outputs send it: the record as received, and a label set that stays the same for the
 * whole life of the alert id. The labels are taken from the alert's firing record (rule, severity, verdict, signal, the
 * incident's first source, experiment, and the alert's own labels); everything that may change between firing and
 * resolution (the summary, the evidence, and for a correlated incident the source it resolved on) is an annotation.
 * Receivers that identify an alert by its labels (Alertmanager's fingerprint, a chat thread) therefore see one alert that
 * fires and resolves, never a resolution of an alert that did not fire.
 *
 * @param startsAt when the alert fired ({@code null} for a resolution whose firing is unknown here)
 * @param endsAt when it resolved ({@code null} while firing)
 */
public record StableAlert(AlertRecord record, Map<String, String> labels, Map<String, String> annotations, Instant startsAt,
                          Instant endsAt) {

    /** Labels set from the alert's fields; the alert's own labels never override them. */
    static final Set<String> RESERVED = Set.of("alertname", "severity", "verdict", "signal", "source", "experiment");

    public StableAlert {
        Objects.requireNonNull(record, "record");
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        annotations = Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
    }

    /** A firing record on its own: its labels become the alert's stable labels. */
    static StableAlert firing(AlertRecord a) {
        Instant at = Instant.ofEpochMilli(a.ts());
        return new StableAlert(a, labelsOf(a), annotations(a, null), a.resolved() ? null : at, a.resolved() ? at : null);
    }

    /** A later record of the alert whose first record was {@code first}: first's labels and start, this record's annotations. */
    static StableAlert following(StableAlert first, AlertRecord a) {
        Instant at = Instant.ofEpochMilli(a.ts());
        return new StableAlert(a, first.labels(), annotations(a, first.labels()), first.startsAt(), a.resolved() ? at : null);
    }

    static Map<String, String> labelsOf(AlertRecord a) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", a.rule() != null ? a.rule() : a.signal() != null ? a.signal() : "slowburn");
        putIfPresent(labels, "severity", a.severity());
        putIfPresent(labels, "verdict", a.verdict());
        putIfPresent(labels, "signal", a.signal());
        putIfPresent(labels, "source", a.source());
        putIfPresent(labels, "experiment", a.experiment());
        a.labels().forEach((k, v) -> {
            if (!RESERVED.contains(k)) {
                labels.put(k, v);
            }
        });
        return labels;
    }

    private static Map<String, String> annotations(AlertRecord a, Map<String, String> stable) {
        Map<String, String> n = new LinkedHashMap<>();
        n.put("summary", a.summary());
        n.put("containment", String.join(", ", a.containment()));
        n.put("evidence", a.evidence().toString());
        putIfPresent(n, "alert_id", a.id());
        if (stable != null && a.source() != null && !a.source().equals(stable.get("source"))) {
            n.put("last_source", a.source());
        }
        if (stable != null && !a.labels().entrySet().stream().allMatch(e -> RESERVED.contains(e.getKey())
                || e.getValue().equals(stable.get(e.getKey())))) {
            n.put("last_labels", a.labels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(",")));
        }
        return n;
    }

    private static void putIfPresent(Map<String, String> m, String k, String v) {
        if (v != null && !v.isEmpty()) {
            m.put(k, v);
        }
    }

    public String id() {
        return record.id();
    }

    public boolean resolved() {
        return record.resolved();
    }

    /** {@code firing} or {@code resolved}. */
    public String transition() {
        return resolved() ? "resolved" : "firing";
    }

    /** Alert id and transition: the same on every retry and every re-delivery, so a receiver can drop duplicates. */
    public String eventId() {
        return (id() == null ? "unknown" : id()) + ":" + transition();
    }

    /** The alert's stable source (its incident's first source), or {@code null}. */
    public String source() {
        return labels.get("source");
    }
}
