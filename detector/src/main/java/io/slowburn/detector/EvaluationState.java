package io.slowburn.detector;

import io.slowburn.alerting.AlertLifecycle;
import io.slowburn.analysis.AnalysisState;
import io.slowburn.rules.Rule;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What one rule keeps for one key in the state store: when the key was last seen (for the idle sweep), the alert
 * lifecycle, and the analysis' compact state. The analysis type is fingerprinted so that a rule whose analysis
 * changed (hot reload) starts afresh instead of misreading old bytes.
 */
final class EvaluationState {

    private static final byte VERSION = 1;

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

    /** Reads a stored state; {@code null} when it belongs to another analysis type or is unreadable. */
    static EvaluationState read(Rule rule, byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readByte() != VERSION || in.readInt() != rule.analysisType().hashCode()) {
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
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeInt(rule.analysisType().hashCode());
            out.writeLong(lastSeen);
            lifecycle.writeTo(out);
            analysis.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
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
