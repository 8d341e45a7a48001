package io.slowburn.alerts;

import io.slowburn.model.Severity;
import io.slowburn.model.Verdict;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which alerts a subscriber shows: by verdict (any of a set; all when empty) and by minimum severity ({@code warning}
 * shows warning and critical; an alert whose severity this build does not know passes only when there is no minimum).
 */
public record AlertFilter(Set<Verdict> verdicts, Severity minSeverity) {

    public AlertFilter {
        verdicts = verdicts == null || verdicts.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(verdicts));
    }

    public static AlertFilter all() {
        return new AlertFilter(Set.of(), null);
    }

    public boolean test(AlertRecord a) {
        if (!verdicts.isEmpty()) {
            Verdict v = Verdict.fromWire(a.verdict());
            if (v == null || !verdicts.contains(v)) {
                return false;
            }
        }
        if (minSeverity != null) {
            Severity s = a.severityLevel();
            return s != null && s.compareTo(minSeverity) >= 0;
        }
        return true;
    }
}
