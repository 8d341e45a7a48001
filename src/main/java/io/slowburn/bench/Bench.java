package io.slowburn.bench;

import io.micrometer.core.instrument.Counter;
import io.slowburn.broker.EmbeddedKafkaBroker;
import io.slowburn.detector.Backtest;
import io.slowburn.detector.DetectorConfig;
import io.slowburn.detector.DetectorMetrics;
import io.slowburn.detector.DetectorService;
import io.slowburn.detector.DetectorSetup;
import io.slowburn.detector.OfflineDetector;
import io.slowburn.detector.RuleBook;
import io.slowburn.detector.RuleSources;
import io.slowburn.detector.TrustedKeySource;
import io.slowburn.kafka.TopicNames;
import io.slowburn.model.MetricSample;
import io.slowburn.model.MetricType;
import io.slowburn.model.RecordCodec;
import io.slowburn.verdict.DeclarationSigner;
import io.slowburn.verdict.ExperimentKeys;
import io.slowburn.verdict.TrustedKeys;
import java.io.BufferedWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Prints the detector's figures, measured side by side in one run on this machine: the detector's throughput over a
 * real embedded broker as a ratio to a plain consumer that only deserializes the same records, and the backtest's
 * records per second. Not a test: a figure printer. {@code bash src/bench.sh [records]}.
 */
public final class Bench {

