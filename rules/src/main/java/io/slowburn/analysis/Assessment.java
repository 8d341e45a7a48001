package io.slowburn.analysis;

import io.slowburn.model.Severity;
import java.util.Map;
import java.util.Objects;

/**
 * The result of folding one observation into an analysis' state: the condition, the numbers behind it,
 * and a one-line human summary. Evidence values are JSON-friendly (numbers, strings, booleans).
 */
public record Assessment(Condition condition, Map<String, Object> evidence, String summary) {

    private static final Assessment INSUFFICIENT = new Assessment(Condition.INSUFFICIENT_DATA, Map.of(), "not enough data");
    private static final Assessment LATE = new Assessment(Condition.LATE, Map.of(), "older than the allowed lateness; dropped");
    private static final Assessment NORMAL = new Assessment(Condition.NORMAL, Map.of(), "");

    public Assessment {
        Objects.requireNonNull(condition, "condition");
        evidence = evidence == null ? Map.of() : evidence;
        summary = summary == null ? "" : summary;
    }

    public static Assessment insufficientData() {
        return INSUFFICIENT;
    }

    public static Assessment insufficientData(String why) {
        return new Assessment(Condition.INSUFFICIENT_DATA, Map.of(), why);
    }

    public static Assessment late() {
        return LATE;
    }

    public static Assessment normal() {
        return NORMAL;
    }

    public static Assessment normal(Map<String, Object> evidence) {
        return new Assessment(Condition.NORMAL, evidence, "");
    }

    public static Assessment anomalous(Map<String, Object> evidence, String summary) {
        return new Assessment(Condition.ANOMALOUS, evidence, summary);
    }

    /**
     * The severity of a finding from this assessment under a rule of {@code ruleSeverity}: an analysis may lower it
     * (never raise it) through the evidence key {@code severity}, as {@code trend_to_limit} does for a limit that is
     * days rather than hours away. The rule's severity is the ceiling a user chose.
     */
    public Severity severity(Severity ruleSeverity) {
        Object said = evidence.get("severity");
        Severity s = said instanceof String text ? Severity.fromWire(text) : null;
        return s != null && s.compareTo(ruleSeverity) < 0 ? s : ruleSeverity;
    }

    public boolean isAnomalous() {
        return condition == Condition.ANOMALOUS;
    }
}
