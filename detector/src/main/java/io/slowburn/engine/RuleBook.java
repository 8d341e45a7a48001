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

    public RuleBook(RuleSet rules) {
        this.current = new AtomicReference<>(Objects.requireNonNull(rules, "rules"));
    }

    public RuleSet rules() {
        return current.get();
    }

    public void replace(RuleSet rules) {
        current.set(Objects.requireNonNull(rules, "rules"));
    }

    /** Whether any rule reads the derived {@code counter.reset} events (then counters are watched for drops). */
    public boolean wantsCounterResets() {
        for (Rule r : current.get().rules()) {
            if (r.enabled() && r.selector().readsEvents() && r.selector().events().contains(Event.COUNTER_RESET)) {
                return true;
            }
        }
        return false;
    }
}
