package io.slowburn.model;

import java.util.Locale;

/** How urgent an alert is; ordered from least to most urgent. */
public enum Severity implements WireName {
    INFO,
    WARNING,
    CRITICAL;

    private final String wire;

    Severity() {
        this.wire = name().toLowerCase(Locale.ROOT);
    }

    Severity(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    @Override
    public String toString() {
        return wire;
    }

    /** The constant for a wire name; {@code null} when there is none. */
    public static Severity fromWire(String wire) {
        return WireName.parse(Severity.class, wire);
    }
}
