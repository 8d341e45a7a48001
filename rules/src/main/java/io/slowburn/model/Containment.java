package io.slowburn.model;

/** Containment actions an alert recommends. */
public enum Containment implements WireName {
    ISOLATE_NODE,
    SCALE_DOWN_NONESSENTIAL,
    DISABLE_EXTERNAL_INTEGRATIONS,
    ABORT_EXPERIMENT,
    RATE_LIMIT_INGRESS,
    CAPTURE_FORENSICS;

    @Override
    public String toString() {
        return wire();
    }

    /** The constant for a wire name; {@code null} when there is none. */
    public static Containment fromWire(String wire) {
        return WireName.parse(Containment.class, wire);
    }
}
