package io.slowburn.model;

import java.util.Locale;

/** Faults an experiment declaration may inject. */
public enum Fault implements WireName {
    PROCESS_KILL("process.kill"),
    PROCESS_SPAWN("process.spawn"),
    MEMORY_PRESSURE("memory.pressure"),
    CPU_PRESSURE("cpu.pressure"),
    FD_EXHAUSTION("fd.exhaustion"),
    NETWORK_LATENCY("network.latency"),
    NETWORK_LOSS("network.loss"),
    DEPENDENCY_FAILURE("dependency.failure");

    private final String wire;

    Fault() {
        this.wire = name().toLowerCase(Locale.ROOT);
    }

    Fault(String wire) {
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
    public static Fault fromWire(String wire) {
        return WireName.parse(Fault.class, wire);
    }
}
