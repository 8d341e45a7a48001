package io.slowburn.experiments.imports;

import io.slowburn.model.Fault;
import java.time.Duration;
import java.util.Map;

/**
 * LitmusChaos experiment names: the fault each declares, whether it acts on nodes (the scope is then the node, not
 * the app's pods), and its default {@code TOTAL_CHAOS_DURATION} (from the experiment definitions in
 * litmuschaos/chaos-charts, {@code faults/kubernetes/NAME/fault.yaml}).
 */
final class LitmusExperiments {

    /** One experiment kind. */
    record Kind(Fault fault, boolean nodeLevel, Duration defaultDuration) {
    }

    private static final Duration S30 = Duration.ofSeconds(30);
    private static final Duration S60 = Duration.ofSeconds(60);

    private static final Map<String, Kind> KINDS = Map.ofEntries(
            Map.entry("pod-delete", new Kind(Fault.PROCESS_KILL, false, Duration.ofSeconds(15))),
            Map.entry("container-kill", new Kind(Fault.PROCESS_KILL, false, Duration.ofSeconds(20))),
            Map.entry("pod-cpu-hog", new Kind(Fault.CPU_PRESSURE, false, S60)),
            Map.entry("pod-cpu-hog-exec", new Kind(Fault.CPU_PRESSURE, false, S60)),
            Map.entry("pod-memory-hog", new Kind(Fault.MEMORY_PRESSURE, false, S60)),
            Map.entry("pod-memory-hog-exec", new Kind(Fault.MEMORY_PRESSURE, false, S60)),
            Map.entry("pod-network-latency", new Kind(Fault.NETWORK_LATENCY, false, S60)),
            Map.entry("pod-http-latency", new Kind(Fault.NETWORK_LATENCY, false, S60)),
            Map.entry("pod-network-loss", new Kind(Fault.NETWORK_LOSS, false, S60)),
            Map.entry("pod-network-corruption", new Kind(Fault.NETWORK_LOSS, false, S60)),
            Map.entry("pod-network-partition", new Kind(Fault.DEPENDENCY_FAILURE, false, S60)),
            Map.entry("pod-dns-error", new Kind(Fault.DEPENDENCY_FAILURE, false, S60)),
            Map.entry("pod-dns-spoof", new Kind(Fault.DEPENDENCY_FAILURE, false, S60)),
            Map.entry("pod-http-status-code", new Kind(Fault.DEPENDENCY_FAILURE, false, S60)),
            Map.entry("pod-http-reset-peer", new Kind(Fault.DEPENDENCY_FAILURE, false, S60)),
            Map.entry("pod-io-stress", new Kind(Fault.DEPENDENCY_FAILURE, false, Duration.ofSeconds(120))),
            Map.entry("node-cpu-hog", new Kind(Fault.CPU_PRESSURE, true, S60)),
            Map.entry("node-memory-hog", new Kind(Fault.MEMORY_PRESSURE, true, Duration.ofSeconds(120))),
            Map.entry("node-io-stress", new Kind(Fault.DEPENDENCY_FAILURE, true, Duration.ofSeconds(120))),
            Map.entry("node-drain", new Kind(Fault.PROCESS_KILL, true, S60)),
            Map.entry("node-restart", new Kind(Fault.PROCESS_KILL, true, S60)),
            Map.entry("kubelet-service-kill", new Kind(Fault.PROCESS_KILL, true, S60)),
            Map.entry("docker-service-kill", new Kind(Fault.PROCESS_KILL, true, Duration.ofSeconds(90))),
            Map.entry("ec2-stop-by-id", new Kind(Fault.PROCESS_KILL, true, S30)),
            Map.entry("ec2-stop-by-tag", new Kind(Fault.PROCESS_KILL, true, S30)),
            Map.entry("azure-instance-stop", new Kind(Fault.PROCESS_KILL, true, S30)),
            Map.entry("gcp-vm-instance-stop", new Kind(Fault.PROCESS_KILL, true, S30)));

    private LitmusExperiments() {
    }

    /** The kind of a named experiment, or {@code null} when slowburn has no fault for it. */
    static Kind of(String name) {
        return KINDS.get(name);
    }

    static Map<String, Kind> all() {
        return KINDS;
    }
}
