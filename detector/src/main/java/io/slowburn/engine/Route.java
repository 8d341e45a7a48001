package io.slowburn.engine;

/** Where a processor's output goes next: a sink topic or the repartition into the next stage. */
public enum Route {
    /** Malformed input, with its reason, to the dead-letter topic. */
    DLQ,
    /** An observation for a source-keyed rule, to the repartition by source. */
    BY_SOURCE,
    /** A finding transition (firing, resolved, shadow), to the repartition by correlation key. */
    FINDING,
    /** An alert, to the alert topic. */
    ALERT,
    /** A decision record, to the audit topic. */
    AUDIT,
    /** An abort command, to the control topic. */
    CONTROL,
    /** An accepted experiment declaration, to the registry topic. */
    REGISTRY
}
