package io.slowburn.analysis;

import io.slowburn.model.Observation;
import java.io.DataOutput;
import java.io.IOException;

/** The per-key state of an {@link Analysis}. Mutable, single-threaded, event time only. */
public interface AnalysisState {

    /**
     * Folds one observation in and says what the analysis sees now. Observations arrive in roughly event-time
     * order; ones older than the analysis' lateness bound return {@link Assessment#late()} and change nothing.
     */
    Assessment observe(Observation observation);

    /**
     * Says what the analysis sees at {@code streamTime} when no observation came: for event-driven analyses the
     * absence of events is itself information (a crash loop that stopped). The default decides nothing. Must not
     * change what later observations are judged against.
     */
    default Assessment advance(long streamTime) {
        return Assessment.insufficientData();
    }

    /** Writes the state compactly (the analysis' {@code readState} reads it back). */
    void writeTo(DataOutput out) throws IOException;
}
