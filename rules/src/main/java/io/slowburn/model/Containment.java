package io.slowburn.model;

import java.util.Locale;

/** Containment actions an alert recommends. */
public enum Containment implements WireName {
    ISOLATE_NODE,
    SCALE_DOWN_NONESSENTIAL,
    DISABLE_EXTERNAL_INTEGRATIONS,
    ABORT_EXPERIMENT,
    RATE_LIMIT_INGRESS,
    CAPTURE_FORENSICS;

    private final String wire;

    Containment() {
        this.wire = name().toLowerCase(Locale.ROOT);
    }

    Containment(String wire) {
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
    public static Containment fromWire(String wire) {
        return WireName.parse(Containment.class, wire);
    }
}
