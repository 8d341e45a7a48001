package io.slowburn.model;

import java.util.Locale;

/** Where an alert is in its lifecycle. */
public enum AlertStatus implements WireName {
    FIRING,
    RESOLVED;

    private final String wire;

    AlertStatus() {
        this.wire = name().toLowerCase(Locale.ROOT);
    }

    AlertStatus(String wire) {
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
    public static AlertStatus fromWire(String wire) {
        return WireName.parse(AlertStatus.class, wire);
    }
}
