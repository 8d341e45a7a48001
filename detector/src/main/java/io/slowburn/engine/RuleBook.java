package io.slowburn.engine;

import io.slowburn.model.Event;
import io.slowburn.rules.Rule;
import io.slowburn.rules.RuleSet;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The rules in force, shared by every processor of an instance. Replacing them (hot reload) takes effect on the
 * next record without losing any series state: state is keyed by rule name and series.
 */
public final class RuleBook {

    private final AtomicReference<RuleSet> current;
    /** {@link #wantsCounterResets()} of the last rule set it was asked of. */
    private volatile CounterResets counterResets;

    public RuleBook(RuleSet rules) {
        this.current = new AtomicReference<>(Objects.requireNonNull(rules, "rules"));
    }

    public RuleSet rules() {
        return current.get();
    }

    public void replace(RuleSet rules) {
        current.set(Objects.requireNonNull(rules, "rules"));
    }

    /**
     * Whether any rule reads the derived {@code counter.reset} events (then counters are watched for drops). Asked for
     * every counter sample: answered once per rule set ({@link CounterResets}).
     */
    public boolean wantsCounterResets() {
        RuleSet rules = current.get();
        CounterResets known = counterResets;
        if (known == null || known.rules() != rules) {
            known = new CounterResets(rules, readsCounterResets(rules));
            counterResets = known; // one answer per rule set, so a race only computes it twice
        }
        return known.wanted();
    }

    /** The answer of {@link #wantsCounterResets()} for one rule set (compared by identity: a replacement is another). */
    private record CounterResets(RuleSet rules, boolean wanted) {
    }

    private static boolean readsCounterResets(RuleSet rules) {
        for (Rule r : rules.rules()) {
            if (r.enabled() && r.selector().readsEvents() && r.selector().events().contains(Event.COUNTER_RESET)) {
                return true;
            }
        }
        return false;
    }
}
