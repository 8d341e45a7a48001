package io.slowburn.engine;

import java.util.Objects;

/** A processor's output value: its route and its serialized JSON. */
public record Routed(Route route, byte[] value) {

    public Routed {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(value, "value");
    }
}
