package io.slowburn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.slowburn.broker.EmbeddedKafkaBroker;
import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.DetectorService;
import io.slowburn.detector.service.TrustedKeySource;
import io.slowburn.engine.LineRouting;
import io.slowburn.ingest.publish.DropReason;
import io.slowburn.ingest.publish.KafkaRecordSink;
import io.slowburn.ingest.publish.PublisherOptions;
import io.slowburn.ingest.publish.TelemetryPublisher;
import io.slowburn.model.MetricSample;
import io.slowburn.model.Observation;
import io.slowburn.model.RecordCodec;
import io.slowburn.model.Stream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker stops mid-stream and comes back on the same port with the same data. The detector (exactly-once, in
 * process) recovers by itself and its alerts equal a backtest's. The ingest publisher, meanwhile, buffers what it is
 * given while the broker is down and delivers all of it afterwards, with nothing lost or duplicated; a publisher whose
 * bound is exceeded drops the oldest records beyond it and counts them ({@code slowburn.ingest.records.dropped
 * {reason=buffer_full}}), and everything it did not count as dropped arrives.
 */
@Tag("integration")
class BrokerBounceTest {

    static final int FLOOD = 5_000;
    static final int BOUND = 500;

    @TempDir
    Path tmp;

    @Test
    void shouldRecoverTheDetectorAndBufferIngestAcrossABrokerRestart() throws Exception {
        TrustedApprover approver = TrustedApprover.create(tmp.resolve("keys"));
        Path keys = approver.trustedKeys();
        List<String> lines = approver.scenario(300);
        int half = lines.size() / 2;

        Map<String, Object> props = new HashMap<>();
        props.put(DetectorConfig.TRUSTED_KEYS_DIR, keys.toString());
        props.put(DetectorConfig.TOPICS_PARTITIONS, 3);
        props.put(DetectorConfig.METRICS_PORT, 0);
        props.put(DetectorConfig.STATE_DIR, tmp.resolve("state").toString());
        Fixtures.Outputs expected = Fixtures.backtest(DetectorConfig.of(props), lines);

        Path dataDir = tmp.resolve("kafka");
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, dataDir);
        int port = broker.port();
        String bootstrap = broker.bootstrapServers();
        props.put(DetectorConfig.BOOTSTRAP_SERVERS, bootstrap);
        DetectorConfig config = DetectorConfig.of(props);
        DetectorService.createTopics(config);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            // Stamped on arrival, as the contract's telemetry topics are: the flood's records carry event times of
            // March 2026, and with CreateTime the first append after the restart rolls the segment holding record 0
            // (its first record is older than segment.ms) and the restarted broker's first retention check, 30 s
            // later, deletes it as older than retention.ms; a test slower than that (a loaded machine) counted one
            // record short.
            admin.createTopics(List.of(new NewTopic("bounce.flood", 1, (short) 1)
                    .configs(Map.of("message.timestamp.type", "LogAppendTime")))).all().get();
        }
        RecordCodec codec = new RecordCodec();
        LineRouting routing = new LineRouting();
        long started = System.nanoTime();
        long downFor;
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (DetectorService service = DetectorService.start(config, Fixtures.setup(config,
                TrustedKeySource.watching(keys, 1_000, System::currentTimeMillis)))) {
            assertThat(service.awaitRunning(Duration.ofSeconds(60))).isTrue();
            // The first half with a producer of its own, while the broker is up (it carries the declaration), with the
            // adapters' settings: placed as the feed below places it (SourcePartitioner), since a series that changed
            // partition halfway would restart its state in another task, which is not what this test is about.
            try (var producer = new KafkaProducer<>(KafkaRecordSink.producerConfig(bootstrap, Map.of()), new StringSerializer(),
                    new ByteArraySerializer())) {
                for (String line : lines.subList(0, half)) {
                    producer.send(Fixtures.record(config, routing.route(line)));
                }
                producer.flush();
            }
            // Two publishers that know the cluster before it goes away: the detector's feed (default bound, 10,000
            // records) and a small one (500 records, a producer with little memory of its own) that will overflow.
            TelemetryPublisher feed = new TelemetryPublisher(new KafkaRecordSink(bootstrap, config.topics().metrics(),
                    config.topics().events(), Map.of()));
            TelemetryPublisher small = new TelemetryPublisher(new KafkaRecordSink(bootstrap, "bounce.flood", "bounce.flood",
                    Map.of("buffer.memory", 16_384, "batch.size", 2_048, "max.block.ms", 120_000)), new PublisherOptions(BOUND, 10_000));
            small.metrics().bindTo(registry);
            int next = half;
            for (; next < half + 10; next++) {
                feed.publish(observation(codec, lines.get(next)));
            }
            small.publish(flood(0));
            feed.flush();
            small.flush();
            Thread.sleep(1_000);

            long down = System.nanoTime();
            broker.close();
            // While the broker is down: the rest of the feed (about 900 records, under the bound) and a flood of 5,000.
            for (; next < lines.size(); next++) {
                Observation o = observation(codec, lines.get(next));
                if (o != null) {
                    feed.publish(o);
                }
            }
            for (int i = 1; i <= FLOOD; i++) {
                small.publish(flood(i));
            }
            Thread.sleep(3_000);
            broker = EmbeddedKafkaBroker.start(port, dataDir);
            downFor = (System.nanoTime() - down) / 1_000_000;

            feed.flush();
            small.flush();
            List<String> alerts = Fixtures.readCommitted(bootstrap, config.topics().alerts(), expected.alerts.size(),
                    Duration.ofSeconds(3), Duration.ofSeconds(120));
            List<String> control = Fixtures.readCommitted(bootstrap, config.topics().control(), expected.control.size(),
                    Duration.ofSeconds(1), Duration.ofSeconds(30));
            assertThat(service.state().isRunningOrRebalancing()).as("the detector still runs: %s", service.state()).isTrue();
            assertThat(alerts).as("the detector's alerts after the bounce").containsExactlyInAnyOrderElementsOf(expected.alerts);
            assertThat(Fixtures.perIncident(alerts)).isEqualTo(Fixtures.perIncident(expected.alerts));
            assertThat(control).containsExactlyElementsOf(expected.control);

            // The feed stayed under its bound: nothing dropped, nothing failed, everything sent.
            int feedRecords = lines.size() - half;
            assertThat(feed.metrics().sentCount()).isEqualTo(feedRecords);
            for (DropReason r : DropReason.values()) {
                assertThat(feed.metrics().droppedCount(r)).as("feed dropped %s", r).isZero();
            }
            assertThat(feed.metrics().failedCount()).isZero();
            feed.close();

            // The small publisher overflowed: what it counted as dropped is exactly what never arrived.
            small.close();
            List<String> arrived = readToTheEnd(bootstrap, "bounce.flood", Duration.ofSeconds(120));
            Set<String> distinct = new HashSet<>(arrived);
            long dropped = small.metrics().droppedCount(DropReason.BUFFER_FULL);
            assertThat(dropped).as("records dropped beyond the bound").isPositive();
            assertThat(small.metrics().failedCount()).isZero();
            assertThat(distinct).as("no duplicates").hasSize(arrived.size());
            assertThat(arrived.size() + dropped).as("arrived + counted as dropped = published").isEqualTo(FLOOD + 1);
            assertThat(small.metrics().sentCount()).isEqualTo(arrived.size());
            assertThat(registry.get("slowburn.ingest.records.dropped").tag("reason", "buffer_full").functionCounter().count())
                    .isEqualTo((double) dropped);
            assertThat(arrived).as("the newest records survive").anyMatch(a -> a.contains("\"value\":" + FLOOD + ".0"));
            System.out.printf(java.util.Locale.ROOT, "broker bounce: down %d ms; detector: %d alerts, %d abort, equal to the backtest; "
                    + "feed: %d records published while down, %d sent, 0 dropped; small publisher (bound %d): %d published, %d arrived, "
                    + "%d dropped (buffer_full); total %.1f s%n", downFor, alerts.size(), control.size(), lines.size() - half - 10,
                    feed.metrics().sentCount(), BOUND, FLOOD + 1, arrived.size(), dropped, (System.nanoTime() - started) / 1e9);
        } finally {
            broker.close();
        }
    }

    private static Observation observation(RecordCodec codec, String line) throws Exception {
        var n = codec.readTree(line);
        Stream s = codec.streamOf(n, null);
        return s == Stream.METRIC ? codec.toMetric(n) : s == Stream.EVENT ? codec.toEvent(n) : null;
    }

    private static MetricSample flood(int i) {
        return MetricSample.gauge(Fixtures.T0 + i, "host-9", "app.queue.depth", Map.of(), i);
    }

    /**
     * Every record of the (one-partition) topic, read to the end offset it has now: its producer is closed, so that
     * is all there will be. Not "until nothing new for a while", which a consumer starved of CPU for that long (a
     * loaded machine, a broker just restarted) ends early, with records missing that did arrive.
     */
    private static List<String> readToTheEnd(String bootstrap, String topic, Duration timeout) {
        Map<String, Object> p = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed");
        List<String> out = new ArrayList<>();
        TopicPartition tp = new TopicPartition(topic, 0);
        try (var consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp), timeout).get(tp);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (consumer.position(tp, timeout) < end) {
                assertThat(System.nanoTime()).as("read %s to its end offset %d within %s", topic, end, timeout).isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(r -> out.add(Fixtures.text(r.value())));
            }
        }
        return out;
    }
}
