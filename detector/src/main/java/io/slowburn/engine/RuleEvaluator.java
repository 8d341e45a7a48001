package io.slowburn.engine;

import io.slowburn.alerting.AlertIds;
import io.slowburn.alerting.AlertLifecycle;
import io.slowburn.analysis.Assessment;
import io.slowburn.analysis.Condition;
import io.slowburn.detector.service.DetectorMetrics;
import io.slowburn.model.AlertStatus;
import io.slowburn.model.Finding;
import io.slowburn.model.MetricSample;
import io.slowburn.model.Observation;
import io.slowburn.rules.Rule;
import io.slowburn.rules.RuleSet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Folds one observation into one rule's state for one key, in a state store, and says whether an incident began
 * or ended. The same code serves the series stage and the source stage.
 */
public final class RuleEvaluator {

    /** Keep every rule state in memory as an object, never as bytes (offline: a backtest flushes nothing). */
    public static final int ALL_IN_MEMORY = Integer.MAX_VALUE;

    private final KeyValueState store;
    private final DetectorMetrics metrics;
    private final RuleStates states;

    /** Rule states as bytes in {@code store}, serialized around every observation. */
    public RuleEvaluator(KeyValueState store, DetectorMetrics metrics) {
        this(store, metrics, 0);
    }

    /**
     * Up to {@code cachedStates} rule states stay objects between observations, written into {@code store} (which also
     * keeps the open-incident index) by {@link #flush()} or when they make room for others ({@link RuleStates});
     * {@link #ALL_IN_MEMORY}: every state, never flushed (a backtest); 0: serialized around every observation.
     */
    public RuleEvaluator(KeyValueState store, DetectorMetrics metrics, int cachedStates) {
        this.store = store;
        this.metrics = metrics;
        this.states = new RuleStates(store, metrics, cachedStates);
    }

    /** Writes every rule state changed since the last flush into the store: live, before every commit. */
    public void flush() {
        states.flush();
    }

    /** Prefix of the index of keys whose lifecycle is not idle: the ones a stream-time tick must look at. */
    static final String OPEN_PREFIX = "~open|";

    static String storeKey(Rule rule, String stateKey) {
        return rule.name() + "|" + stateKey;
    }

    public Optional<FindingTransition> evaluate(Rule rule, String stateKey, Observation observation) {
        return evaluate(rule, stateKey, storeKey(rule, stateKey), observation);
    }

    /** As {@link #evaluate(Rule, String, Observation)}, with the store key ({@link #storeKey}) already made. */
    Optional<FindingTransition> evaluate(Rule rule, String stateKey, String key, Observation observation) {
        RuleStates.Held found = states.find(rule, key);
        EvaluationState state = found == null ? null : found.state;
        if (state == null) {
            state = EvaluationState.fresh(rule);
            if (found == null) {
                metrics.seriesTracked(1);
            }
        }
        Assessment assessment = state.analysis.observe(observation);
        if (assessment.condition() == Condition.LATE) {
            metrics.lateDropped();
        }
        state.lastSeen = Math.max(state.lastSeen, observation.ts());
        Map<String, String> labels = observation instanceof MetricSample s ? s.labels() : Map.of();
        return step(rule, key, stateKey, state, found, assessment, observation.ts(), observation.source(), labels);
    }

