package io.slowburn.analysis;

/** Which key an analysis keeps its state under, and so which observations share one state. */
public enum Keying {
    /** One state per series id ({@code source|metric|labels}). */
    SERIES,
    /** One state per source, fed by all of the source's matching observations (events, several metrics). */
    SOURCE
}
