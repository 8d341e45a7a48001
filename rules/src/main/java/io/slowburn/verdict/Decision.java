package io.slowburn.verdict;

import io.slowburn.model.Containment;
import io.slowburn.model.Signal;
import io.slowburn.model.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link SanctionPolicy} decided about one finding, and why. Immutable.
 *
 * @param verdict suspicious, sanctioned or breach
 * @param experimentId the experiment that sanctions the finding or was breached; {@code null} when suspicious
 * @param candidateId the experiment whose checks are listed (for a suspicious verdict: the closest candidate, the one
 *     the explanation names); {@code null} when no experiment was declared
 * @param source the finding's source
 * @param signal the finding's signal
 * @param checks the candidate's checks, in {@link Check.Name} order; empty when there is no candidate
 * @param explanation one line for the alert summary and the audit trail
 * @param abortExperiments every experiment this finding breaches (to abort); empty unless the verdict is breach
 * @param countsAgainst experiments whose blast radius this finding's source counts against (see
 *     {@link BlastRadiusTracker#after})
 */
public record Decision(Verdict verdict, String experimentId, String candidateId, String source, Signal signal,
                       List<Check> checks, String explanation, List<String> abortExperiments, Set<String> countsAgainst) {

    public Decision {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(explanation, "explanation");
        checks = List.copyOf(checks);
        abortExperiments = List.copyOf(abortExperiments);
        countsAgainst = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(countsAgainst));
        if (verdict == Verdict.SUSPICIOUS && experimentId != null) {
            throw new IllegalArgumentException("a suspicious decision names no sanctioning experiment");
        }
        if (verdict == Verdict.BREACH && abortExperiments.isEmpty()) {
            throw new IllegalArgumentException("a breach names the experiment to abort");
        }
    }

    /** The named check of the candidate, or {@code null}. */
    public Check check(Check.Name name) {
        for (Check c : checks) {
            if (c.name() == name) {
                return c;
            }
        }
        return null;
    }

    /** The first failed check of the candidate, or {@code null} when all passed (or there is no candidate). */
    public Check firstFailed() {
        for (Check c : checks) {
            if (!c.pass()) {
                return c;
            }
        }
        return null;
    }

    /**
     * The containment the alert should carry, given what the finding's rule recommends: a sanctioned finding needs
     * none; a suspicious one keeps the rule's; a breach keeps the rule's and always adds {@code abort_experiment}.
     */
    public List<Containment> containment(List<Containment> recommended) {
        List<Containment> rec = recommended == null ? List.of() : recommended;
        return switch (verdict) {
            case SANCTIONED -> List.of();
            case SUSPICIOUS -> List.copyOf(rec);
            case BREACH -> {
                List<Containment> out = new ArrayList<>();
                out.add(Containment.ABORT_EXPERIMENT);
                for (Containment c : rec) {
                    if (!out.contains(c)) {
                        out.add(c);
                    }
                }
                yield List.copyOf(out);
            }
        };
    }

    /**
     * JSON-friendly audit form: {@code verdict, experiment, candidate, explanation, checks: [{check, pass, reason}],
     * abort (list)}. Values are strings, booleans, lists and maps only.
     */
    public Map<String, Object> toEvidence() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("verdict", verdict.wire());
        m.put("experiment", experimentId);
        m.put("candidate", candidateId);
        m.put("explanation", explanation);
        List<Map<String, Object>> list = new ArrayList<>();
        checks.forEach(c -> list.add(c.toMap()));
        m.put("checks", list);
        m.put("abort", abortExperiments);
        return m;
    }
}
