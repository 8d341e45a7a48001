package io.slowburn.rules;

import io.slowburn.model.Finding;
import io.slowburn.model.Signal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named exclusion, in the manner of Falco's exceptions: findings of a rule (or of a signal) on matching sources,
 * labels, executables or users are not alerted. The verdict stage records each suppression on the audit topic with
 * the exception's name and reason and counts it: nothing is suppressed silently.
 *
 * @param rule the rule it applies to, or {@code null} for every rule of {@code signal}
 * @param signal the signal it applies to, or {@code null} for any signal of {@code rule}
 * @param sources source matchers: every negative one must hold and, if there are positive ones, at least one
 * @param labels label matchers: every one must hold (an absent label is the empty text)
 * @param exe matchers of the executable ({@code exe} label or evidence), same semantics as {@code sources}
 * @param user matchers of the user ({@code user} label or evidence), same semantics as {@code sources}
 * @param reason why the exclusion is safe (written to every audit record of a suppression)
 */
public record RuleException(String name, String rule, Signal signal, List<ValueMatcher> sources, Map<String, ValueMatcher> labels,
                            List<ValueMatcher> exe, List<ValueMatcher> user, String reason, Location location) {

    /** Exception names: lowercase letters, digits and dashes, as rule names. */
    public static final Pattern NAME = Rule.NAME;

    public RuleException {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reason, "reason");
        if (rule == null && signal == null) {
            throw new IllegalArgumentException("an exception names a rule or a signal");
        }
        sources = sources == null ? List.of() : List.copyOf(sources);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        exe = exe == null ? List.of() : List.copyOf(exe);
        user = user == null ? List.of() : List.copyOf(user);
        location = location == null ? new Location("<code>", 0, 0) : location;
    }

    /** Whether this exception covers the finding. */
    public boolean matches(Finding f) {
        if (rule != null && !rule.equals(f.rule())) {
            return false;
        }
        if (signal != null && signal != f.signal()) {
            return false;
        }
        if (!anyOf(sources, f.source())) {
            return false;
        }
        for (Map.Entry<String, ValueMatcher> e : labels.entrySet()) {
            if (!e.getValue().matches(f.labels().get(e.getKey()))) {
                return false;
            }
        }
        return anyOf(exe, attribute(f, "exe")) && anyOf(user, attribute(f, "user"));
    }

    private static String attribute(Finding f, String name) {
        String label = f.labels().get(name);
        if (label != null) {
            return label;
        }
        Object v = f.evidence().get(name);
        return v == null ? null : String.valueOf(v);
    }

    /** Every negative matcher holds and, if there are positive ones, at least one does. */
    static boolean anyOf(List<ValueMatcher> matchers, String value) {
        boolean anyPositive = false;
        boolean positiveHit = false;
        for (ValueMatcher m : matchers) {
            if (m.negative()) {
                if (!m.matches(value)) {
                    return false;
                }
            } else {
                anyPositive = true;
                positiveHit |= m.matches(value);
            }
        }
        return !anyPositive || positiveHit;
    }
}
