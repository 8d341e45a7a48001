package io.slowburn.verdict;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The distinct sources that have shown in-envelope effects of each experiment: how {@link SanctionPolicy} checks
 * {@code blast_radius.max_sources}. An immutable value the caller persists (e.g. in a state store, as
 * {@link #toMap()} / {@link #fromMap}) and threads through decisions:
 * <pre>
 * Decision d = policy.decide(finding, experiments, tracker);
 * tracker = tracker.after(d);
 * </pre>
 * The policy counts the finding's own source as affected before comparing with the maximum, so the first source
 * beyond the maximum is a breach. At most {@link #MAX_SOURCES_PER_EXPERIMENT} sources are kept per experiment (past
 * any sane maximum every further finding is a breach anyway).
 */
public final class BlastRadiusTracker implements SanctionPolicy.Context {

    public static final int MAX_SOURCES_PER_EXPERIMENT = 1024;
    private static final BlastRadiusTracker EMPTY = new BlastRadiusTracker(Map.of());

    private final Map<String, Set<String>> sources;

    private BlastRadiusTracker(Map<String, ? extends Collection<String>> sources) {
        Map<String, Set<String>> m = new TreeMap<>();
        sources.forEach((k, v) -> m.put(k, Collections.unmodifiableSortedSet(new TreeSet<>(v))));
        this.sources = Collections.unmodifiableMap(m);
    }

    public static BlastRadiusTracker empty() {
        return EMPTY;
    }

    /** Restores a tracker persisted with {@link #toMap()}. */
    public static BlastRadiusTracker fromMap(Map<String, ? extends Collection<String>> persisted) {
        return new BlastRadiusTracker(persisted);
    }

    /** Experiment id to sorted source names: JSON-friendly. */
    public Map<String, Set<String>> toMap() {
        return sources;
    }

    @Override
    public Set<String> affectedSources(String experimentId) {
        return sources.getOrDefault(experimentId, Set.of());
    }

    /** This tracker with {@code source} counted against {@code experimentId}. */
    public BlastRadiusTracker record(String experimentId, String source) {
        Set<String> cur = affectedSources(experimentId);
        if (cur.contains(source) || cur.size() >= MAX_SOURCES_PER_EXPERIMENT) {
            return this;
        }
        Map<String, Set<String>> m = new TreeMap<>(sources);
        Set<String> next = new TreeSet<>(cur);
        next.add(source);
        m.put(experimentId, next);
        return new BlastRadiusTracker(m);
    }

    /** This tracker with the decision's source counted against every experiment it counts for. */
    public BlastRadiusTracker after(Decision decision) {
        BlastRadiusTracker t = this;
        for (String id : decision.countsAgainst()) {
            t = t.record(id, decision.source());
        }
        return t;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlastRadiusTracker t && t.sources.equals(sources);
    }

    @Override
    public int hashCode() {
        return sources.hashCode();
    }

    @Override
    public String toString() {
        return "BlastRadiusTracker" + sources;
    }
}
