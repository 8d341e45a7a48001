package io.slowburn.experiments.imports;

import java.util.Locale;

/** The chaos tools whose experiment documents {@code slowburn experiments import --from} reads. */
public enum ChaosTool {
    /** Chaos Mesh resources: PodChaos, StressChaos, NetworkChaos, IOChaos, TimeChaos, and a Schedule of one. */
    CHAOS_MESH("chaos-mesh"),
    /** A LitmusChaos ChaosEngine and its experiments. */
    LITMUS("litmus"),
    /** A Chaos Toolkit experiment (JSON or YAML), or its journal. */
    CHAOSTOOLKIT("chaostoolkit");

    private final String wire;

    ChaosTool(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The tool for a {@code --from} value, or {@code null}. */
    public static ChaosTool fromWire(String s) {
        if (s == null) {
            return null;
        }
        String w = s.strip().toLowerCase(Locale.ROOT);
        for (ChaosTool t : values()) {
            if (t.wire.equals(w)) {
                return t;
            }
        }
        return null;
    }
}
