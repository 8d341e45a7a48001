package io.slowburn.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.slowburn.broker.Directories;
import io.slowburn.broker.EmbeddedKafkaBroker;
import io.slowburn.detector.backtest.Backtest;
import io.slowburn.detector.backtest.OfflineDetector;
import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.DetectorMetrics;
import io.slowburn.detector.service.DetectorService;
import io.slowburn.detector.service.DetectorSetup;
import io.slowburn.detector.service.RuleSources;
import io.slowburn.detector.service.TrustedKeySource;
import io.slowburn.engine.LineRouting;
import io.slowburn.engine.RuleBook;
import io.slowburn.ingest.simulate.ScenarioGenerator;
import io.slowburn.ingest.simulate.ScenarioLoader;
import io.slowburn.ingest.simulate.ScenarioRecord;
import io.slowburn.ingest.simulate.SigningKeys;
import io.slowburn.kafka.SourcePartitioner;
import io.slowburn.kafka.TopicNames;
import io.slowburn.model.InvalidRecordException;
import io.slowburn.model.Stream;
import io.slowburn.verdict.TrustedKeys;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.Stores;

/**
 * Prints the detector's figures, measured side by side in one run on this machine, on one realistic file: a simulated
 * fleet of 18 hosts (OS, JVM and app metrics, three of them counters; process events; three signed experiments, two
 * with {@code abort_when}; heap leaks, kill storms, a retry storm breaching an experiment's blast radius, a fork bomb).
 * Offline: a bare Jackson parse of the file, and {@code backtest} of it, each run {@link #OFFLINE_RUNS} times in this
 * JVM and measured at steady state (the backtest's first run printed too). Over a real embedded broker: the most trivial
 * Kafka Streams app with the same guarantee (parse the JSON, count per key in RocksDB, 1 thread), the detector with
 * default rules, and the trivial app again over the detector's three input topics, each exactly-once and
 * at-least-once; each detector run's alerts set beside the backtest's
 * ({@link LiveAlerts}). Not a test: a figure printer. {@code bash src/bench.sh [hours]}.
 */
public final class Bench {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Bench() {
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /**
     * How many times each offline program runs in this JVM; its row is the median of the last three runs. The first
     * runs are largely the JIT compiling it (on a 2-core machine a 24 h backtest takes 2.3, 1.4, 1.1, 1.0, 0.95 s ...
   ... before it settles about the eighth run), and a bare parse settles after two: a row from its second run compared
     * the parse's work with the backtest's work plus compilation.
     */
    static final int OFFLINE_RUNS = 10;

    /** The live apps' commit interval, the trivial ones' and the detector's alike. */
    static final long COMMIT_INTERVAL_MS = 1_000;

    /**
     * One measured line of the table: wall-clock seconds, and the CPU seconds its threads used (the work itself, less
     * moved by whatever else the machine runs at the time).
     */
    record Row(String what, long records, double seconds, double cpuSeconds, Startup startup) {
        Row(String what, long records, double seconds, double cpuSeconds) {
            this(what, records, seconds, cpuSeconds, null);
        }

        double rate() {
            return records / seconds;
        }
    }

    /**
     * A live app's start-up: seconds from its start until it had read its first records (Kafka Streams' rebalances,
     * internal topics created, stores restored), and how many it had read by then. The rest of the run is its pace
     * once running, which a longer run weighs more.
     */
    record Startup(double seconds, long records) {
        /** Records per second after start-up. */
        double rateAfter(Row row) {
            return (row.records() - records) / (row.seconds() - seconds);
        }
    }

    /** What {@link #await} saw: nanoseconds until done, and the first time progress was seen (the start-up). */
    record Progress(long nanos, long firstNanos, long firstProgress) {
        Startup startup() {
            return new Startup(firstNanos / 1e9, firstProgress);
        }
    }

    /** Stream threads of every live app, the trivial ones and the detector alike (the bench's second argument; 1). */
    private static int streamThreads = 1;
    /** Detector settings of the live runs, {@code key=value} from the bench's third argument on (none by default). */
    private static final Map<String, String> detectorSettings = new TreeMap<>();

