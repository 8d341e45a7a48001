package io.slowburn.engine;

import io.slowburn.alerting.AlertIds;
import io.slowburn.detector.DetectorMetrics;
import io.slowburn.detector.FindingTransition;
import io.slowburn.alerting.AlertLifecycle;
import io.slowburn.analysis.Assessment;
import io.slowburn.analysis.Condition;
import io.slowburn.model.AlertStatus;
import io.slowburn.model.Finding;
import io.slowburn.model.MetricSample;
import io.slowburn.model.Observation;
import io.slowburn.rules.Rule;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Folds one observation into one rule's state for one key, in a state store, and says whether an incident began
 * or ended. The same code serves the series stage and the source stage.
 */
public final class RuleEvaluator {

    private final KeyValueState store;
    private final DetectorMetrics metrics;

    /** Rule states as objects (in memory only: backtest), else {@code null}: as bytes in the store. */
    private final Map<String, Held> objects;
    private final Map<Rule, Integer> fingerprints = new java.util.IdentityHashMap<>();

    /** A rule state kept as an object, with the fingerprint of the rule's analysis and layout that made it. */
    private record Held(EvaluationState state, int fingerprint) {
    }

    /** Rule states as bytes in {@code store} (serialized around every observation), as the topology keeps them. */
    public RuleEvaluator(KeyValueState store, DetectorMetrics metrics) {
        this(store, metrics, false);
    }

    /**
     * With {@code objects}, rule states stay objects in memory between observations instead of being serialized into
     * {@code store} around each one (the store keeps the rest: the open-incident index). For a backtest: exact as long
     * as each analysis' {@code writeTo}/{@code readState} round-trip is exact, which {@code ObjectStatesTest} checks.
     * The state-bytes gauge is not kept then.
     */
    public RuleEvaluator(KeyValueState store, DetectorMetrics metrics, boolean objects) {
        this.store = store;
        this.metrics = metrics;
        this.objects = objects ? new java.util.HashMap<>() : null;
    }

    private int fingerprint(Rule rule) {
        return fingerprints.computeIfAbsent(rule, EvaluationState::fingerprint);
    }

    /** The object state of {@code key} when it was made by {@code rule}'s analysis and layout, else {@code null}. */
    private EvaluationState object(Rule rule, Held held) {
        return held != null && held.fingerprint() == fingerprint(rule) ? held.state() : null;
    }

    /** Prefix of the index of keys whose lifecycle is not idle: the ones a stream-time tick must look at. */
    static final String OPEN_PREFIX = "~open|";

    static String storeKey(Rule rule, String stateKey) {
        return rule.name() + "|" + stateKey;
    }

    public Optional<FindingTransition> evaluate(Rule rule, String stateKey, Observation observation) {
        String key = storeKey(rule, stateKey);
        byte[] before = null;
        boolean known;
        EvaluationState state;
        if (objects != null) {
            Held held = objects.get(key);
            known = held != null;
            state = object(rule, held);
        } else {
            before = store.get(key);
            known = before != null;
            state = before == null ? null : EvaluationState.read(rule, before);
        }
        if (state == null) {
            state = EvaluationState.fresh(rule);
            if (!known) {
                metrics.seriesTracked(1);
            }
        }
        Assessment assessment = state.analysis.observe(observation);
        if (assessment.condition() == Condition.LATE) {
            metrics.lateDropped();
        }
        state.lastSeen = Math.max(state.lastSeen, observation.ts());
        Map<String, String> labels = observation instanceof MetricSample s ? s.labels() : Map.of();
        return step(rule, key, stateKey, state, before, assessment, observation.ts(), observation.source(), labels);
    }

