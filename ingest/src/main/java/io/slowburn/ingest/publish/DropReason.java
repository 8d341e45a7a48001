package io.slowburn.ingest.publish;

import java.util.Locale;

/** Why the publisher dropped a record; the {@code reason} tag of {@code slowburn.ingest.records.dropped}. */
public enum DropReason {
    /** The bounded buffer was full: the OLDEST record made room for the new one. */
    BUFFER_FULL,
    /** The source already has the maximum number of distinct series. */
    CARDINALITY,
    /** The record does not follow the contract (it would be rejected downstream anyway). */
    INVALID;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
