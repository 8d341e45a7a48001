package io.slowburn.engine;

import java.util.Map;

/** Read access to the registry of accepted experiment declarations (by id). */
public interface ExperimentRegistryView {

    boolean isEmpty();

    /** The declaration registered under {@code id}, or {@code null}. */
    byte[] get(String id);

    /** Every registered declaration, by id. */
    Map<String, byte[]> all();

    /**
     * A number that changes whenever the registry does, so a reader may keep what it derived from {@link #all()}
     * until it changes; negative when unknown (read it again every time).
     */
    default long version() {
        return -1;
    }
}
