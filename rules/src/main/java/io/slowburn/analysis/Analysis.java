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
}
