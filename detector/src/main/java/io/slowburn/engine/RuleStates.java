package io.slowburn.engine;

import io.slowburn.detector.service.DetectorMetrics;
import io.slowburn.rules.Rule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rule states as objects in front of the store that keeps them as bytes: a write-back cache. An observation reads and
 * updates the object; only {@link #flush()} (live: before every commit, so the bytes land in the same transaction as
 * the offsets and outputs they belong to) serializes the states that changed since the last flush. At most
 * {@code capacity} states stay in memory; one that has to make room ({@link WriteBackCache}: not the least recently
 * used, so that part of a round of series larger than the cache stays) is written through and dropped. With a
 * capacity of 0 every state is serialized into the store around each observation; offline, with no limit and no
 * flush, states never leave memory as bytes.
 *
 * <p>Exact as long as each analysis' {@code writeTo}/{@code readState} round-trip is exact ({@code ObjectStatesTest}).
 */
final class RuleStates {

    /** A state in memory: the rule (analysis and layout) that made it, whether it changed since it was last stored. */
    static final class Held {
        final String key;
        final Rule rule;
        final int fingerprint;
        final EvaluationState state;
        boolean dirty;
        /** Size of its bytes in the store (0: none), for the state-bytes gauge. */
        int storedBytes;
        /** Whether it is the one in memory under its key (until it is forgotten or makes room for others). */
        boolean held;

        Held(String key, Rule rule, int fingerprint, EvaluationState state, int storedBytes) {
            this.key = key;
            this.rule = rule;
            this.fingerprint = fingerprint;
            this.state = state;
            this.storedBytes = storedBytes;
        }
    }

    private final KeyValueState store;
    private final DetectorMetrics metrics;
    private final int capacity;
    private final Map<Rule, Integer> fingerprints = new IdentityHashMap<>();
    /** The states in memory: a plain map with no limit (or none held, at 0); else a bounded cache's map view. */
    private final Map<String, Held> held;
    /** The states marked changed since the last flush, each once (some since written through or forgotten). */
    private final List<Held> dirty = new ArrayList<>();

    RuleStates(KeyValueState store, DetectorMetrics metrics, int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be at least 0, got " + capacity);
        }
        this.store = store;
        this.metrics = metrics;
        this.capacity = capacity;
        if (capacity == 0 || capacity == Integer.MAX_VALUE) {
            this.held = new HashMap<>();
        } else {
            this.held = WriteBackCache.bounded(capacity, (key, h) -> {
                writeThrough(key, h);
                h.held = false;
            });
        }
    }

    int fingerprint(Rule rule) {
        return fingerprints.computeIfAbsent(rule, EvaluationState::fingerprint);
    }

    /**
     * The state of {@code key}, from memory or else from the store; {@code null} when there is none. A state made by
     * another analysis or layout of the rule is returned with a {@code null} state: the key is known, its state is not
     * usable.
     */
    Held find(Rule rule, String key) {
        Held h = held.get(key);
        if (h != null) {
            return h.fingerprint == fingerprint(rule) ? h : new Held(key, rule, fingerprint(rule), null, h.storedBytes);
        }
        byte[] bytes = store.get(key);
        if (bytes == null) {
            return null;
        }
        metrics.ruleStateLoaded();
        EvaluationState state = EvaluationState.read(rule, bytes);
        if (state == null) {
            return new Held(key, rule, fingerprint(rule), null, bytes.length);
        }
        h = new Held(key, rule, fingerprint(rule), state, bytes.length);
        if (capacity > 0) {
            h.held = true; // before the put: making room may drop this very state at once (then it is not held)
            held.put(key, h);
        }
        return h;
    }

    /** Records that {@code state} (the one found, or a fresh one) changed: stored now, or at the next flush. */
    void changed(Rule rule, String key, Held found, EvaluationState state) {
        Held h = found != null && found.state == state ? found
                : new Held(key, rule, fingerprint(rule), state, found == null ? 0 : found.storedBytes);
        if (capacity == 0) {
            h.dirty = true;
            writeThrough(key, h);
            return;
        }
        if (!h.dirty) {
            h.dirty = true;
            dirty.add(h);
        }
        if (!h.held) {
            // A state found in memory is there already, and find() recorded the use: no second lookup.
            h.held = true; // before the put, as in find()
            Held replaced = held.put(key, h);
            if (replaced != null && replaced != h) {
                replaced.held = false; // another analysis or layout's state under the key: this one is stored instead
            }
        }
    }

    /** The held state of {@code key} when it is in memory (for the idle sweep), else {@code null}. */
    Held inMemory(String key) {
        return held.get(key);
    }

    /** Whether anything is kept in memory at all (offline with no limit: every state). */
    boolean holdsAll() {
        return capacity == Integer.MAX_VALUE;
    }

    /** Every state in memory. */
    Iterable<Map.Entry<String, Held>> inMemory() {
        return held.entrySet();
    }

    void forget(String key) {
        Held h = held.remove(key);
        if (h != null) {
            h.held = false;
        }
    }

    /**
     * Serializes every state changed since the last flush into the store: the ones changed, not every one in memory
     * (live, a flush comes every 100 ms, and a task that holds thousands of states changes a few hundred in between).
     * A state forgotten since (swept), or replaced under its key, is not written; one that made room for others was
     * written then.
     */
    void flush() {
        for (Held h : dirty) {
            if (h.held) {
                writeThrough(h.key, h);
            }
        }
        dirty.clear();
    }

    private void writeThrough(String key, Held h) {
        if (!h.dirty) {
            return;
        }
        byte[] bytes = h.state.write(h.rule);
        store.put(key, bytes);
        metrics.stateBytes(bytes.length - h.storedBytes);
        h.storedBytes = bytes.length;
        h.dirty = false;
    }
}
