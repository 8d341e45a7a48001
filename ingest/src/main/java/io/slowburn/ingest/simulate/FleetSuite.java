package io.slowburn.ingest.simulate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The labelled detection suite's scenario for one seed ({@code --scenario suite:SEED}): a fleet of web, api and worker
 * hosts at 1-minute samples for several days, benign confounders everywhere, and incidents that start at random times
 * after the first day with random rates: slow leaks (heap floor, host memory, fds, processes, a queue floor; limit in
 * about 12 h, 2 d or 5 d), acute effects, and chaos experiments (sanctioned, out of window, out of scope, forged).
 * Every incident and confounder carries its truth ({@code label}); {@link ScenarioTruth} writes it. Deterministic:
 * the seed decides everything.
 */
public final class FleetSuite {

    /** How big a suite scenario is. */
    public record Options(long durationMin, int web, int api, int worker) {

        /** Three days on 10 hosts: about 480,000 records. */
        public static Options defaults() {
            return new Options(3 * 1_440, 4, 3, 3);
        }
    }

    static final double HEAP_MAX = 4.0 * (1L << 30);
    static final double MEMORY_TOTAL = 16.0 * (1L << 30);
    private static final String BASELINE = "{service: checkout, error_ratio: 0.002}";
    private static final long DAY_MIN = 1_440;
    /** Leak speeds: limit reached this many hours after the leak starts. */
    private static final Map<String, Double> LEAK_HOURS = Map.of("12h", 12.0, "2d", 48.0, "5d", 120.0);
    private static final List<String> LEAK_CLASSES = List.of("12h", "2d", "5d");

    private final long seed;
    private final SplittableRandom rng;
    private final Options o;
    private final SuiteYaml yaml = new SuiteYaml();
    private final SuiteSlots slots;
    private final List<String> hosts = new ArrayList<>();
    private final List<String> free = new ArrayList<>();
    /** Each slow leak's start (minutes) and its signal: experiments placed later keep their windows clear of them. */
    private final List<Map.Entry<Long, String>> leakStarts = new ArrayList<>();
    private final Map<String, String> leakHosts = new LinkedHashMap<>();
    private int ids;

    private FleetSuite(long seed, Options o) {
        this.seed = seed;
        // mixed: SplittableRandom(seed + k x its own gamma) would replay another seed's draws shifted by k
        this.rng = new SplittableRandom(HostModel.mix(seed, 1_000_003));
        this.o = o;
        this.slots = new SuiteSlots(rng);
        addTier("web-", o.web());
        addTier("api-", o.api());
        addTier("worker-", o.worker());
    }

    /** The scenario of {@code seed} with the default size. */
    public static Scenario scenario(long seed) {
        return scenario(seed, Options.defaults());
    }

    public static Scenario scenario(long seed, Options options) {
        return new ScenarioLoader().load("suite:" + seed, yaml(seed, options), null);
    }

    /** The scenario file of {@code seed}: save it to read or edit what the suite generated. */
    public static String yaml(long seed, Options options) {
        FleetSuite s = new FleetSuite(seed, options);
        s.leaks();
        new SuiteIncidents(s).all();
        new SuiteConfounders(s).all();
        return s.yaml.text("suite-" + seed, "labelled detection suite, seed " + seed, options.durationMin(), seed, s.hosts, BASELINE);
    }

    private void addTier(String prefix, int count) {
        for (int i = 1; i <= count; i++) {
            hosts.add(prefix + i);
        }
    }

    /** One slow leak per resource, each on its own host, starting 24 to 36 hours in, at a speed rotated by seed. */
    private void leaks() {
        List<String> pool = shuffled(hosts);
        String[][] resources = {
            {"heap_leak", "heap_leak", "memory_drift"},
            {"memory_leak", "memory_leak", "memory_drift"},
            {"fd_leak", "fd_leak", "fd_exhaustion"},
            {"process_leak", "process_leak", "process_churn"},
            {"queue_backlog", "queue_leak", "queue_growth"},
        };
        double[] room = {0.95 * HEAP_MAX - 1.1e9, 0.48 * MEMORY_TOTAL, 16_384 - 420, 32_768 - 180, 10_000};
        for (int r = 0; r < resources.length && r < pool.size(); r++) {
            String host = pool.get(r);
            // rotated, not drawn: every seed has each speed, and each resource meets each speed every three seeds
            String speed = LEAK_CLASSES.get((int) Math.floorMod(seed + r, (long) LEAK_CLASSES.size()));
            double hours = LEAK_HOURS.get(speed) * between(0.85, 1.15);
            long start = DAY_MIN + rng.nextLong(Math.max(1, Math.min(720, o.durationMin() - DAY_MIN - 240)));
            long duration = Math.min(Math.round(hours * 60), o.durationMin() - start);
            yaml.incident(resources[r][0], List.of(host), start, duration, Map.of("rate_per_hour", SuiteYaml.whole(room[r] / hours)),
                    label(resources[r][1] + "_" + speed, "suspicious", List.of(resources[r][2]), null));
            leakHosts.put(resources[r][0], host);
            leakStarts.add(Map.entry(start, resources[r][2]));
            slots.take(host, start, o.durationMin());
        }
        for (String h : hosts) {
            if (!leakHosts.containsValue(h)) {
                free.add(h);
            }
        }
    }

    // ---- shared by the incident and confounder writers ----

    long seed() {
        return seed;
    }

    SplittableRandom rng() {
        return rng;
    }

    Options options() {
        return o;
    }

    SuiteYaml yaml() {
        return yaml;
    }

    SuiteSlots slots() {
        return slots;
    }

    List<String> hosts() {
        return hosts;
    }

    /** Each slow leak's start (minutes after the scenario start) and its signal, in the order they were placed. */
    List<Map.Entry<Long, String>> leakStarts() {
        return leakStarts;
    }

    /** Hosts without a slow leak: where acute incidents go first. */
    List<String> freeHosts() {
        return free;
    }

    /** Resource to the host leaking it. */
    Map<String, String> leakHosts() {
        return leakHosts;
    }

    IncidentLabel label(String kind, String verdict, List<String> signals, String experiment) {
        return new IncidentLabel((verdict.equals("benign") ? "c" : "i") + ++ids, kind, verdict, signals, experiment);
    }

    double between(double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    long minutes(long lo, long hi) {
        return lo + rng.nextLong(hi - lo + 1);
    }

    String pick(List<String> from) {
        return from.get(rng.nextInt(from.size()));
    }

    List<String> shuffled(List<String> items) {
        List<String> out = new ArrayList<>(items);
        for (int i = out.size() - 1; i > 0; i--) {
            java.util.Collections.swap(out, i, rng.nextInt(i + 1));
        }
        return out;
    }
}
