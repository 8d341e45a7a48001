package io.slowburn.model;

/** Where an alert is in its lifecycle. */
public enum AlertStatus implements WireName {
    FIRING,
    RESOLVED;

    @Override
    public String toString() {
        return wire();
    }

    /** The constant for a wire name; {@code null} when there is none. */
    public static AlertStatus fromWire(String wire) {
        return WireName.parse(AlertStatus.class, wire);
    }
}
