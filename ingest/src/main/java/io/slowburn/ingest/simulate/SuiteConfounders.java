package io.slowburn.ingest.simulate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The suite's benign confounders: what a healthy fleet does that a careless detector calls trouble. They go anywhere,
 * the same host as an incident included, and each is labelled {@code benign} so a scorer can say which one a false
 * alert sat on.
 */
final class SuiteConfounders {

    /** The signals each confounder tempts a detector to raise: a scorer names the confounder a false alert sat on. */
    private static final Map<String, List<String>> TEMPTS = Map.ofEntries(
            Map.entry("daily_weekly_cycle", List.of("latency_drift", "memory_drift", "anomaly")),
            Map.entry("short_lived_and_kernel_threads", List.of("crash_loop", "unexpected_exec", "process_churn")),
            Map.entry("fleet_deploy", List.of("crash_loop", "retry_storm", "gc_pressure", "anomaly")),
            Map.entry("tier_deploy", List.of("crash_loop", "retry_storm", "gc_pressure", "anomaly")),
            Map.entry("cache_warmup_memory", List.of("memory_drift")),
            Map.entry("cache_warmup_heap", List.of("memory_drift")),
            Map.entry("level_step_heap", List.of("memory_drift")),
            Map.entry("level_step_memory", List.of("memory_drift")),
            Map.entry("level_step_fd", List.of("fd_exhaustion")),
            Map.entry("autoscale_step", List.of("latency_drift", "retry_storm", "anomaly")),
            Map.entry("queue_bursts", List.of("queue_growth")),
            Map.entry("load_spike", List.of("latency_drift", "retry_storm", "gc_pressure", "anomaly")));

    private final FleetSuite s;
    private final long end;

    SuiteConfounders(FleetSuite s) {
        this.s = s;
        this.end = s.options().durationMin();
    }

    void all() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("weekly", SuiteYaml.num(s.between(0.1, 0.2)));
        p.put("memory_daily", SuiteYaml.whole(s.between(150e6, 400e6)));
        p.put("heap_daily", SuiteYaml.whole(s.between(30e6, 80e6)));
        add("cycles", s.hosts(), 0, 0, p, "daily_weekly_cycle");

        p = new LinkedHashMap<>();
        p.put("rate_per_hour", Long.toString(s.minutes(15, 40)));
        p.put("kthreads_per_hour", Long.toString(s.minutes(2, 6)));
        add("proc_noise", s.hosts(), 0, 0, p, "short_lived_and_kernel_threads");

        deploy(s.hosts(), s.minutes(360, 1_200), "fleet_deploy");
        // a later deploy of the web tier; not where a heap or fd leak runs (a restart would end the leak)
        List<String> web = new ArrayList<>(s.hosts().stream().filter(h -> h.startsWith("web-")).toList());
        web.remove(s.leakHosts().get("heap_leak"));
        web.remove(s.leakHosts().get("fd_leak"));
        if (!web.isEmpty()) {
            deploy(web, s.minutes(1_500, end - 180), "tier_deploy");
        }

        cache("os.memory.used", SuiteYaml.whole(s.between(1.5e9, 3e9)), "cache_warmup_memory");
        cache("jvm.memory.used", SuiteYaml.whole(s.between(0.5e9, 0.9e9)), "cache_warmup_heap");
        step("jvm.memory.used", s.rng().nextInt(4) == 0 ? "down" : "up", s.between(0.4e9, 0.8e9), "level_step_heap");
        boolean up = s.rng().nextBoolean();
        step("os.memory.used", up ? "up" : "down", s.between(1e9, 2.5e9), "level_step_memory");
        up = s.rng().nextBoolean();
        step("os.fd.open", up ? "up" : "down", up ? s.between(300, 1_500) : s.between(100, 250), "level_step_fd");

        String tierPrefix = s.rng().nextBoolean() ? "web-" : "api-";
        List<String> tier = s.hosts().stream().filter(h -> h.startsWith(tierPrefix)).toList();
        p = new LinkedHashMap<>();
        p.put("factor", SuiteYaml.num(s.rng().nextBoolean() ? s.between(0.6, 0.8) : s.between(1.3, 1.7)));
        add("autoscale", tier, s.minutes(600, end - 300), 0, p, "autoscale_step");

        p = new LinkedHashMap<>();
        p.put("size", Long.toString(s.minutes(2_000, 5_000)));
        p.put("every", s.minutes(60, 180) + "m");
        add("queue_burst", some(1 + s.rng().nextInt(2)), s.minutes(120, end - 720), 720, p, "queue_bursts");

        p = new LinkedHashMap<>();
        p.put("factor", SuiteYaml.num(s.between(2, 4)));
        add("load_spike", some(1 + s.rng().nextInt(3)), s.minutes(120, end - 120), s.minutes(30, 60), p, "load_spike");
    }

    private void deploy(List<String> hosts, long at, String kind) {
        long spacing = s.minutes(2, 4);
        add("deploy", hosts, at, spacing * hosts.size() + 5, Map.of("spacing", spacing + "m"), kind);
    }

    private void cache(String metric, String amount, String kind) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("metric", metric);
        p.put("amount", amount);
        p.put("ramp", s.minutes(120, 360) + "m");
        add("cache_warmup", some(1), s.minutes(120, end - 600), 0, p, kind);
    }

    private void step(String metric, String direction, double amount, String kind) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("metric", metric);
        p.put("amount", SuiteYaml.whole(amount));
        p.put("direction", direction);
        add("level_step", some(1), s.minutes(120, end - 360), 0, p, kind);
    }

    private List<String> some(int count) {
        return s.shuffled(s.hosts()).subList(0, count);
    }

    private void add(String kind, List<String> hosts, long at, long durationMin, Map<String, String> params, String label) {
        s.yaml().incident(kind, hosts, at, durationMin, params, s.label(label, "benign", TEMPTS.getOrDefault(label, List.of()), null));
    }
}
