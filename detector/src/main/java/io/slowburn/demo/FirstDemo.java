package io.slowburn.demo;

import io.slowburn.broker.EmbeddedKafkaBroker;
import io.slowburn.kafka.TopicNames;
import io.slowburn.kafka.TopicProvisioner;
import io.slowburn.kafka.TopicSpec;
import io.slowburn.model.MetricSample;
import io.slowburn.model.RecordCodec;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The first demo: a real embedded broker, the contract topics, a short scripted telemetry sequence (one host whose
 * open file descriptors climb toward the limit, one healthy host), a Kafka Streams app with exactly-once from the
 * metrics topic to the alert topic, and the alerts read back with {@code read_committed}.
 */
public final class FirstDemo {

    private static final long T0 = 1_772_409_600_000L;
    private static final double LIMIT = 65_536;

    private FirstDemo() {
    }

    /** Runs the demo and returns the alerts that arrived (as JSON lines). */
    public static List<String> run(PrintStream out, Duration timeout) throws Exception {
        TopicNames topics = TopicNames.defaults();
        Path stateDir = Files.createTempDirectory("slowburn-demo-state-");
        out.println("Starting an embedded Kafka broker (KRaft, one node) ...");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            out.println("Broker up on " + broker.bootstrapServers() + "; creating the contract topics");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                new TopicProvisioner(admin).ensure(TopicSpec.contract(topics, 1), Optional.empty());
            }
            List<MetricSample> script = script();
            try (KafkaStreams streams = new KafkaStreams(LimitThresholdTopology.build(topics, 0.9),
                    streamsConfig(broker.bootstrapServers(), stateDir))) {
                streams.start();
                publish(broker.bootstrapServers(), topics, script);
                out.println("Published " + script.size() + " metric samples; alerts as they arrive:");
                return consume(broker.bootstrapServers(), topics, out, 3, timeout);
            }
        } finally {
            io.slowburn.broker.Directories.deleteRecursively(stateDir);
        }
    }

    static List<MetricSample> script() {
        List<MetricSample> samples = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            long ts = T0 + i * 60_000L;
            double leaking = 40_000 + i * 850;
            samples.add(MetricSample.gauge(ts, "host-17", "os.fd.open", Map.of(), leaking).withLimit(LIMIT));
            samples.add(MetricSample.gauge(ts, "host-4", "os.fd.open", Map.of(), 12_000 + (i % 3) * 100).withLimit(LIMIT));
        }
        return samples;
    }

    private static Properties streamsConfig(String bootstrap, Path stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "slowburn-first-demo");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        return p;
    }

    private static void publish(String bootstrap, TopicNames topics, List<MetricSample> samples) {
        RecordCodec codec = new RecordCodec();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (MetricSample s : samples) {
                producer.send(new ProducerRecord<>(topics.metrics(), null, s.ts(), s.seriesId(), codec.bytes(codec.toJson(s))));
            }
            producer.flush();
        }
    }

    private static List<String> consume(String bootstrap, TopicNames topics, PrintStream out, int expected, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "slowburn-first-demo-reader");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> alerts = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topics.alerts()));
            while (alerts.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    String json = new String(r.value(), java.nio.charset.StandardCharsets.UTF_8);
                    alerts.add(json);
                    out.println("  alert " + json);
                }
            }
        }
        return alerts;
    }
}
