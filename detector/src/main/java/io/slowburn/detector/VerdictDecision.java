package io.slowburn.detector;

import io.slowburn.model.Containment;
import io.slowburn.model.Severity;
import io.slowburn.model.Verdict;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the verdict stage decided about one finding, and why: a value that checks its own invariants. A
 * {@code breach} always names its experiment and asks for {@code abort_experiment}; {@code sanctioned} names its
 * experiment and is {@code info}; {@code suspicious} names none.
 *
 * @param severity the alert's severity, or {@code null} to keep the rule's
 * @param extraContainment actions added to the rule's
 * @param checks the checks that passed and failed, for the audit record
 */
public record VerdictDecision(Verdict verdict, String experiment, Severity severity, List<Containment> extraContainment,
                              Map<String, Object> checks, String explanation) {

    public VerdictDecision {
        Objects.requireNonNull(verdict, "verdict");
        extraContainment = extraContainment == null ? List.of() : List.copyOf(extraContainment);
        checks = checks == null ? Map.of() : checks;
        explanation = explanation == null ? "" : explanation;
        if (verdict == Verdict.SUSPICIOUS && experiment != null) {
            throw new IllegalArgumentException("a suspicious verdict names no experiment, got '" + experiment + "'");
        }
        if (verdict != Verdict.SUSPICIOUS && experiment == null) {
            throw new IllegalArgumentException("a " + verdict + " verdict must name its experiment");
        }
        if (verdict == Verdict.BREACH && !extraContainment.contains(Containment.ABORT_EXPERIMENT)) {
            throw new IllegalArgumentException("a breach must ask for abort_experiment");
        }
    }

    public static VerdictDecision suspicious(Map<String, Object> checks, String explanation) {
        return new VerdictDecision(Verdict.SUSPICIOUS, null, null, List.of(), checks, explanation);
    }

    public boolean abort() {
        return verdict == Verdict.BREACH;
    }
}
