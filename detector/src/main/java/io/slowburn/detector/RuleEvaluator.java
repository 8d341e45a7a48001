package io.slowburn.detector;

import io.slowburn.alerting.AlertIds;
import io.slowburn.alerting.AlertLifecycle;
import io.slowburn.analysis.Assessment;
import io.slowburn.analysis.Condition;
import io.slowburn.model.AlertStatus;
import io.slowburn.model.Finding;
import io.slowburn.model.MetricSample;
import io.slowburn.model.Observation;
import io.slowburn.rules.Rule;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Folds one observation into one rule's state for one key, in a state store, and says whether an incident began
 * or ended. The same code serves the series stage and the source stage.
 */
final class RuleEvaluator {

    private final KeyValueStore<String, byte[]> store;
    private final DetectorMetrics metrics;

    RuleEvaluator(KeyValueStore<String, byte[]> store, DetectorMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    static String storeKey(Rule rule, String stateKey) {
        return rule.name() + "|" + stateKey;
    }

    /** Whether the rule already keeps state for this key (a new series is subject to the cardinality limit). */
    boolean tracks(Rule rule, String stateKey) {
        return store.get(storeKey(rule, stateKey)) != null;
    }

    Optional<FindingTransition> evaluate(Rule rule, String stateKey, Observation observation) {
        String key = storeKey(rule, stateKey);
        byte[] before = store.get(key);
        EvaluationState state = before == null ? null : EvaluationState.read(rule, before);
        if (state == null) {
            state = EvaluationState.fresh(rule);
            if (before == null) {
                metrics.seriesTracked(1);
            }
        }
        Assessment assessment = state.analysis.observe(observation);
        if (assessment.condition() == Condition.LATE) {
            metrics.lateDropped();
        }
        AlertLifecycle.Transition transition = state.lifecycle.step(assessment, observation.ts(), rule.forDuration(),
                rule.resolveAfter());
        state.lastSeen = Math.max(state.lastSeen, observation.ts());
        byte[] after = state.write(rule);
        store.put(key, after);
        metrics.stateBytes(after.length - (before == null ? 0 : before.length));
        if (transition == AlertLifecycle.Transition.NONE) {
            return Optional.empty();
        }
        long since = state.lifecycle.incidentSince();
        Map<String, String> labels = observation instanceof MetricSample s ? s.labels() : Map.of();
        String summary = assessment.summary().isEmpty() ? rule.description() : assessment.summary();
        Finding finding = new Finding(rule.name(), rule.signal(), rule.severity(), observation.source(), labels, stateKey,
                since, observation.ts(), assessment.evidence(), rule.containment(), summary);
        AlertStatus status = transition == AlertLifecycle.Transition.FIRE ? AlertStatus.FIRING : AlertStatus.RESOLVED;
        return Optional.of(new FindingTransition(AlertIds.of(rule.name(), stateKey, since), status, rule.shadow(), finding));
    }

    /** Removes states not seen since {@code cutoff}; returns how many were removed. */
    int sweep(long cutoff) {
        int removed = 0;
        long bytes = 0;
        java.util.List<String> stale = new java.util.ArrayList<>();
        try (var it = store.all()) {
            while (it.hasNext()) {
                var kv = it.next();
                if (EvaluationState.lastSeenOf(kv.value) < cutoff) {
                    stale.add(kv.key);
                    bytes += kv.value.length;
                }
            }
        }
        for (String k : stale) {
            store.delete(k);
            removed++;
        }
        metrics.seriesTracked(-removed);
        metrics.stateBytes(-bytes);
        return removed;
    }
}