    public static void main(String[] args) throws Exception {
        int hours = args.length > 0 ? Integer.parseInt(args[0]) : 72;
        streamThreads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        for (int i = 2; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("a detector setting is key=value, got " + args[i]);
            }
            detectorSettings.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        List<String> problems = DetectorConfig.validate(detectorSettings);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        PrintStream out = System.out;
        Path dir = Files.createTempDirectory("slowburn-bench-");
        try {
            Path input = dir.resolve("fleet.jsonl");
            Path keys = Files.createDirectory(dir.resolve("keys"));
            Files.writeString(keys.resolve("demo.pub"), SigningKeys.demoPublicPem());
            long[] counts = generate(hours, input);
            long lastMetricTs = counts[3];
            out.printf(Locale.ROOT, "slowburn bench: simulated fleet of 18 hosts, %d h of event time at 50 s steps: %,d metric records "
                    + "(10 metrics a host, 3 of them counters), %,d events, %,d signed experiments; %.0f MB of JSON Lines. Java %s, "
                    + "%d cores, initial heap %d MB, max heap %d MB; live apps with %d stream thread(s)%s%n", hours, counts[0], counts[1],
                    counts[2], Files.size(input) / 1e6, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getInit() >> 20, Runtime.getRuntime().maxMemory() >> 20,
                    streamThreads, detectorSettings.isEmpty() ? "" : "; the detector's live runs with " + detectorSettings);
            List<Row> offline = new ArrayList<>();
            List<Row> parses = new ArrayList<>();
            List<Row> backtests = new ArrayList<>();
            for (int run = 1; run <= OFFLINE_RUNS; run++) {
                parses.add(parse(input));
            }
            for (int run = 1; run <= OFFLINE_RUNS; run++) {
                backtests.add(backtest(input, keys, dir, "run " + run));
            }
            offline.add(measured(steady(parses)));
            offline.add(measured(steady(backtests)));
            offline.add(measured(first(backtests.get(0))));
            List<Row> live = broker(input, keys, counts[0], counts[0] + counts[1] + counts[2], lastMetricTs, dir);
            out.println();
            out.println("| what | records | s | records/s | ratio | CPU s | CPU ratio |");
            out.println("|---|---|---|---|---|---|---|");
            print(out, offline, "parse");
            print(out, live.subList(0, 3), "trivial Streams app, exactly_once_v2");
            print(out, live.subList(3, 6), "trivial Streams app, at_least_once");
            out.println();
            printAfterStartup(out, live.subList(0, 3));
            printAfterStartup(out, live.subList(3, 6));
            out.println();
            printAgainstSameInputs(out, live.subList(0, 3));
            printAgainstSameInputs(out, live.subList(3, 6));
        } finally {
            Directories.deleteRecursively(dir);
        }
    }

