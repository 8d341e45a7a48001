package io.slowburn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.broker.EmbeddedKafkaBroker;
import io.slowburn.ingest.jvm.JvmTelemetry;
import io.slowburn.ingest.os.ProcCollector;
import io.slowburn.ingest.os.ProcOptions;
import io.slowburn.ingest.publish.KafkaRecordSink;
import io.slowburn.ingest.publish.TelemetryPublisher;
import io.slowburn.model.MetricSample;
import io.slowburn.model.RecordCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Real telemetry of this machine (its /proc and this JVM) through the real producer into a real broker. */
@Tag("integration")
class IngestToBrokerTest {

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedKafkaBroker.start();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(KafkaRecordSink.DEFAULT_METRICS_TOPIC, 1, (short) 1),
                    new NewTopic(KafkaRecordSink.DEFAULT_EVENTS_TOPIC, 1, (short) 1))).all().get();
        }
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    @SuppressWarnings("try") // the JVM binders publish from the background while the resource is open
    void osAndJvmTelemetryArriveKeyedBySeriesId() throws Exception {
        String source = "it-" + SourceNames.defaultSource();
        ProcCollector os = new ProcCollector(ProcOptions.defaults(source).withWatch(Pattern.compile("java")), Clock.systemUTC());
        try (TelemetryPublisher publisher = new TelemetryPublisher(new KafkaRecordSink(broker.bootstrapServers()));
             AutoCloseable jvm = JvmTelemetry.start(broker.bootstrapServers(), source)) {
            IngestRunner runner = new IngestRunner(os, publisher, Duration.ofSeconds(1));
            runner.pollOnce();
            Thread.sleep(1_100);
            runner.pollOnce();
            publisher.flush();
            assertThat(publisher.metrics().sentCount()).isPositive();
            System.out.println("OS capabilities: " + os.capabilities());
        }

        List<ConsumerRecord<String, byte[]>> records = consumeAll(source);
        RecordCodec codec = new RecordCodec();
        List<MetricSample> samples = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            MetricSample s = codec.readMetric(r.value());
            assertThat(r.key()).isEqualTo(s.seriesId());
            assertThat(r.timestamp()).isEqualTo(s.ts());
            samples.add(s);
        }
        records.stream().limit(200).filter(r -> r.key().contains("|os.") || r.key().contains("|jvm."))
                .map(r -> r.key() + " => " + new String(r.value(), StandardCharsets.UTF_8)).distinct().limit(8)
                .forEach(line -> System.out.println("sample: " + line));

        MetricSample mem = samples.stream().filter(s -> s.metric().equals("os.memory.used")).findFirst().orElseThrow();
        assertThat(mem.limit()).isPositive();
        assertThat(mem.value()).isPositive().isLessThanOrEqualTo(mem.limit());
        assertThat(samples).anyMatch(s -> s.metric().equals("os.cpu.utilization"));
        MetricSample heap = samples.stream().filter(s -> s.metric().equals("jvm.memory.used")).findFirst().orElseThrow();
        assertThat(heap.labels()).isEqualTo(Map.of("area", "heap"));
        assertThat(heap.limit()).isPositive();
        assertThat(samples).anyMatch(s -> s.metric().equals("jvm.gc.time"));
        assertThat(samples).anyMatch(s -> s.metric().equals("jvm.threads.live"));
    }

    private static List<ConsumerRecord<String, byte[]>> consumeAll(String source) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "ingest-it-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(KafkaRecordSink.DEFAULT_METRICS_TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            boolean sawJvm = false;
            boolean sawOs = false;
            while (System.nanoTime() < deadline && !(sawJvm && sawOs)) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key().startsWith(source + "|")) {
                        out.add(r);
                        sawJvm |= r.key().contains("|jvm.memory.used|");
                        sawOs |= r.key().contains("|os.memory.used|");
                    }
                }
            }
        }
        return out;
    }
}
