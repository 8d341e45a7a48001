package io.slowburn.rules;

import io.slowburn.model.Observation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An immutable, ordered set of rules with unique names (file order, files sorted by name). */
public final class RuleSet implements Iterable<Rule> {

    private static final RuleSet EMPTY = new RuleSet(List.of(), List.of());

    private final List<Rule> rules;
    private final Map<String, Rule> byName;
    private final List<RuleException> exceptions;

    private RuleSet(List<Rule> rules, List<RuleException> exceptions) {
        Map<String, Rule> names = new LinkedHashMap<>();
        for (Rule r : rules) {
            if (names.putIfAbsent(r.name(), r) != null) {
                throw new IllegalArgumentException("duplicate rule name '" + r.name() + "'");
            }
        }
        this.rules = List.copyOf(rules);
        this.byName = Collections.unmodifiableMap(names);
        this.exceptions = List.copyOf(exceptions);
    }

    /** A rule set of these rules, in this order; duplicate names throw. */
    public static RuleSet of(List<Rule> rules) {
        return rules.isEmpty() ? EMPTY : new RuleSet(rules, List.of());
    }

    /** A rule set of these rules and these named exceptions (see {@link RuleException}). */
    public static RuleSet of(List<Rule> rules, List<RuleException> exceptions) {
        return rules.isEmpty() && exceptions.isEmpty() ? EMPTY : new RuleSet(rules, exceptions);
    }

    /** The named exceptions loaded with the rules, in load order. */
    public List<RuleException> exceptions() {
        return exceptions;
    }

    /** The first exception that covers this finding, if any. */
    public Optional<RuleException> exceptionFor(io.slowburn.model.Finding finding) {
        for (RuleException e : exceptions) {
            if (e.matches(finding)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    public static RuleSet empty() {
        return EMPTY;
    }

    public List<Rule> rules() {
        return rules;
    }

    public int size() {
        return rules.size();
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    public Optional<Rule> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** The enabled rules (shadow ones included) whose selector matches, in order. */
    public List<Rule> matching(Observation observation) {
        List<Rule> out = new ArrayList<>(2);
        for (Rule r : rules) {
            if (r.enabled() && r.matches(observation)) {
                out.add(r);
            }
        }
        return out;
    }

    @Override
    public Iterator<Rule> iterator() {
        return rules.iterator();
    }

    @Override
    public String toString() {
        return "RuleSet" + byName.keySet();
    }
}