    private Optional<FindingTransition> step(Rule rule, String key, String stateKey, EvaluationState state,
                                             RuleStates.Held found, Assessment assessment, long ts, String source,
                                             Map<String, String> labels) {
        boolean wasIdle = !state.lifecycle.isActive();
        AlertLifecycle.Transition transition = state.lifecycle.step(assessment, ts, rule.forDuration(), rule.resolveAfter());
        states.changed(rule, key, found, state);
        boolean idle = !state.lifecycle.isActive();
        if (wasIdle != idle) {
            if (idle) {
                store.delete(OPEN_PREFIX + key);
            } else {
                store.put(OPEN_PREFIX + key, labelsBytes(source, labels));
            }
        }
        if (transition == AlertLifecycle.Transition.NONE) {
            return Optional.empty();
        }
        long since = state.lifecycle.incidentSince();
        String summary = assessment.summary().isEmpty() ? rule.description() : assessment.summary();
        // The analysis' estimate of when the effect began (the Finding clamps it to since); none: since.
        long onset = assessment.onset() == Assessment.NO_ONSET ? since : assessment.onset();
        Finding finding = new Finding(rule.name(), rule.signal(), assessment.severity(rule.severity()), source, labels, stateKey,
                since, ts, assessment.evidence(), rule.containment(), summary, onset);
        AlertStatus status = transition == AlertLifecycle.Transition.FIRE ? AlertStatus.FIRING : AlertStatus.RESOLVED;
        return Optional.of(new FindingTransition(AlertIds.of(rule.name(), stateKey, since), status, rule.shadow(), finding));
    }

    /**
     * Advances every pending or open incident to {@code streamTime} without an observation: event-driven
     * analyses judge the silence (a crash loop that stopped), so their alerts can resolve.
     */
    public List<FindingTransition> tick(RuleSet rules, long streamTime) {
        List<FindingTransition> out = new ArrayList<>();
        List<Map.Entry<String, byte[]>> open = new ArrayList<>();
        for (var kv : store.prefix(OPEN_PREFIX)) {
            open.add(Map.entry(kv.getKey().substring(OPEN_PREFIX.length()), kv.getValue()));
        }
        for (var entry : open) {
            String key = entry.getKey();
            int bar = key.indexOf('|');
            Optional<Rule> rule = rules.get(key.substring(0, bar));
            RuleStates.Held found = rule.isEmpty() ? null : states.find(rule.get(), key);
            EvaluationState state = found == null ? null : found.state;
            if (state == null) {
                store.delete(OPEN_PREFIX + key); // the rule was removed or changed: nothing to advance
                continue;
            }
            Assessment assessment = state.analysis.advance(streamTime);
            String[] sourceAndLabels = fromLabelsBytes(entry.getValue());
            step(rule.get(), key, key.substring(bar + 1), state, found, assessment, streamTime, sourceAndLabels[0],
                    labelsOf(sourceAndLabels)).ifPresent(out::add);
        }
        return out;
    }

    private static byte[] labelsBytes(String source, Map<String, String> labels) {
        StringBuilder sb = new StringBuilder(source);
        labels.forEach((k, v) -> sb.append('\n').append(k).append('\n').append(v));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String[] fromLabelsBytes(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
    }

    private static Map<String, String> labelsOf(String[] parts) {
        Map<String, String> labels = new TreeMap<>();
        for (int i = 1; i + 1 < parts.length; i += 2) {
            labels.put(parts[i], parts[i + 1]);
        }
        return labels;
    }

    /** Removes states not seen since {@code cutoff}; returns how many were removed. */
    public int sweep(long cutoff) {
        long bytes = 0;
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, RuleStates.Held> kv : states.inMemory()) {
            if (kv.getValue().state.lastSeen < cutoff) {
                stale.add(kv.getKey());
                bytes += kv.getValue().storedBytes;
            }
        }
        if (!states.holdsAll()) {
            for (Map.Entry<String, byte[]> kv : store.all()) {
                // Keys that start with '~' are the stage's own bookkeeping (watermarks, schedule, open findings), not
                // rule state; a state in memory was judged above, by its newer last-seen time.
                if (!kv.getKey().startsWith("~") && states.inMemory(kv.getKey()) == null
                        && EvaluationState.lastSeenOf(kv.getValue()) < cutoff) {
                    stale.add(kv.getKey());
                    bytes += kv.getValue().length;
                }
            }
        }
        for (String k : stale) {
            states.forget(k);
            store.delete(k);
            store.delete(OPEN_PREFIX + k);
        }
        metrics.seriesTracked(-stale.size());
        metrics.stateBytes(-bytes);
        return stale.size();
    }
}
