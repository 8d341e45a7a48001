package io.slowburn.model;

import java.util.Locale;

/** How a metric's value behaves over time. A counter is monotonic; a drop is a reset (process restart). */
public enum MetricType implements WireName {
    GAUGE,
    COUNTER;

    private final String wire;

    MetricType() {
        this.wire = name().toLowerCase(Locale.ROOT);
    }

    MetricType(String wire) {
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
    public static MetricType fromWire(String wire) {
        return WireName.parse(MetricType.class, wire);
    }
}
