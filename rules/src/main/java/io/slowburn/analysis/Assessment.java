package io.slowburn.analysis;

import io.slowburn.model.Severity;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The result of folding one observation into an analysis' state: the condition, the numbers behind it,
 * and a one-line human summary. Evidence values are JSON-friendly (numbers, strings, booleans).
 *
 * <p>The summary may be given as a {@link Supplier}, built the first time it is asked for: an analysis that says
 * "not enough data" for every sample of its first hours (with its history in the text) formats numbers only for the
 * rare assessment whose summary is read (a finding). The supplier must depend on values fixed when the assessment
 * is made, never on state that changes later. Equal, with the same hash and text, as a record of the four values.
 *
 * <p>An anomalous assessment may carry an <b>onset</b>: the event time at which the analysis estimates the effect
 * began, from the series itself (a trend's ramp start, a step's change point, the first counted event). It becomes
 * {@code Finding.onset}; the verdict stage does not blame an experiment for an effect that began clearly before it.
 */
public final class Assessment {

    private static final Assessment INSUFFICIENT = new Assessment(Condition.INSUFFICIENT_DATA, Map.of(), "not enough data");
    private static final Assessment LATE = new Assessment(Condition.LATE, Map.of(), "older than the allowed lateness; dropped");
    private static final Assessment NORMAL = new Assessment(Condition.NORMAL, Map.of(), "");

    private final Condition condition;
    /** The evidence once built; until then {@link #numbers} builds it. */
    private volatile Map<String, Object> evidence;
    private final Supplier<Map<String, Object>> numbers;
    /** The summary once built; until then {@link #text} builds it. */
    private volatile String summary;
    private final Supplier<String> text;
    /** The estimated onset, or {@link #NO_ONSET}. */
    private final long onset;

    /** No onset estimate: the effect is taken to begin when the condition first held. */
    public static final long NO_ONSET = Long.MIN_VALUE;

    public Assessment(Condition condition, Map<String, Object> evidence, String summary) {
        this(condition, evidence == null ? Map.of() : evidence, null, summary == null ? "" : summary, null, NO_ONSET);
    }

    private Assessment(Condition condition, Map<String, Object> evidence, Supplier<Map<String, Object>> numbers, String summary,
                       Supplier<String> text, long onset) {
        this.condition = Objects.requireNonNull(condition, "condition");
        this.evidence = evidence;
        this.numbers = numbers;
        this.summary = summary;
        this.text = text;
        this.onset = onset;
    }

    /** This assessment with the analysis' estimate of when the effect began ({@link #NO_ONSET}: none). */
    public Assessment withOnset(long onsetTs) {
        Map<String, Object> e = evidence;
        return new Assessment(condition, e, e == null ? numbers : null, summary, summary == null ? text : null, onsetTs);
    }

    /** The estimated onset of the effect, or {@link #NO_ONSET} when the analysis gives none. */
    public long onset() {
        return onset;
    }

    public static Assessment insufficientData() {
        return INSUFFICIENT;
    }

    public static Assessment insufficientData(String why) {
        return new Assessment(Condition.INSUFFICIENT_DATA, Map.of(), why);
    }

    /** Not enough data, for a reason that is put into words only if it is read. */
    public static Assessment insufficientData(Supplier<String> why) {
        return new Assessment(Condition.INSUFFICIENT_DATA, Map.of(), null, null, Objects.requireNonNull(why, "why"), NO_ONSET);
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

    /**
     * Normal, with evidence that is built only if it is read: most samples of most series are normal, and their
     * evidence is read only where the assessment ends an incident (a resolved alert's numbers). As with a summary
     * supplier, {@code evidence} must depend on values fixed when the assessment is made.
     */
    public static Assessment normal(Supplier<Map<String, Object>> evidence) {
        return new Assessment(Condition.NORMAL, null, Objects.requireNonNull(evidence, "evidence"), "", null, NO_ONSET);
    }

    public static Assessment anomalous(Map<String, Object> evidence, String summary) {
        return new Assessment(Condition.ANOMALOUS, evidence, summary);
    }

    public Condition condition() {
        return condition;
    }

    public Map<String, Object> evidence() {
        Map<String, Object> e = evidence;
        if (e == null) {
            Map<String, Object> built = numbers.get();
            e = built == null ? Map.of() : built;
            evidence = e;
        }
        return e;
    }

    /** The one-line human summary ("" when there is none). */
    public String summary() {
        String s = summary;
        if (s == null) {
            String built = text.get();
            s = built == null ? "" : built;
            summary = s;
        }
        return s;
    }

    /**
     * The severity of a finding from this assessment under a rule of {@code ruleSeverity}: an analysis may lower it
     * (never raise it) through the evidence key {@code severity}, as {@code trend_to_limit} does for a limit that is
     * days rather than hours away. The rule's severity is the ceiling a user chose.
     */
    public Severity severity(Severity ruleSeverity) {
        Object said = evidence().get("severity");
        Severity s = said instanceof String text ? Severity.fromWire(text) : null;
        return s != null && s.compareTo(ruleSeverity) < 0 ? s : ruleSeverity;
    }

    public boolean isAnomalous() {
        return condition == Condition.ANOMALOUS;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Assessment other && condition == other.condition && evidence().equals(other.evidence())
                && summary().equals(other.summary()) && onset == other.onset;
    }

    @Override
    public int hashCode() {
        return Objects.hash(condition, evidence(), summary(), onset);
    }

    @Override
    public String toString() {
        return "Assessment[condition=" + condition + ", evidence=" + evidence() + ", summary=" + summary()
                + (onset == NO_ONSET ? "" : ", onset=" + onset) + "]";
    }
}
