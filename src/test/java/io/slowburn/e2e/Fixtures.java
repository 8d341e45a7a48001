package io.slowburn.e2e;

import io.slowburn.detector.backtest.OfflineDetector;
import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.DetectorMetrics;
import io.slowburn.detector.service.DetectorSetup;
import io.slowburn.detector.service.RuleSources;
import io.slowburn.detector.service.TrustedKeySource;
import io.slowburn.engine.LineRouting;
import io.slowburn.engine.RuleBook;
import io.slowburn.model.Stream;
import io.slowburn.verdict.DeclarationSigner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Scenario records, backtests and topic readers shared by the reliability tests. */
final class Fixtures {

    static final long T0 = 1_772_409_600_000L;
    static final long MIN = 60_000L;

    private Fixtures() {
    }

    /**
     * A fleet of three hosts over {@code minutes} minutes: a signed kill experiment on host-4 (T0+10m..T0+70m) whose kill
     * storm is sanctioned, a kill storm on host-5 inside the window (a breach: one abort command), an undeclared kill
     * storm on host-5 later (suspicious), and a fork bomb on host-6 (process churn). Every alert also resolves.
     */
    static List<String> scenario(KeyPair approver, String keyId, int minutes) throws Exception {
        List<String> lines = new ArrayList<>();
        String declaration = """
                {"stream":"experiment","id":"exp-42","ts":%d,"title":"kill checkout","scope":{"sources":["host-4"]},
                 "faults":["process.kill"],"start":%d,"end":%d,"blast_radius":{"max_sources":1},"abort_when":[]}"""
                .formatted(T0, T0 + 10 * MIN, T0 + 70 * MIN).replace("\n", "");
        lines.add(new DeclarationSigner().sign(declaration, approver.getPrivate(), keyId));
        for (int m = 0; m <= minutes; m++) {
            long ts = T0 + m * MIN;
            double procs = m >= 240 && m < 250 ? 100 + (m - 239) * 40 : 100 + (m % 3);
            for (String host : List.of("host-4", "host-5", "host-6")) {
                lines.add(metric(ts, host, "os.process.count", host.equals("host-6") ? procs : 100 + (m % 3), 32768));
                lines.add(metric(ts, host, "os.memory.used", 4.0e9 + (m % 5) * 1e6, 16e9));
            }
            if (m >= 20 && m < 24) {
                lines.add(kill(ts + 1_000, "host-4"));
            }
            if (m >= 30 && m < 34) {
                lines.add(kill(ts + 2_000, "host-5"));
            }
            if (m >= 200 && m < 204) {
                lines.add(kill(ts + 1_000, "host-5"));
            }
        }
        return lines;
    }

    static String metric(long ts, String host, String metric, double value, double limit) {
        return String.format(Locale.ROOT, "{\"stream\":\"metric\",\"ts\":%d,\"source\":\"%s\",\"metric\":\"%s\",\"value\":%.1f,"
                + "\"limit\":%.1f}", ts, host, metric, value, limit);
    }

    static String kill(long ts, String host) {
        return "{\"stream\":\"event\",\"ts\":" + ts + ",\"source\":\"" + host + "\",\"event\":\"process.exit\","
                + "\"attrs\":{\"pid\":4242,\"exe\":\"/usr/bin/java\",\"signal\":\"SIGKILL\",\"exit_code\":137}}";
    }

    static DetectorSetup setup(DetectorConfig config, TrustedKeySource keys) {
        return DetectorSetup.of(config, new RuleBook(RuleSources.load((Path) null).orThrow()), keys);
    }

    /** What a backtest of {@code lines} writes, by topic: alerts, control, audit, dlq (values as UTF-8 text). */
    static Outputs backtest(DetectorConfig config, List<String> lines) throws Exception {
        Outputs out = new Outputs();
        TrustedKeySource keys = TrustedKeySource.loadOnce(Path.of(config.getString(DetectorConfig.TRUSTED_KEYS_DIR)));
        try (OfflineDetector d = new OfflineDetector(config, setup(config, keys), DetectorMetrics.detached())) {
            for (String line : lines) {
                d.pipeLine(line);
                out.drain(d);
            }
        }
        return out;
    }

    /** Records a detector wrote, by topic, as text. */
    static final class Outputs {
        final List<String> alerts = new ArrayList<>();
        final List<String> control = new ArrayList<>();
        final List<String> audit = new ArrayList<>();
        final List<String> dlq = new ArrayList<>();

        void drain(OfflineDetector d) {
            d.drainAlerts().forEach(kv -> alerts.add(text(kv.value)));
            d.drainControl().forEach(kv -> control.add(text(kv.value)));
            d.drainAudit().forEach(kv -> audit.add(text(kv.value)));
            d.drainDlq().forEach(kv -> dlq.add(text(kv.value)));
        }
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Alerts grouped by alert id (the text before the first comma: {@code {"id":"..."}), each group in order. */
    static Map<String, List<String>> perIncident(List<String> alerts) {
        Map<String, List<String>> m = new TreeMap<>();
        alerts.forEach(a -> m.computeIfAbsent(a.substring(0, a.indexOf(',')), k -> new ArrayList<>()).add(a));
        return m;
    }

    static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    static ProducerRecord<String, byte[]> record(DetectorConfig config, LineRouting.Routed r) {
        String topic = r.stream() == Stream.METRIC ? config.topics().metrics()
                : r.stream() == Stream.EVENT ? config.topics().events() : config.topics().experiments();
        return new ProducerRecord<>(topic, null, r.timestamp(), r.key(), r.value());
    }

    /**
     * Reads {@code topic} from the beginning with {@code read_committed} until {@code expected} records arrived and then
     * {@code quiet} passed without another one (so a duplicate would be seen), or {@code timeout} passed.
     */
    static List<String> readCommitted(String bootstrap, String topic, int expected, Duration quiet, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "reliability-" + topic + "-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastNew = System.nanoTime();
        try (var consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (System.nanoTime() < deadline) {
                int before = out.size();
                consumer.poll(Duration.ofMillis(200)).forEach(r -> out.add(text(r.value())));
                if (out.size() > before) {
                    lastNew = System.nanoTime();
                }
                if (out.size() >= expected && System.nanoTime() - lastNew > quiet.toNanos()) {
                    break;
                }
            }
        }
        return out;
    }

    static int freePort() throws Exception {
        try (var s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
