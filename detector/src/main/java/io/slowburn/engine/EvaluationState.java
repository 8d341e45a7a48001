package io.slowburn.engine;

import io.slowburn.alerting.AlertLifecycle;
import io.slowburn.analysis.AnalysisState;
import io.slowburn.rules.Rule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What one rule keeps for one key in the state store: when the key was last seen (for the idle sweep), the alert
 * lifecycle, and the analysis' compact state. The header fingerprints the analysis type and its
 * {@link io.slowburn.analysis.Analysis#stateLayout() state layout}, so that a rule whose analysis changed type or
 * layout on a hot reload (another {@code bucket} or {@code window}, say) starts afresh instead of misreading old
 * bytes, while a change of a threshold keeps the state and its history.
 *
 * <p>Layout: the version byte, the fingerprint (4 bytes), the last-seen time (8 bytes), the lifecycle, the analysis
 * state. Version 1 fingerprinted the type only: its states are not read, they start afresh.
 */
final class EvaluationState {

    private static final byte VERSION = 2;

    long lastSeen;
    final AlertLifecycle lifecycle;
    final AnalysisState analysis;

    private EvaluationState(long lastSeen, AlertLifecycle lifecycle, AnalysisState analysis) {
        this.lastSeen = lastSeen;
        this.lifecycle = lifecycle;
        this.analysis = analysis;
    }

    static EvaluationState fresh(Rule rule) {
        return new EvaluationState(Long.MIN_VALUE, new AlertLifecycle(), rule.analysis().newState());
    }

    /**
     * Reads a stored state; {@code null} when it was written by another version, for another analysis type or state
     * layout, or is unreadable.
     */
    static EvaluationState read(Rule rule, byte[] bytes) {
        try {
            StateInput in = new StateInput(bytes);
            if (in.readByte() != VERSION || in.readInt() != fingerprint(rule)) {
                return null;
            }
            long lastSeen = in.readLong();
            AlertLifecycle lifecycle = AlertLifecycle.readFrom(in);
            return new EvaluationState(lastSeen, lifecycle, rule.analysis().readState(in));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    byte[] write(Rule rule) {
        StateOutput out = new StateOutput(256);
        try {
            out.writeByte(VERSION);
            out.writeInt(fingerprint(rule));
            out.writeLong(lastSeen);
            lifecycle.writeTo(out);
            analysis.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The analysis type and the layout of its state: states written under another fingerprint are not read. */
    static int fingerprint(Rule rule) {
        return (rule.analysisType() + "|" + rule.analysis().stateLayout()).hashCode();
    }

    /** The last-seen time of a stored state without decoding the rest (for the idle sweep). */
    static long lastSeenOf(byte[] bytes) {
        if (bytes.length < 13) {
            return Long.MIN_VALUE;
        }
        long v = 0;
        for (int i = 5; i < 13; i++) {
            v = (v << 8) | (bytes[i] & 0xFF);
        }
        return v;
    }
}
