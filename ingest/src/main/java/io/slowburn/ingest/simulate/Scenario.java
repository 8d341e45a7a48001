package io.slowburn.ingest.simulate;

import java.util.List;

/**
 * A loaded scenario: a fleet of hosts with a healthy baseline, incidents injected into it, and experiment
 * declarations (already signed, tampered or left unsigned as the file asked). Times are event times, epoch ms.
 *
 * @param start first sample's time
 * @param durationMs how much event time the scenario covers
 * @param stepMs sample interval
 * @param seed makes every random choice; the same scenario and seed give the same records, byte for byte
 */
public record Scenario(String name, String description, long start, long durationMs, long stepMs, long seed,
                       List<String> hosts, Baseline baseline, List<Incident> incidents, List<ExperimentSpec> experiments) {

    public Scenario {
        hosts = List.copyOf(hosts);
        incidents = List.copyOf(incidents);
        experiments = List.copyOf(experiments);
    }

    public long end() {
        return start + durationMs;
    }
}
