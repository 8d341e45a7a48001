package io.slowburn.model;

/** The contract's vocabulary of signals a finding can name. */
public enum Signal implements WireName {
    MEMORY_DRIFT,
    FD_EXHAUSTION,
    PROCESS_CHURN,
    CRASH_LOOP,
    RETRY_STORM,
    QUEUE_GROWTH,
    LATENCY_DRIFT,
    GC_PRESSURE,
    UNEXPECTED_EXEC,
    ANOMALY;

    @Override
    public String toString() {
        return wire();
    }

    /** The constant for a wire name; {@code null} when there is none. */
    public static Signal fromWire(String wire) {
        return WireName.parse(Signal.class, wire);
    }
}