    /** The median of the last three runs, by wall clock, named as a steady-state row; every run's time printed. */
    private static Row steady(List<Row> runs) {
        StringBuilder times = new StringBuilder();
        for (Row r : runs) {
            times.append(times.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", r.seconds()));
        }
        String what = runs.get(0).what().replaceFirst(", run 1$", "");
        System.out.printf(Locale.ROOT, "runs: %s: %s s%n", what, times);
        List<Row> last = new ArrayList<>(runs.subList(runs.size() - 3, runs.size()));
        last.sort(Comparator.comparingDouble(Row::seconds));
        Row median = last.get(1);
        return new Row(what + ", steady state (median of runs " + (runs.size() - 2) + "-" + runs.size() + ")", median.records(),
                median.seconds(), median.cpuSeconds());
    }

    /** A first run, named as what a one-shot run of the program costs. */
    private static Row first(Row r) {
        return new Row(r.what().replaceFirst(", run 1$", ", first run in this JVM"), r.records(), r.seconds(), r.cpuSeconds());
    }

    private static Row measured(Row r) {
        System.out.printf(Locale.ROOT, "measured: %s: %,d records in %.1f s = %,.0f records/s (%.1f CPU s)%n", r.what(), r.records(),
                r.seconds(), r.rate(), r.cpuSeconds());
        return r;
    }

    /** Each row of the group as a ratio to the group's first row, by wall clock and by CPU seconds per record. */
    private static void print(PrintStream out, List<Row> rows, String baseline) {
        double base = rows.get(0).rate();
        double baseCpu = rows.get(0).cpuSeconds() / rows.get(0).records();
        for (Row r : rows) {
            double ratio = r.rate() / base;
            out.printf(Locale.ROOT, "| %s | %,d | %.1f | %,.0f | %.2f x %s%s | %.1f | %.2f |%n", r.what(), r.records(), r.seconds(),
                    r.rate(), ratio, baseline, ratio < 0.5 ? String.format(Locale.ROOT, " (%.1f x slower)", 1 / ratio) : "",
                    r.cpuSeconds(), baseCpu / (r.cpuSeconds() / r.records()));
        }
    }

    /**
     * The live rows again without their start-up: how long each took to read its first records, and its pace after
     * that, as a ratio to the trivial app's pace after its own start-up (the table's ratios include start-up).
     */
    private static void printAfterStartup(PrintStream out, List<Row> rows) {
        Row base = rows.get(0);
        for (Row r : rows) {
            out.printf(Locale.ROOT, "after start-up: %s: first records read after %.1f s (%,d by then), then %,.0f records/s = "
                    + "%.2f x the trivial app's %,.0f after its %.1f s%n", r.what(), r.startup().seconds(), r.startup().records(),
                    r.startup().rateAfter(r), r.startup().rateAfter(r) / base.startup().rateAfter(base),
                    base.startup().rateAfter(base), base.startup().seconds());
        }
    }

    /**
     * The detector (a group's second row) against the trivial app over the same input topics (its third): what is left
     * of the gap once the trivial app also reads every topic the detector's intake task reads.
     */
    private static void printAgainstSameInputs(PrintStream out, List<Row> rows) {
        Row detector = rows.get(1);
        Row inputs = rows.get(2);
        out.printf(Locale.ROOT, "against the same input topics: %s: %.2f x %s (after start-up %.2f x), CPU per record %.2f x%n",
                detector.what(), detector.rate() / inputs.rate(), inputs.what(),
                detector.startup().rateAfter(detector) / inputs.startup().rateAfter(inputs),
                (inputs.cpuSeconds() / inputs.records()) / (detector.cpuSeconds() / detector.records()));
    }

    /** CPU seconds used so far by the live threads whose names start with {@code prefix}. */
    static double cpuOfThreads(String prefix) {
        long nanos = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(prefix) || t.getName().contains("| " + prefix)) { // producer network threads too
                nanos += Math.max(0, THREADS.getThreadCpuTime(t.getId()));
            }
        }
        return nanos / 1e9;
    }

