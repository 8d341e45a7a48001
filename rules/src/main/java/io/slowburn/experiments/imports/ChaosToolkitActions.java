package io.slowburn.experiments.imports;

import io.slowburn.model.Fault;
import java.util.Map;

/**
 * Chaos Toolkit actions slowburn recognises, by Python provider {@code module.func} (names from the drivers'
 * documentation: chaostoolkit-kubernetes, -toxiproxy, -istio, -aws, -azure). An action not listed here has no
 * slowburn fault: the import fails unless {@code --allow-unmapped}.
 */
final class ChaosToolkitActions {

    private static final Map<String, Fault> PYTHON = Map.ofEntries(
            Map.entry("chaosk8s.pod.actions.terminate_pods", Fault.PROCESS_KILL),
            Map.entry("chaosk8s.actions.kill_microservice", Fault.PROCESS_KILL),
            Map.entry("chaosk8s.node.actions.drain_nodes", Fault.PROCESS_KILL),
            Map.entry("chaosk8s.node.actions.delete_nodes", Fault.PROCESS_KILL),
            Map.entry("chaosk8s.deployment.actions.delete_deployment", Fault.PROCESS_KILL),
            Map.entry("chaosk8s.replicaset.actions.delete_replica_set", Fault.PROCESS_KILL),
            Map.entry("chaosk8s.statefulset.actions.remove_statefulset", Fault.PROCESS_KILL),
            Map.entry("chaosk8s.actions.remove_service_endpoint", Fault.DEPENDENCY_FAILURE),
            Map.entry("chaosk8s.service.actions.delete_service", Fault.DEPENDENCY_FAILURE),
            Map.entry("chaosk8s.networking.actions.deny_all_egress", Fault.DEPENDENCY_FAILURE),
            Map.entry("chaosk8s.networking.actions.deny_all_ingress", Fault.DEPENDENCY_FAILURE),
            Map.entry("chaosk8s.networking.actions.remove_allow_dns_access", Fault.DEPENDENCY_FAILURE),
            Map.entry("chaostoxi.toxic.actions.create_latency_toxic", Fault.NETWORK_LATENCY),
            Map.entry("chaostoxi.toxic.actions.create_downstream_latency_toxic", Fault.NETWORK_LATENCY),
            Map.entry("chaostoxi.toxic.actions.create_bandwith_degradation_toxic", Fault.NETWORK_LATENCY),
            Map.entry("chaostoxi.toxic.actions.create_slow_connection_close_toxic", Fault.NETWORK_LATENCY),
            Map.entry("chaostoxi.toxic.actions.create_timeout_toxic", Fault.DEPENDENCY_FAILURE),
            Map.entry("chaostoxi.toxic.actions.create_limiter_toxic", Fault.DEPENDENCY_FAILURE),
            Map.entry("chaostoxi.proxy.actions.disable_proxy", Fault.DEPENDENCY_FAILURE),
            Map.entry("chaostoxi.proxy.actions.delete_proxy", Fault.DEPENDENCY_FAILURE),
            Map.entry("chaosistio.fault.actions.add_delay_fault", Fault.NETWORK_LATENCY),
            Map.entry("chaosistio.fault.actions.add_abort_fault", Fault.DEPENDENCY_FAILURE),
            Map.entry("chaosaws.ec2.actions.stop_instance", Fault.PROCESS_KILL),
            Map.entry("chaosaws.ec2.actions.stop_instances", Fault.PROCESS_KILL),
            Map.entry("chaosaws.ec2.actions.terminate_instance", Fault.PROCESS_KILL),
            Map.entry("chaosaws.ec2.actions.restart_instances", Fault.PROCESS_KILL),
            Map.entry("chaosaws.ecs.actions.stop_task", Fault.PROCESS_KILL),
            Map.entry("chaosaws.ecs.actions.stop_random_tasks", Fault.PROCESS_KILL),
            Map.entry("chaosazure.machine.actions.restart_machines", Fault.PROCESS_KILL));

    private ChaosToolkitActions() {
    }

    /** The fault of a Python action, or {@code null}. */
    static Fault python(String module, String func) {
        return PYTHON.get(module + "." + func);
    }

    /** Whether the function is one of chaostoolkit-kubernetes' (whose arguments {@code ns}, {@code label_selector} scope it). */
    static boolean kubernetes(String module) {
        return module.startsWith("chaosk8s.");
    }

    static Map<String, Fault> table() {
        return PYTHON;
    }
}
