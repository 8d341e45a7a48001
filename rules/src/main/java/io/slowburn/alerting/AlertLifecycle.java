package io.slowburn.alerting;

import io.slowburn.analysis.Assessment;
import io.slowburn.analysis.Condition;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;

/**
 * Where one rule stands on one key, in event time: idle, pending (anomalous, not yet for {@code for}), firing, or
 * clearing (normal, not yet for {@code resolve_after}). It turns a stream of assessments into at most one
 * {@link Transition#FIRE} and one {@link Transition#RESOLVE} per incident, so alerts are not repeated on every
 * sample. Hysteresis against flapping comes from both holds: a blip does not fire, and a dip while firing does not
 * resolve (the incident simply continues). Insufficient data and late samples change nothing.
 */
public final class AlertLifecycle {

    /** What one step decided. */
    public enum Transition {
        NONE,
        FIRE,
        RESOLVE
    }

    enum Phase {
        IDLE,
        PENDING,
        FIRING,
        CLEARING
    }

    /** Serialized size in bytes. */
    public static final int BYTES = 1 + 3 * Long.BYTES;

    private Phase phase = Phase.IDLE;
    private long pendingSince;
    private long firingSince;
    private long clearSince;

    /**
     * Folds one assessment in.
     *
     * @param ts the event time of the observation assessed
     */
    public Transition step(Assessment assessment, long ts, Duration forDuration, Duration resolveAfter) {
        Condition c = assessment.condition();
        if (c == Condition.INSUFFICIENT_DATA || c == Condition.LATE) {
            return Transition.NONE;
        }
        boolean anomalous = c == Condition.ANOMALOUS;
        switch (phase) {
            case IDLE -> {
                if (anomalous) {
                    pendingSince = ts;
                    phase = Phase.PENDING;
                    return promoteIfHeld(ts, forDuration);
                }
                return Transition.NONE;
            }
            case PENDING -> {
                if (!anomalous) {
                    phase = Phase.IDLE;
                    return Transition.NONE;
                }
                return promoteIfHeld(ts, forDuration);
            }
            case FIRING -> {
                if (anomalous) {
                    return Transition.NONE;
                }
                clearSince = ts;
                phase = Phase.CLEARING;
                return resolveIfHeld(ts, resolveAfter);
            }
            case CLEARING -> {
                if (anomalous) {
                    phase = Phase.FIRING;
                    return Transition.NONE;
                }
                return resolveIfHeld(ts, resolveAfter);
            }
            default -> throw new IllegalStateException("unknown phase " + phase);
        }
    }

    private Transition promoteIfHeld(long ts, Duration forDuration) {
        if (ts - pendingSince >= forDuration.toMillis()) {
            phase = Phase.FIRING;
            firingSince = pendingSince;
            return Transition.FIRE;
        }
        return Transition.NONE;
    }

    private Transition resolveIfHeld(long ts, Duration resolveAfter) {
        if (ts - clearSince >= resolveAfter.toMillis()) {
            phase = Phase.IDLE;
            return Transition.RESOLVE;
        }
        return Transition.NONE;
    }

    /** Whether anything is under way: pending, firing or clearing (only idle is not). */
    public boolean isActive() {
        return phase != Phase.IDLE;
    }

    /** Whether an incident is open (firing, or clearing but not yet resolved). */
    public boolean isOpen() {
        return phase == Phase.FIRING || phase == Phase.CLEARING;
    }

    /** When the open (or last) incident's condition began: the first anomalous event time before it fired. */
    public long incidentSince() {
        return firingSince;
    }

    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(phase.ordinal());
        out.writeLong(pendingSince);
        out.writeLong(firingSince);
        out.writeLong(clearSince);
    }

    public static AlertLifecycle readFrom(DataInput in) throws IOException {
        AlertLifecycle l = new AlertLifecycle();
        int p = in.readByte();
        if (p < 0 || p >= Phase.values().length) {
            throw new IOException("corrupt lifecycle state: phase " + p);
        }
        l.phase = Phase.values()[p];
        l.pendingSince = in.readLong();
        l.firingSince = in.readLong();
        l.clearSince = in.readLong();
        return l;
    }
}
