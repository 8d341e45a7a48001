package io.slowburn.rules;

import io.slowburn.model.Event;
import io.slowburn.model.MetricSample;
import io.slowburn.model.Observation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which observations a rule reads: metric samples by metric name, or events by kind; then label matchers and
 * source matchers. Immutable; regexes are compiled when it is built.
 *
 * <ul>
 *   <li>Label matchers apply to a sample's labels, and to an event's attributes (as text). Every matcher
 *       must hold; an absent label is the empty text.</li>
 *   <li>Source matchers: the source must satisfy every negative matcher ({@code !=}, {@code !~}) and, if there
 *       are positive ones ({@code v}, {@code =~}), at least one of them. So {@code [host-1, host-2]} means
 *       either host and {@code ["!=canary-1", "!~test-.*"]} means neither.</li>
 * </ul>
 *
 * @param metrics metric names read (empty when the rule reads events)
 * @param events event kinds read (empty when the rule reads metrics)
 */
public record Selector(Set<String> metrics, Set<String> events, Map<String, ValueMatcher> labels, List<ValueMatcher> sources) {

    public Selector {
        metrics = metrics == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(metrics));
        events = events == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(events));
        labels = labels == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        sources = sources == null ? List.of() : List.copyOf(sources);
        if (metrics.isEmpty() == events.isEmpty()) {
            throw new IllegalArgumentException("a selector reads metrics or events, exactly one of the two");
        }
    }

    /** Samples of these metrics, no other condition. */
    public static Selector ofMetrics(String... names) {
        return new Selector(Set.of(names), Set.of(), Map.of(), List.of());
    }

    /** Events of these kinds, no other condition. */
    public static Selector ofEvents(String... kinds) {
        return new Selector(Set.of(), Set.of(kinds), Map.of(), List.of());
    }

    /** The same selector with label matchers added. */
    public Selector withLabels(Map<String, ValueMatcher> more) {
        Map<String, ValueMatcher> all = new LinkedHashMap<>(labels);
        all.putAll(more);
        return new Selector(metrics, events, all, sources);
    }

    /** The same selector with source matchers added. */
    public Selector withSources(List<ValueMatcher> more) {
        List<ValueMatcher> all = new ArrayList<>(sources);
        all.addAll(more);
        return new Selector(metrics, events, labels, all);
    }

    public boolean readsEvents() {
        return !events.isEmpty();
    }

    public boolean matches(Observation observation) {
        Objects.requireNonNull(observation, "observation");
        if (observation instanceof MetricSample s) {
            if (!metrics.contains(s.metric())) {
                return false;
            }
            for (Map.Entry<String, ValueMatcher> e : labels.entrySet()) {
                if (!e.getValue().matches(s.labels().get(e.getKey()))) {
                    return false;
                }
            }
        } else if (observation instanceof Event ev) {
            if (!events.contains(ev.event())) {
                return false;
            }
            for (Map.Entry<String, ValueMatcher> e : labels.entrySet()) {
                if (!e.getValue().matches(ev.attr(e.getKey()))) {
                    return false;
                }
            }
        } else {
            return false;
        }
        return sourceMatches(observation.source());
    }

    private boolean sourceMatches(String source) {
        boolean anyPositive = false;
        boolean positiveHit = false;
        for (ValueMatcher m : sources) {
            if (m.negative()) {
                if (!m.matches(source)) {
                    return false;
                }
            } else {
                anyPositive = true;
                positiveHit |= m.matches(source);
            }
        }
        return !anyPositive || positiveHit;
    }
}
