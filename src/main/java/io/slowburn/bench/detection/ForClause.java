package io.slowburn.bench.detection;

/**
 * Prometheus' {@code for:}: a condition must hold at every evaluation for {@code forMs} before the alert fires; it
 * fires once, and again only after the condition has been false.
 */
final class ForClause {

    private final long forMs;
    private long pendingSince = Long.MIN_VALUE;
    private boolean firing;

    ForClause(long forMs) {
        this.forMs = forMs;
    }

    /** Evaluates at {@code ts}; true exactly when the alert starts firing. */
    boolean update(long ts, boolean condition) {
        if (!condition) {
            pendingSince = Long.MIN_VALUE;
            firing = false;
            return false;
        }
        if (pendingSince == Long.MIN_VALUE) {
            pendingSince = ts;
        }
        if (!firing && ts - pendingSince >= forMs) {
            firing = true;
            return true;
        }
        return false;
    }
}
