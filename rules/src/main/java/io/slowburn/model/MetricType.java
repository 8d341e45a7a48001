package io.slowburn.model;

/** How a metric's value behaves over time. A counter is monotonic; a drop is a reset (process restart). */
public enum MetricType implements WireName {
    GAUGE,
    COUNTER;

    @Override
    public String toString() {
        return wire();
    }

    /** The constant for a wire name; {@code null} when there is none. */
    public static MetricType fromWire(String wire) {
        return WireName.parse(MetricType.class, wire);
    }
}