    private Optional<FindingTransition> step(Rule rule, String key, String stateKey, EvaluationState state, byte[] before,
                                             Assessment assessment, long ts, String source, Map<String, String> labels) {
        boolean wasIdle = !state.lifecycle.isActive();
        AlertLifecycle.Transition transition = state.lifecycle.step(assessment, ts, rule.forDuration(), rule.resolveAfter());
        if (objects != null) {
            objects.put(key, new Held(state, fingerprint(rule)));
        } else {
            byte[] after = state.write(rule);
            store.put(key, after);
            metrics.stateBytes(after.length - (before == null ? 0 : before.length));
        }
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
        Finding finding = new Finding(rule.name(), rule.signal(), assessment.severity(rule.severity()), source, labels, stateKey,
                since, ts, assessment.evidence(), rule.containment(), summary);
        AlertStatus status = transition == AlertLifecycle.Transition.FIRE ? AlertStatus.FIRING : AlertStatus.RESOLVED;
        return Optional.of(new FindingTransition(AlertIds.of(rule.name(), stateKey, since), status, rule.shadow(), finding));
    }

    /**
     * Advances every pending or open incident to {@code streamTime} without an observation: event-driven
     * analyses judge the silence (a crash loop that stopped), so their alerts can resolve.
     */
    public java.util.List<FindingTransition> tick(io.slowburn.rules.RuleSet rules, long streamTime) {
        java.util.List<FindingTransition> out = new java.util.ArrayList<>();
        java.util.List<java.util.Map.Entry<String, byte[]>> open = new java.util.ArrayList<>();
        for (var kv : store.prefix(OPEN_PREFIX)) {
            open.add(java.util.Map.entry(kv.getKey().substring(OPEN_PREFIX.length()), kv.getValue()));
        }
        for (var entry : open) {
            String key = entry.getKey();
            int bar = key.indexOf('|');
            Optional<Rule> rule = rules.get(key.substring(0, bar));
            byte[] before = objects != null ? null : store.get(key);
            EvaluationState state;
            if (rule.isEmpty()) {
                state = null;
            } else if (objects != null) {
                state = object(rule.get(), objects.get(key));
            } else {
                state = before == null ? null : EvaluationState.read(rule.get(), before);
            }
            if (state == null) {
                store.delete(OPEN_PREFIX + key); // the rule was removed or changed: nothing to advance
                continue;
            }
            Assessment assessment = state.analysis.advance(streamTime);
            String[] sourceAndLabels = fromLabelsBytes(entry.getValue());
            step(rule.get(), key, key.substring(bar + 1), state, before, assessment, streamTime, sourceAndLabels[0],
                    labelsOf(sourceAndLabels)).ifPresent(out::add);
        }
        return out;
    }

    private static byte[] labelsBytes(String source, Map<String, String> labels) {
        StringBuilder sb = new StringBuilder(source);
        labels.forEach((k, v) -> sb.append('\n').append(k).append('\n').append(v));
        return sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String[] fromLabelsBytes(byte[] bytes) {
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8).split("\n", -1);
    }

    private static Map<String, String> labelsOf(String[] parts) {
        Map<String, String> labels = new java.util.TreeMap<>();
        for (int i = 1; i + 1 < parts.length; i += 2) {
            labels.put(parts[i], parts[i + 1]);
        }
        return labels;
    }

    /** Removes states not seen since {@code cutoff}; returns how many were removed. */
    public int sweep(long cutoff) {
        int removed = 0;
        long bytes = 0;
        java.util.List<String> stale = new java.util.ArrayList<>();
        if (objects != null) {
            for (var kv : objects.entrySet()) {
                if (kv.getValue().state().lastSeen < cutoff) {
                    stale.add(kv.getKey());
                }
            }
        }
        for (var kv : objects != null ? List.<Map.Entry<String, byte[]>>of() : store.all()) {
            // Keys that start with '~' are the stage's own bookkeeping (watermarks, schedule, open findings), not rule state.
            if (!kv.getKey().startsWith("~") && EvaluationState.lastSeenOf(kv.getValue()) < cutoff) {
                stale.add(kv.getKey());
                bytes += kv.getValue().length;
            }
        }
        for (String k : stale) {
            if (objects != null) {
                objects.remove(k);
            }
            store.delete(k);
            store.delete(OPEN_PREFIX + k);
            removed++;
        }
        metrics.seriesTracked(-removed);
        metrics.stateBytes(-bytes);
        return removed;
    }
}
