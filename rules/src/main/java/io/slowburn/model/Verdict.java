package io.slowburn.model;

/** Why a finding is or is not explained by a sanctioned experiment. */
public enum Verdict implements WireName {
    SUSPICIOUS,
    SANCTIONED,
    BREACH;

    @Override
    public String toString() {
        return wire();
    }

    /** The constant for a wire name; {@code null} when there is none. */
    public static Verdict fromWire(String wire) {
        return WireName.parse(Verdict.class, wire);
    }
}
