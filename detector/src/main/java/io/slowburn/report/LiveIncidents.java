package io.slowburn.report;

import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.engine.RuleBook;
import io.slowburn.kafka.TopicNames;
import io.slowburn.model.InvalidRecordException;
import io.slowburn.model.RecordCodec;
import io.slowburn.model.Stream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The live view's reader: the incidents the detector raised recently, from its own topics, read-only. A consumer with
 * no group (nothing committed, nobody's offsets moved) and {@code read_committed} (only what the detector's
 * transactions committed) reads the tail of the alert and audit topics, the declarations, then the telemetry the
 * incidents name: from the offset whose arrival time is an hour before the earliest panel starts (the telemetry topics
 * are {@code LogAppendTime}: live, arrival follows event time), and never more than a bounded tail per partition.
 */
public final class LiveIncidents {

    /** Alert and audit records read per partition at most: the recent ones. */
    static final int RECENT_PER_PARTITION = 20_000;
    /** Declarations read per partition at most. */
    static final int DECLARATIONS_PER_PARTITION = 5_000;
    /** Telemetry records read per partition at most. */
    static final int TELEMETRY_PER_PARTITION = 1_000_000;
    /** Incidents shown at most. */
    static final int MAX_INCIDENTS = 100;
    /** How much earlier than event time the arrival-time seek starts. */
    static final long ARRIVAL_SLACK_MS = 3_600_000L;
    /** Time one read may take at most. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, Object> consumerConfig;
    private final TopicNames topics;
    private final RuleBook rules;
    private final RecordCodec codec = new RecordCodec();

    public LiveIncidents(DetectorConfig config, RuleBook rules) {
        Map<String, Object> c = new HashMap<>(config.kafkaPassThrough());
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", config.getList(DetectorConfig.BOOTSTRAP_SERVERS)));
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "slowburn-incidents-view");
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumerConfig = c;
        this.topics = config.topics();
        this.rules = rules;
    }

    /** Reads the recent incidents and their telemetry, and returns the page's model. */
    public ReportModel read(String title) {
        long started = System.nanoTime();
        IncidentReport report = new IncidentReport(codec, rules.rules(), MAX_INCIDENTS);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            read(consumer, topics.alerts(), tail(RECENT_PER_PARTITION), deadline, text -> report.alert(text));
            read(consumer, topics.audit(), tail(RECENT_PER_PARTITION), deadline, text -> report.audit(text));
            read(consumer, topics.experiments(), tail(DECLARATIONS_PER_PARTITION), deadline, text -> report.experiment(text));
            TelemetryScan scan = report.scan();
            long from = Long.MAX_VALUE;
            for (PanelData d : scan.panels()) {
                from = Math.min(from, d.plan.from());
            }
            if (from != Long.MAX_VALUE) {
                long seekTo = from - ARRIVAL_SLACK_MS;
                readRecords(consumer, topics.metrics(), byArrival(seekTo), deadline,
                        r -> scanRecord(scan, r, Stream.METRIC));
                readRecords(consumer, topics.events(), byArrival(seekTo), deadline,
                        r -> scanRecord(scan, r, Stream.EVENT));
            }
            String origin = String.format(Locale.ROOT, "the detector's topics %s and %s, read at %s in %.1f s", topics.alerts(),
                    topics.audit(), Instant.now().truncatedTo(ChronoUnit.SECONDS),
                    (System.nanoTime() - started) / 1e9);
            return report.model(scan, title, origin);
        }
    }

    private void scanRecord(TelemetryScan scan, ConsumerRecord<byte[], byte[]> r, Stream stream) {
        try {
            scan.record(codec.readTree(r.value()), stream);
        } catch (InvalidRecordException e) {
            // The detector dead-letters it; the view just does not draw it.
        }
    }

    /** A partition's start: its last {@code n} records. */
    private static StartOffsets tail(int n) {
        return (consumer, partitions, begin, end) -> {
            Map<TopicPartition, Long> out = new HashMap<>();
            partitions.forEach(tp -> out.put(tp, Math.max(begin.get(tp), end.get(tp) - n)));
            return out;
        };
    }

    /** A partition's start: the first record that arrived at or after {@code ts}, within its bounded tail. */
    private static StartOffsets byArrival(long ts) {
        return (consumer, partitions, begin, end) -> {
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(tp -> query.put(tp, Math.max(0, ts)));
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, Duration.ofSeconds(10));
            Map<TopicPartition, Long> out = new HashMap<>();
            for (TopicPartition tp : partitions) {
                OffsetAndTimestamp o = found.get(tp);
                long byTime = o == null ? end.get(tp) : o.offset();
                out.put(tp, Math.max(Math.max(begin.get(tp), end.get(tp) - TELEMETRY_PER_PARTITION), byTime));
            }
            return out;
        };
    }

    private void read(KafkaConsumer<byte[], byte[]> consumer, String topic, StartOffsets start, long deadline, TextReader reader) {
        readRecords(consumer, topic, start, deadline, r -> {
            if (r.value() != null) {
                try {
                    reader.read(new String(r.value(), StandardCharsets.UTF_8));
                } catch (InvalidRecordException | IllegalArgumentException e) {
                    // Not a record of ours: skipped, as any reader of the topic would.
                }
            }
        });
    }

    /** Reads each partition of the topic from its start to the end offset it had when the read began. */
    private static void readRecords(KafkaConsumer<byte[], byte[]> consumer, String topic, StartOffsets start, long deadline,
                                    Consumer<ConsumerRecord<byte[], byte[]>> each) {
        List<TopicPartition> partitions = new ArrayList<>();
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        if (infos == null) {
            return;
        }
        infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        consumer.assign(partitions);
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, Duration.ofSeconds(10));
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
        Map<TopicPartition, Long> from = start.of(consumer, partitions, begin, end);
        List<TopicPartition> open = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            if (from.get(tp) < end.get(tp)) {
                consumer.seek(tp, from.get(tp));
                open.add(tp);
            }
        }
        consumer.assign(open);
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                if (r.offset() < end.get(tp)) {
                    each.accept(r);
                }
            }
            open.removeIf(tp -> consumer.position(tp) >= end.get(tp));
            consumer.assign(open);
        }
        consumer.assign(List.of());
    }

    /** Where to start reading each partition. */
    @FunctionalInterface
    private interface StartOffsets {
        Map<TopicPartition, Long> of(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions,
                                     Map<TopicPartition, Long> begin, Map<TopicPartition, Long> end);
    }

    /** Reads one record's text. */
    @FunctionalInterface
    private interface TextReader {
        void read(String text) throws InvalidRecordException;
    }
}
