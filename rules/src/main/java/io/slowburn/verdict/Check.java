package io.slowburn.verdict;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** One sanction check on one experiment: passed or not, and why. */
public record Check(Name name, boolean pass, String reason) {

    public Check {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reason, "reason");
    }

    public static Check pass(Name name, String reason) {
        return new Check(name, true, reason);
    }

    public static Check fail(Name name, String reason) {
        return new Check(name, false, reason);
    }

    /** The checks, in the order {@link SanctionPolicy} evaluates and reports them. */
    public enum Name {
        AUTHENTIC,
        IN_SCOPE,
        IN_WINDOW,
        IN_ENVELOPE,
        BINARY_ALLOWED,
        BLAST_RADIUS,
        ABORT_WHEN;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code {"check":..., "pass":..., "reason":...}}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("check", name.wire());
        m.put("pass", pass);
        m.put("reason", reason);
        return m;
    }
}
