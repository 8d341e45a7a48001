package io.slowburn.model;

/** Which kind of record a JSON Lines file line holds: its {@code "stream"} field. */
public enum Stream implements WireName {
    METRIC,
    EVENT,
    EXPERIMENT;

    /** The constant for a wire name; {@code null} when there is none. */
    public static Stream fromWire(String wire) {
        return WireName.parse(Stream.class, wire);
    }
}