    /** Writes the fleet scenario's JSON Lines; returns the number of metric records, events and experiments. */
    static long[] generate(int hours, Path file) throws IOException {
        String text;
        try (InputStream in = Bench.class.getResourceAsStream("/io/slowburn/bench/fleet.yaml")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${HOURS}", Integer.toString(hours));
        }
        long[] counts = new long[4]; // metric records, events, experiments; the last metric record's event time
        counts[3] = Long.MIN_VALUE;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (ScenarioRecord r : new ScenarioGenerator(new ScenarioLoader().load("fleet.yaml", text, null))) {
                counts[r.stream().ordinal()]++;
                if (r.stream() == Stream.METRIC) {
                    counts[3] = Math.max(counts[3], r.ts());
                }
                w.write(r.line());
                w.newLine();
            }
        }
        return counts;
    }

    /** A bare Jackson parse of every line of the file (a tree, as the detector reads records). */
    static Row parse(Path input) throws IOException {
        long cpu = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long n = 0;
        try (BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (JSON.readTree(line.getBytes(StandardCharsets.UTF_8)).size() > 0) {
                    n++;
                }
            }
        }
        return new Row("bare Jackson parse of the file (readTree per line)", n, (System.nanoTime() - start) / 1e9,
                (THREADS.getCurrentThreadCpuTime() - cpu) / 1e9);
    }

    /** "default rules", or the rules directory (and environment) laid over them. */
    static String rulesName(DetectorConfig config) {
        String dir = config.getString(DetectorConfig.RULES_DIR);
        String environment = config.getString(DetectorConfig.RULES_ENVIRONMENT);
        return (dir.isBlank() ? "default rules" : "rules.dir=" + dir) + (environment.isBlank() ? "" : ", environment " + environment);
    }

    static Row backtest(Path input, Path keys, Path dir, String run) throws Exception {
        // The live runs' rules too, so that their alerts can be set beside these.
        Map<String, Object> settings = new HashMap<>(Map.of(DetectorConfig.STATE_STORE_TYPE, "memory",
                DetectorConfig.TRUSTED_KEYS_DIR, keys.toString()));
        for (String key : List.of(DetectorConfig.RULES_DIR, DetectorConfig.RULES_ENVIRONMENT)) {
            if (detectorSettings.containsKey(key)) {
                settings.put(key, detectorSettings.get(key));
            }
        }
        DetectorConfig config = DetectorConfig.of(settings);
        try (OfflineDetector detector = new OfflineDetector(config, setup(config, keys), DetectorMetrics.detached())) {
            long cpu = THREADS.getCurrentThreadCpuTime();
            Backtest.Summary s = new Backtest(detector, new PrintStream(PrintStream.nullOutputStream())).run(input,
                    dir.resolve("alerts.jsonl"), null);
            if (s.alerts() == 0 && !settings.containsKey(DetectorConfig.RULES_DIR)) {
                throw new IllegalStateException("the backtest raised no alert: the scenario's experiments or incidents did not count");
            }
            double cpuSeconds = (THREADS.getCurrentThreadCpuTime() - cpu) / 1e9;
            return new Row("`slowburn backtest` of the file (" + s.alerts() + " alerts), " + run, s.lines(), s.seconds(), cpuSeconds);
        }
    }

    /**
     * Publishes the file to a real embedded broker, then runs the apps over it one after another: the trivial app and the
     * detector once each unmeasured, then per guarantee the trivial app, the trivial app over the detector's input
     * topics and the detector; the rows in the order the table prints them.
     */
    static List<Row> broker(Path input, Path keys, long metricRecords, long allRecords, long lastMetricTs, Path dir) throws Exception {
        Path state = Files.createDirectory(dir.resolve("state"));
        List<Row> rows = new ArrayList<>();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            Map<String, Object> props = Map.of(DetectorConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
                    DetectorConfig.TOPICS_PARTITIONS, 2, DetectorConfig.METRICS_PORT, 0, DetectorConfig.STATE_DIR, state.toString(),
                    DetectorConfig.COMMIT_INTERVAL_MS, COMMIT_INTERVAL_MS, DetectorConfig.TRUSTED_KEYS_DIR, keys.toString());
            DetectorConfig base = DetectorConfig.of(props);
            DetectorService.createTopics(base);
            publish(broker.bootstrapServers(), base.topics(), input);
            Row[] detectors = new Row[2];
            Row[] trivial = new Row[2];
            Row[] sameInputs = new Row[2];
            List<String> inputs = List.of(base.topics().metrics(), base.topics().events(), base.topics().experiments());
            // The first app that runs Kafka Streams' code pays for compiling it: measured first, the trivial app ran
            // 230,840 records/s, and 330,344 once warm (stop 42), a baseline that flattered whatever came after it. So
            // each kind of app runs once first, not measured: the trivial app, then the detector (whose engine the
            // backtests above compiled, but not its Kafka Streams adapters).
            Row warmUp = trivial(broker.bootstrapServers(), List.of(base.topics().metrics()), "bench-warm-up-", "exactly_once_v2", state,
                    metricRecords, COMMIT_INTERVAL_MS);
            System.out.printf(Locale.ROOT, "warm-up, not measured: %s: %.1f s%n", warmUp.what(), warmUp.seconds());
            DetectorConfig warmUpConfig = liveConfig(props, "exactly_once_v2", "bench-warm-up-detector");
            warmUp = detector(warmUpConfig, metricRecords, lastMetricTs, setup(warmUpConfig, keys), "exactly_once_v2");
            System.out.printf(Locale.ROOT, "warm-up, not measured: %s: %.1f s%n", warmUp.what(), warmUp.seconds());
            int i = 0;
            for (String guarantee : List.of("exactly_once_v2", "at_least_once")) {
                trivial[i] = measured(trivial(broker.bootstrapServers(), base.topics().metrics(), guarantee, state, metricRecords));
                sameInputs[i] = measured(trivial(broker.bootstrapServers(), inputs, "bench-trivial-inputs-", guarantee, state, allRecords,
                        COMMIT_INTERVAL_MS));
                DetectorConfig c = liveConfig(props, guarantee, "bench-" + guarantee.replace('_', '-'));
                Map<TopicPartition, Long> before = LiveAlerts.ends(broker.bootstrapServers(), base.topics().alerts());
                detectors[i] = measured(detector(c, metricRecords, lastMetricTs, setup(c, keys), guarantee));
                System.out.println(LiveAlerts.compare("`slowburn run`, " + guarantee,
                        LiveAlerts.since(broker.bootstrapServers(), before), dir.resolve("alerts.jsonl")));
                i++;
            }
            rows.add(trivial[0]);
            rows.add(detectors[0]);
            rows.add(sameInputs[0]);
            rows.add(trivial[1]);
            rows.add(detectors[1]);
            rows.add(sameInputs[1]);
        }
        return rows;
    }

    /** A live detector run's configuration: the broker's {@code props}, the bench's detector settings and thread count. */
    private static DetectorConfig liveConfig(Map<String, Object> props, String guarantee, String applicationId) {
        Map<String, Object> run = new HashMap<>(props);
        run.putAll(detectorSettings);
        run.put(DetectorConfig.PROCESSING_GUARANTEE, guarantee);
        run.put(DetectorConfig.NUM_STREAM_THREADS, streamThreads);
        run.put(DetectorConfig.APPLICATION_ID, applicationId);
        return DetectorConfig.of(run);
    }

    /**
     * Every line to its topic as the ingest adapters publish it (without its stream field), keyed as they key it, with
     * its event time as timestamp.
     */
    static void publish(String bootstrap, TopicNames topics, Path input) throws IOException {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        // On a loaded machine the broker can be slow to answer: wait rather than fail (a lost batch would stall the run).
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 300_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 900_000);
        p.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, SourcePartitioner.class.getName()); // placed as the adapters place it
        AtomicLong failed = new AtomicLong();
        LineRouting routing = new LineRouting();
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
             BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                LineRouting.Routed r = routing.route(line);
                String topic = switch (r.stream()) {
                    case METRIC -> topics.metrics();
                    case EVENT -> topics.events();
                    case EXPERIMENT -> topics.experiments();
                };
                producer.send(new ProducerRecord<>(topic, null, r.timestamp(), r.key(), asPublished(r.value())), (m, e) -> {
                    if (e != null) {
                        failed.incrementAndGet();
                    }
                });
            }
            producer.flush();
            if (failed.get() > 0) {
                throw new IllegalStateException(failed.get() + " records could not be published: the figures would be wrong");
            }
        } catch (InvalidRecordException e) {
            throw new IllegalStateException("the simulator wrote a line that cannot be routed", e);
        }
    }

    private static final byte[] STREAM_FIRST = "{\"stream\":\"".getBytes(StandardCharsets.UTF_8);

    /**
     * A JSON Lines record as the ingest adapters publish it: the contract's JSON without its {@code stream} field (the
     * topic says it), which the simulator writes first in a line and the adapters not at all.
     */
    static byte[] asPublished(byte[] line) {
        if (line.length < STREAM_FIRST.length || !Arrays.equals(line, 0, STREAM_FIRST.length, STREAM_FIRST, 0, STREAM_FIRST.length)) {
            return line;
        }
        int end = STREAM_FIRST.length;
        while (end < line.length && line[end] != '"') {
            end++;
        }
        if (end + 1 >= line.length || line[end + 1] != ',') {
            return line;
        }
        byte[] out = new byte[line.length - (end + 1)];
        out[0] = '{';
        System.arraycopy(line, end + 2, out, 1, line.length - (end + 2));
        return out;
    }

    /**
     * The most trivial Kafka Streams app with the detector's guarantee: one stream thread, parse each metric record's
     * JSON, count records per key in a RocksDB store (cached, changelogged), as many input partitions.
     */
    static Row trivial(String bootstrap, String topic, String guarantee, Path state, long expected) throws Exception {
        return trivial(bootstrap, topic, guarantee, state, expected, COMMIT_INTERVAL_MS);
    }

    /** As {@link #trivial(String, String, String, Path, long)}, committing every {@code commitMs}. */
    static Row trivial(String bootstrap, String topic, String guarantee, Path state, long expected, long commitMs) throws Exception {
        return trivial(bootstrap, List.of(topic), "bench-trivial-", guarantee, state, expected, commitMs);
    }

    /**
     * The trivial app over several topics, {@code expected} records in all. With the detector's three input topics it
     * reads what the detector's intake task reads, in one task per partition as the detector does (one source node), so
     * it pays what Kafka Streams costs per record in a task whose other partitions are mostly empty (the events, the
     * experiments): {@code PartitionGroup.readyToProcess} formats a log line for each empty one, at every record.
     */
    static Row trivial(String bootstrap, List<String> topics, String appIdPrefix, String guarantee, Path state, long expected,
                       long commitMs) throws Exception {
        AtomicLong seen = new AtomicLong();
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(topics, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("trivial-source"))
                .peek((k, v) -> {
                    try {
                        JSON.readTree(v);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                    seen.incrementAndGet();
                })
                .groupByKey(Grouped.with(Serdes.String(), Serdes.ByteArray()))
                .count(Materialized.<String, Long>as(Stores.persistentKeyValueStore("trivial-counts"))
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()));
        Properties props = trivialProperties(bootstrap, guarantee, state);
        boolean sameInputs = topics.size() > 1;
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, appIdPrefix + guarantee.replace('_', '-'));
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitMs);
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
            long start = System.nanoTime();
            streams.start();
            Progress p = awaitProgress(seen::get, expected, start);
            return new Row("trivial Streams app (parse, count per key in RocksDB)" + (sameInputs ? " over the detector's input topics" : "")
                    + ", " + guarantee, expected, p.nanos() / 1e9,
                    cpuOfThreads(props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG)), p.startup());
        }
    }

    /**
     * The trivial app's settings: the detector's guarantee and thread count, and, as the detector does
     * ({@code DetectorConfig.streamsProperties}), the Kafka settings slowburn defaults differently from Kafka
     * ({@link DetectorConfig#kafkaDefaults()}: retry backoff, poll time, restore fetch wait) and the processing exception
     * handler enabled for the global thread in both places Kafka Streams 4.4 reads it, so the bench's log carries no
     * start-up warning either.
     */
    public static Properties trivialProperties(String bootstrap, String guarantee, Path state) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-trivial-" + guarantee.replace('_', '-'));
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
        p.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        p.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        p.putAll(DetectorConfig.kafkaDefaults());
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        p.put(StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG), true);
        return p;
    }

    /**
     * The detector, timed until it has read every metric record; then left running until its later stages have passed
     * the last of them too, so that every alert it raises on the file is on the alerts topic when it stops.
     */
    static Row detector(DetectorConfig config, long expected, long lastMetricTs, DetectorSetup setup, String guarantee)
            throws Exception {
        long start = System.nanoTime();
        try (DetectorService service = DetectorService.start(config, setup)) {
            Progress p = awaitIntake(service, expected, start);
            double cpu = cpuOfThreads(config.getString(DetectorConfig.APPLICATION_ID));
            awaitPipeline(service, config, lastMetricTs);
            // What a run that read its partitions out of event-time order would show: observations dropped as later
            // than their analysis' lateness, records refused by the intake clock (dead letters).
            System.out.printf(Locale.ROOT, "late observations dropped: %,.0f; dead letters: %,.0f (`slowburn run`, %s)%n",
                    count(service, "slowburn.samples.late"), count(service, "slowburn.dlq.records"), guarantee);
            return new Row("`slowburn run`, " + rulesName(config) + ", " + guarantee, expected, p.nanos() / 1e9, cpu, p.startup());
        }
    }

    private static double count(DetectorService service, String counter) {
        Counter c = service.metrics().registry().find(counter).counter();
        return c == null ? Double.NaN : c.count();
    }

    /**
     * Nanoseconds from {@code start} until the detector has read {@code expected} metric records: the measure of the
     * trivial app too (until it has parsed the last record). The later stages then still hold the last commit interval
     * or two of work on their way through the repartition topics: that is pipeline latency, not throughput, and
     * waiting for it would charge a run of a few seconds with seconds of it.
     */
    static Progress awaitIntake(DetectorService service, long expected, long start) throws InterruptedException {
        return awaitProgress(() -> {
            Counter in = service.metrics().registry().find("slowburn.records.in").tag("topic", "metrics").counter();
            return in == null ? 0 : (long) in.count();
        }, expected, start);
    }

    /**
     * Waits (at most 40 minutes) until the detector's source and verdict stages have passed {@code lastMetricTs} in
     * event time: every record's work done, so that gauges such as the rule states tracked count all of it.
     */
    static void awaitPipeline(DetectorService service, DetectorConfig config, long lastMetricTs) throws InterruptedException {
        long interval = config.getLong(DetectorConfig.WATERMARK_INTERVAL_MS);
        long until = Math.floorDiv(lastMetricTs, interval) * interval; // heartbeats carry progress on this grid
        DetectorMetrics metrics = service.metrics();
        await(() -> metrics.watermark("source") >= until && metrics.watermark("verdict") >= until ? 1 : 0, 1, System.nanoTime());
    }

    /** Nanoseconds from {@code start} until {@code progress} reaches {@code expected} (at most 40 minutes: a loaded machine is slow). */
    static long await(LongSupplier progress, long expected, long start) throws InterruptedException {
        return awaitProgress(progress, expected, start).nanos();
    }

    /** {@link #await}, noting when progress was first seen (looked at every 20 ms). */
    static Progress awaitProgress(LongSupplier progress, long expected, long start) throws InterruptedException {
        long deadline = start + Duration.ofMinutes(40).toNanos();
        long firstNanos = -1;
        long firstProgress = 0;
        while (System.nanoTime() < deadline) {
            long now = progress.getAsLong();
            if (firstNanos < 0 && now > 0) {
                firstNanos = System.nanoTime() - start;
                firstProgress = now;
            }
            if (now >= expected) {
                return new Progress(System.nanoTime() - start, firstNanos, firstProgress);
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("read " + progress.getAsLong() + " of " + expected + " records in 40 minutes");
    }

    static DetectorSetup setup(DetectorConfig config, Path keys) throws Exception {
        // The configuration's rules (the default pack with rules.dir on top, as `slowburn run` loads them): a bench given
        // rules.dir measured the default pack while its header named the directory.
        return DetectorSetup.of(config, new RuleBook(RuleSources.load(config).orThrow()),
                TrustedKeySource.fixed(TrustedKeys.load(keys)));
    }
}
