package io.slowburn.model;

/** How urgent an alert is; ordered from least to most urgent. */
public enum Severity implements WireName {
    INFO,
    WARNING,
    CRITICAL;

    @Override
    public String toString() {
        return wire();
    }

    /** The constant for a wire name; {@code null} when there is none. */
    public static Severity fromWire(String wire) {
        return WireName.parse(Severity.class, wire);
    }
}
