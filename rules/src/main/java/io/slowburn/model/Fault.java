package io.slowburn.model;

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

    /** Dotted, unlike the constants' names: the one enum that does not take the default wire name. */
    private final String wire;

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
