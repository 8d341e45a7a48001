package io.slowburn.model;

import java.util.Locale;

/** Why a finding is or is not explained by a sanctioned experiment. */
public enum Verdict implements WireName {
    SUSPICIOUS,
    SANCTIONED,
    BREACH;

    private final String wire;

    Verdict() {
        this.wire = name().toLowerCase(Locale.ROOT);
    }

    Verdict(String wire) {
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
    public static Verdict fromWire(String wire) {
        return WireName.parse(Verdict.class, wire);
    }
}
