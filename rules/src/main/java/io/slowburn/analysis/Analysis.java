package io.slowburn.analysis;

import java.io.DataInput;
import java.io.IOException;

/**
 * An analysis configured by a rule's parameters. Immutable and shared by all keys; per-key memory lives in
 * {@link AnalysisState}, which is compact, bounded in size whatever the window, and serializable to bytes so a
 * Kafka Streams state store (or a plain map, in tests) can hold it. Pure Java: no Kafka, no wall clock.
 */
public interface Analysis {

    /** Which key its state lives under. */
    Keying keying();

    /** A fresh state for a key seen for the first time. */
    AnalysisState newState();

    /** Reads a state written by {@link AnalysisState#writeTo}. */
    AnalysisState readState(DataInput in) throws IOException;

    /**
     * A canonical description of exactly the parameters that shape the serialized state: how many entries
     * {@link AnalysisState#writeTo} writes and {@link #readState} reads, and what they mean (bucket width, window or
     * capacity, reference days, which metric fills which slot). Two analyses of the same type with equal layouts
     * read each other's states correctly; the detector keys a stored state by type and layout, so that a hot reload
     * which changes the layout starts the state afresh instead of misreading old bytes. Parameters that only
     * judge the state (thresholds, horizons, confidence levels) must stay out of it: tuning them keeps the
     * history. Empty only for an analysis whose state reads the same whatever its parameters.
     */
    String stateLayout();
}
