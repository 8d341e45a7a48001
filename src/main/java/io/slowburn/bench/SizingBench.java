package io.slowburn.bench;

import io.slowburn.broker.Directories;
import io.slowburn.broker.EmbeddedKafkaBroker;
import io.slowburn.detector.backtest.Backtest;
import io.slowburn.detector.backtest.OfflineDetector;
import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.DetectorMetrics;
import io.slowburn.detector.service.DetectorService;
import io.slowburn.ingest.simulate.ScenarioGenerator;
import io.slowburn.ingest.simulate.ScenarioLoader;
import io.slowburn.ingest.simulate.ScenarioRecord;
import io.slowburn.model.Stream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.ref.Reference;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * The README's Sizing figures at a fleet's scale: one stream thread over many series per task, where the 18-host
 * {@link Bench} has 180. Generates a fleet of {@code hosts} hosts (the simulator's baseline: OS, JVM and app metrics,
 * ten a host, three of them counters; no incidents) at 60 s steps, publishes it to a real embedded broker (2
 * partitions, placed as the ingest adapters place it), and runs, one after another (after one unmeasured run of the
 * trivial app and one of the detector, so that every measured app is warm), exactly-once with the detector's
 * default commit interval (a series then sees at most about one sample per commit, as live; the 18-host bench commits
 * every second and its 180 series see hundreds each): the trivial Streams app of {@link Bench}, then the detector with
 * default rules once per {@code state.cache.rule.states} given. Prints per run: records/s and its ratio to the trivial
 * app's, CPU seconds, the rule states tracked, how many were read back from the store and their stored size; and,
 * first, the heap a rule state takes in memory. {@code bash src/sizing-bench.sh [hosts] [hours] [state.cache.rule.states ...]
 * [key=value ...]}: the {@code key=value} pairs are detector settings ({@code commit.interval.ms} the trivial app's too).
 */
public final class SizingBench {

    private static final String FLEET = """
            name: sizing-fleet
            description: "slowburn sizing bench: the simulator's baseline on many hosts"
            start: 2026-03-02T00:00:00Z
            duration: %dh
            step: 60s
            seed: %d
            hosts: {prefix: host-%d-, count: %d}
            baseline:
              service: checkout
            """;
    private static final String GUARANTEE = "exactly_once_v2";
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private SizingBench() {
    }

    private record Run(Bench.Row row, long tracked, long loaded, long stateBytes) {
    }

    public static void main(String[] args) throws Exception {
        int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int hours = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<Integer> caches = new ArrayList<>();
        Map<String, String> settings = new TreeMap<>();
        for (int i = 2; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq > 0) {
                settings.put(args[i].substring(0, eq), args[i].substring(eq + 1));
            } else {
                caches.add(Integer.parseInt(args[i]));
            }
        }
        List<String> problems = DetectorConfig.validate(settings);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        if (caches.isEmpty()) {
            caches.add((Integer) DetectorConfig.CONFIG.defaultValues().get(DetectorConfig.STATE_CACHE_RULE_STATES));
            caches.add(hosts * 10); // every series of the fleet: room for all a task holds
        }
        PrintStream out = System.out;
        Path dir = Files.createTempDirectory("slowburn-sizing-");
        try {
            Path input = dir.resolve("fleet.jsonl");
            Path keys = Files.createDirectory(dir.resolve("keys"));
            long[] generated = generate(hosts, hours, input);
            long metricRecords = generated[0];
            out.printf(Locale.ROOT, "slowburn sizing bench: %d hosts x 10 metrics, %d h at 60 s steps: %,d metric records (%.0f MB); "
                    + "2 partitions, one stream thread, %s; detector settings %s (commit.interval.ms, the trivial app's too); Java %s, "
                    + "%d cores, max heap %d MB%n", hosts, hours, metricRecords, Files.size(input) / 1e6, GUARANTEE,
                    settings.isEmpty() ? "the defaults" : settings, System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
            heldPerState(input, keys, out);
            Path state = Files.createDirectory(dir.resolve("state"));
            try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
                Map<String, Object> props = new HashMap<>(settings);
                props.putAll(Map.of(DetectorConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
                        DetectorConfig.TOPICS_PARTITIONS, 2, DetectorConfig.METRICS_PORT, 0, DetectorConfig.STATE_DIR,
                        state.toString(), DetectorConfig.TRUSTED_KEYS_DIR, keys.toString()));
                DetectorConfig base = DetectorConfig.of(props);
                DetectorService.createTopics(base);
                Bench.publish(broker.bootstrapServers(), base.topics(), input);
                long commitMs = base.getLong(DetectorConfig.COMMIT_INTERVAL_MS); // the default unless set: as deployed
                // As in Bench: the first app to run Kafka Streams' code, and the detector's first run, pay for compiling
                // it; each runs once first, not measured, so that every row compares warm apps.
                Bench.Row warmUp = Bench.trivial(broker.bootstrapServers(), List.of(base.topics().metrics()), "sizing-warm-up-",
                        GUARANTEE, state, metricRecords, commitMs);
                out.printf(Locale.ROOT, "warm-up, not measured: %s: %,.0f records/s%n", warmUp.what(), warmUp.rate());
                Run warmUpDetector = detector(config(props, caches.get(0), "sizing-warm-up-detector"), metricRecords, generated[1],
                        keys, caches.get(0));
                out.printf(Locale.ROOT, "warm-up, not measured: %s: %,.0f records/s%n", warmUpDetector.row().what(),
                        warmUpDetector.row().rate());
                Bench.Row trivial = Bench.trivial(broker.bootstrapServers(), base.topics().metrics(), GUARANTEE, state, metricRecords,
                        commitMs);
                out.printf(Locale.ROOT, "measured: %s: %,.0f records/s%n", trivial.what(), trivial.rate());
                List<Run> runs = new ArrayList<>();
                for (int cache : caches) {
                    Run r = detector(config(props, cache, "sizing-" + cache), metricRecords, generated[1], keys, cache);
                    out.printf(Locale.ROOT, "measured: %s: %,.0f records/s%n", r.row().what(), r.row().rate());
                    runs.add(r);
                }
                out.println();
                out.println("| what | records | s | records/s | ratio | CPU s | rule states tracked | read back from the store "
                        + "| stored bytes per state |");
                out.println("|---|---|---|---|---|---|---|---|---|");
                out.printf(Locale.ROOT, "| %s | %,d | %.1f | %,.0f | 1 | %.1f | | | |%n", trivial.what(), trivial.records(),
                        trivial.seconds(), trivial.rate(), trivial.cpuSeconds());
                for (Run r : runs) {
                    out.printf(Locale.ROOT, "| %s | %,d | %.1f | %,.0f | %.2f | %.1f | %,d | %,d | %,d |%n", r.row().what(),
                            r.row().records(), r.row().seconds(), r.row().rate(), r.row().rate() / trivial.rate(),
                            r.row().cpuSeconds(), r.tracked(), r.loaded(), r.stateBytes() / Math.max(1, r.tracked()));
                }
            }
        } finally {
            Directories.deleteRecursively(dir);
        }
    }

    /** A detector run's configuration: exactly-once, with {@code cache} rule states kept in memory per task. */
    private static DetectorConfig config(Map<String, Object> props, int cache, String applicationId) {
        Map<String, Object> run = new HashMap<>(props);
        run.put(DetectorConfig.PROCESSING_GUARANTEE, GUARANTEE);
        run.put(DetectorConfig.STATE_CACHE_RULE_STATES, cache);
        run.put(DetectorConfig.APPLICATION_ID, applicationId);
        return DetectorConfig.of(run);
    }

    /**
     * The detector, timed until it has read every metric record, as {@link Bench} times it; then, once its later stages
     * have worked through the file too, its gauges.
     */
    private static Run detector(DetectorConfig config, long expected, long lastMetricTs, Path keys, int cache) throws Exception {
        long start = System.nanoTime();
        try (DetectorService service = DetectorService.start(config, Bench.setup(config, keys))) {
            long nanos = Bench.awaitIntake(service, expected, start).nanos();
            double cpu = Bench.cpuOfThreads(config.getString(DetectorConfig.APPLICATION_ID));
            Bench.awaitPipeline(service, config, lastMetricTs);
            Bench.Row row = new Bench.Row(String.format(Locale.ROOT, "`slowburn run`, default rules, %s, state.cache.rule.states=%d",
                    GUARANTEE, cache), expected, nanos / 1e9, cpu);
            return new Run(row, service.metrics().seriesTracked(), (long) service.metrics().ruleStatesLoadedCount(),
                    service.metrics().stateBytes());
        }
    }

    /**
     * The heap a rule state takes as an object (what {@code state.cache.rule.states} costs per state): {@code backtest}
     * of the same file keeps every state in memory; its heap after a full GC, less the heap before, over the states it
     * tracks. An upper bound: the series index and the counters' last values are in it too.
     */
    private static void heldPerState(Path input, Path keys, PrintStream out) throws Exception {
        DetectorConfig config = DetectorConfig.of(Map.of(DetectorConfig.STATE_STORE_TYPE, "memory",
                DetectorConfig.TRUSTED_KEYS_DIR, keys.toString()));
        DetectorMetrics metrics = DetectorMetrics.detached();
        long before = heapAfterGc();
        try (OfflineDetector detector = new OfflineDetector(config, Bench.setup(config, keys), metrics)) {
            new Backtest(detector, new PrintStream(PrintStream.nullOutputStream())).run(input, input.resolveSibling("alerts.jsonl"),
                    null);
            long held = heapAfterGc() - before;
            Reference.reachabilityFence(detector);
            out.printf(Locale.ROOT, "heap per rule state in memory: %,d bytes (backtest of the file holding all %,d: %,d MB after a "
                    + "full GC)%n", held / Math.max(1, metrics.seriesTracked()), metrics.seriesTracked(), held >> 20);
        }
    }

    private static long heapAfterGc() {
        System.gc();
        System.gc();
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    /**
     * Writes the fleet's JSON Lines; returns the number of metric records and the event time of the last one. The
     * simulator makes at most {@value #HOSTS_PER_SCENARIO} hosts a scenario: a larger fleet is several scenarios (their
     * own host names and seeds), merged in event time as one fleet's adapters would publish them.
     */
    static long[] generate(int hosts, int hours, Path file) throws IOException {
        PriorityQueue<Head> heads = new PriorityQueue<>(Comparator.comparingLong((Head h) -> h.record.ts()).thenComparingInt(h -> h.part));
        for (int part = 0; part * HOSTS_PER_SCENARIO < hosts; part++) {
            int count = Math.min(HOSTS_PER_SCENARIO, hosts - part * HOSTS_PER_SCENARIO);
            String text = String.format(Locale.ROOT, FLEET, hours, 7 + part, part, count);
            Iterator<ScenarioRecord> records = new ScenarioGenerator(new ScenarioLoader().load("sizing.yaml", text, null)).iterator();
            if (records.hasNext()) {
                heads.add(new Head(part, records.next(), records));
            }
        }
        long[] metrics = new long[2];
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            while (!heads.isEmpty()) {
                Head h = heads.poll();
                ScenarioRecord r = h.record;
                if (r.stream() == Stream.METRIC) {
                    metrics[0]++;
                    metrics[1] = Math.max(metrics[1], r.ts());
                }
                w.write(r.line());
                w.newLine();
                if (h.rest.hasNext()) {
                    heads.add(new Head(h.part, h.rest.next(), h.rest));
                }
            }
        }
        return metrics;
    }

    private static final int HOSTS_PER_SCENARIO = 1_000;

    /** The next record of one scenario of the fleet, and the ones after it. */
    private record Head(int part, ScenarioRecord record, Iterator<ScenarioRecord> rest) {
    }
}