    private static final long T0 = 1_772_409_600_000L;
    private static final String[] METRICS = {"jvm.memory.used", "os.fd.open", "os.process.count", "app.latency.p99", "jvm.gc.time"};

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "slowburn bench: %,d metric records, %d series (%s), Java %s, %d cores, max heap %d MB%n", records,
                series(records), String.join(", ", METRICS), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        List<MetricSample> samples = samples(records);
        backtest(out, samples);
        broker(out, samples);
    }

    static int series(int records) {
        return Math.max(10, Math.min(2_000, records / 500));
    }

    /** Records in event-time order: each series a sample every 30 s, heap sawtooth, counters, noise. */
    static List<MetricSample> samples(int records) {
        int series = series(records);
        Random random = new Random(42);
        List<MetricSample> out = new ArrayList<>(records);
        for (int i = 0; out.size() < records; i++) {
            long ts = T0 + i * 30_000L;
            for (int s = 0; s < series && out.size() < records; s++) {
                String metric = METRICS[s % METRICS.length];
                String host = "host-" + s / METRICS.length;
                Map<String, String> labels = metric.equals("jvm.memory.used") ? Map.of("area", "heap") : Map.of();
                boolean counter = metric.equals("jvm.gc.time");
                double value = switch (metric) {
                    case "jvm.memory.used" -> 1e9 + (i % 20) * 5e7 + random.nextGaussian() * 1e7;
                    case "os.fd.open" -> 2_000 + random.nextInt(50);
                    case "os.process.count" -> 300 + random.nextInt(5);
                    case "app.latency.p99" -> 0.2 + random.nextDouble() * 0.05;
                    default -> i * 0.01;
                };
                Double limit = switch (metric) {
                    case "jvm.memory.used" -> 4e9;
                    case "os.fd.open" -> 65_536.0;
                    case "os.process.count" -> 32_768.0;
                    default -> null;
                };
                out.add(new MetricSample(ts, host, metric, labels, value, counter ? MetricType.COUNTER : MetricType.GAUGE, limit, null));
            }
        }
        return out;
    }

    static void backtest(PrintStream out, List<MetricSample> samples) throws Exception {
        RecordCodec codec = new RecordCodec();
        Path dir = Files.createTempDirectory("slowburn-bench-");
        Path input = dir.resolve("input.jsonl");
        try (BufferedWriter w = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
            for (MetricSample s : samples) {
                var n = codec.toJson(s);
                n.put("stream", "metric");
                w.write(codec.text(n));
                w.newLine();
            }
        }
        DetectorConfig config = DetectorConfig.of(Map.of(DetectorConfig.STATE_STORE_TYPE, "memory"));
        try (OfflineDetector detector = new OfflineDetector(config, setup(config), DetectorMetrics.detached())) {
            Backtest.Summary s = new Backtest(detector, new PrintStream(PrintStream.nullOutputStream())).run(input,
                    dir.resolve("alerts.jsonl"), null);
            out.printf(Locale.ROOT, "backtest (TopologyTestDriver, in-memory stores): %,d records in %.1f s = %,.0f records/s%n",
                    s.lines(), s.seconds(), s.recordsPerSecond());
        } finally {
            io.slowburn.broker.Directories.deleteRecursively(dir);
        }
    }

    static void broker(PrintStream out, List<MetricSample> samples) throws Exception {
        RecordCodec codec = new RecordCodec();
        Path state = Files.createTempDirectory("slowburn-bench-state-");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            Map<String, Object> props = Map.of(DetectorConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
                    DetectorConfig.TOPICS_PARTITIONS, 2, DetectorConfig.METRICS_PORT, 0, DetectorConfig.STATE_DIR, state.toString(),
                    DetectorConfig.COMMIT_INTERVAL_MS, 1_000);
            DetectorConfig config = DetectorConfig.of(props);
            TopicNames topics = config.topics();
            DetectorService.createTopics(config);
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
            p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
            p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
            try (var producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
                for (MetricSample s : samples) {
                    producer.send(new ProducerRecord<>(topics.metrics(), null, s.ts(), s.seriesId(), codec.bytes(codec.toJson(s))));
                }
                producer.flush();
            }
            double consumer = plainConsumer(broker.bootstrapServers(), topics.metrics(), samples.size(), codec);
            out.printf(Locale.ROOT, "plain KafkaConsumer + JSON parse of the same records: %,.0f records/s%n", consumer);
            for (String guarantee : List.of("exactly_once_v2", "at_least_once")) {
                Map<String, Object> run = new java.util.HashMap<>(props);
                run.put(DetectorConfig.PROCESSING_GUARANTEE, guarantee);
                run.put(DetectorConfig.APPLICATION_ID, "bench-" + guarantee.replace('_', '-'));
                DetectorConfig c = DetectorConfig.of(run);
                double detector = detector(c, samples.size(), setup(c));
                out.printf(Locale.ROOT, "detector (%s, 1 stream thread, RocksDB, default rules): %,.0f records/s = %.2f x the plain "
                        + "consumer%n", guarantee, detector, detector / consumer);
            }
            // While chaos experiments run, every sample is also checked against their abort_when conditions.
            KeyPair approver = ExperimentKeys.generate();
            declareExperiments(broker.bootstrapServers(), topics, approver, 3);
            Map<String, Object> run = new java.util.HashMap<>(props);
            run.put(DetectorConfig.APPLICATION_ID, "bench-experiments");
            DetectorConfig c = DetectorConfig.of(run);
            double detector = detector(c, samples.size(), DetectorSetup.of(c, new RuleBook(RuleSources.load((Path) null).orThrow()),
                    TrustedKeySource.fixed(TrustedKeys.of(Map.of("bench", approver.getPublic())))));
            int accepted = countRecords(broker.bootstrapServers(), c.registryTopic());
            if (accepted < 3) {
                throw new IllegalStateException("the detector accepted " + accepted + " of 3 declarations: the figure would not count "
                        + "the abort_when checks");
            }
            out.printf(Locale.ROOT, "detector (exactly_once_v2, 3 signed experiments with abort_when running): %,.0f records/s = %.2f x "
                    + "the plain consumer%n", detector, detector / consumer);
        } finally {
            io.slowburn.broker.Directories.deleteRecursively(state);
        }
    }

    /** Records on {@code topic} (read from the start until 5 s pass without one). */
    static int countRecords(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-count-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        int n = 0;
        try (var consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long quietSince = System.nanoTime();
            while (System.nanoTime() - quietSince < Duration.ofSeconds(5).toNanos()) {
                int got = consumer.poll(Duration.ofMillis(200)).count();
                if (got > 0) {
                    n += got;
                    quietSince = System.nanoTime();
                }
            }
        }
        return n;
    }

    static double plainConsumer(String bootstrap, String topic, int expected, RecordCodec codec) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-plain");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        long start = System.nanoTime();
        int seen = 0;
        try (var consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (seen < expected) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    codec.readMetric(r.value());
                    seen++;
                }
            }
        }
        return seen / ((System.nanoTime() - start) / 1e9);
    }

    /** {@code count} signed declarations whose scope and window cover the bench's telemetry, each with abort_when. */
    static void declareExperiments(String bootstrap, TopicNames topics, KeyPair approver, int count) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                String declaration = String.format(Locale.ROOT, "{\"stream\":\"experiment\",\"id\":\"bench-%d\",\"ts\":%d,"
                        + "\"title\":\"bench\",\"scope\":{\"sources\":[\"host-%d\"]},\"faults\":[\"memory.pressure\"],"
                        + "\"start\":%d,\"end\":%d,\"blast_radius\":{\"max_sources\":1},"
                        + "\"abort_when\":[{\"metric\":\"jvm.memory.used\",\"above\":0.99,\"of\":\"limit\"}]}",
                        i, T0 - 60_000, i, T0, T0 + 6 * 86_400_000L);
                String signed = new DeclarationSigner().sign(declaration, approver.getPrivate(), "bench");
                producer.send(new ProducerRecord<>(topics.experiments(), null, T0 - 60_000, "bench-" + i,
                        signed.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    static double detector(DetectorConfig config, int expected, DetectorSetup setup) throws Exception {
        try (DetectorService service = DetectorService.start(config, setup)) {
            long start = System.nanoTime();
            long deadline = start + Duration.ofMinutes(5).toNanos();
            double seen = 0;
            while (System.nanoTime() < deadline) {
                Counter in = service.metrics().registry().find("slowburn.records.in").tag("topic", "metrics").counter();
                seen = in == null ? 0 : in.count();
                if (seen >= expected) {
                    return expected / ((System.nanoTime() - start) / 1e9);
                }
                Thread.sleep(20);
            }
            throw new IllegalStateException("the detector read " + seen + " of " + expected + " records in 5 minutes; state "
                    + service.state());
        }
    }

    static DetectorSetup setup(DetectorConfig config) {
        return DetectorSetup.of(config, new RuleBook(RuleSources.load((Path) null).orThrow()), TrustedKeySource.fixed(TrustedKeys.empty()));
    }
}
