package io.slowburn.ingest.otlp;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.slowburn.ingest.publish.DeadLetterSink;
import io.slowburn.ingest.publish.DropReason;
import io.slowburn.ingest.publish.PublisherMetrics;
import io.slowburn.ingest.publish.TelemetryPublisher;
import io.slowburn.kafka.DeadLetter;
import io.slowburn.model.MetricSample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Reads the Collector's {@code kafkaexporter} topic in a consumer group and publishes contract samples. Offsets are
 * committed only after everything a poll produced has been acknowledged by the sink: a crash or a broker outage
 * replays the uncommitted records instead of losing them (at least once; the converter skips delta and histogram
 * points a stream has already seen, so a replay does not count twice). A record it cannot use (not OTLP in the
 * configured encoding, or no metric data in it: an empty record, a trace or log export) goes to the
 * {@link DeadLetterSink} with the reason, its topic, partition and offset, and is counted ({@link OtlpIngestMetrics}); its
 * offset is committed only once the dead letter is written, as a sample's is once the sample is acknowledged.
 */
public final class OtlpKafkaIngest implements AutoCloseable {

    public static final String DEFAULT_TOPIC = "otlp_metrics";
    public static final String DEFAULT_GROUP = "slowburn-otlp";
    private static final Logger LOG = LogManager.getLogger(OtlpKafkaIngest.class);
    private static final Duration POLL = Duration.ofMillis(500);
    /** Flush the publisher this often within a poll, so its bounded buffer never has to drop samples. */
    private static final int FLUSH_EVERY = 2_000;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final OtlpEncoding encoding;
    private final OtlpConverter converter;
    private final TelemetryPublisher publisher;
    private final DeadLetterSink deadLetters;
    private final OtlpIngestMetrics metrics = new OtlpIngestMetrics();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong samples = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();

    public OtlpKafkaIngest(Consumer<byte[], byte[]> consumer, String topic, OtlpEncoding encoding, OtlpConverter converter,
                           TelemetryPublisher publisher, DeadLetterSink deadLetters) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.encoding = Objects.requireNonNull(encoding, "encoding");
        this.converter = Objects.requireNonNull(converter, "converter");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    }

    /** Manual commits; a new group starts at the end of the topic unless {@code fromBeginning}. */
    public static KafkaConsumer<byte[], byte[]> consumer(String bootstrapServers, String group, boolean fromBeginning) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "slowburn-ingest-otlp");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Consumes until {@link #close()}, or with {@code untilCaughtUp} until every assigned partition is read to the end
     * offset it had when it was assigned (a backfill; gives up after {@code assignTimeout} without an assignment).
     */
    public void run(boolean untilCaughtUp, Duration assignTimeout) {
        consumer.subscribe(List.of(topic));
        Map<TopicPartition, Long> targets = null;
        long assignDeadline = System.nanoTime() + assignTimeout.toNanos();
        try {
            while (!closed.get()) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(POLL);
                if (!batch.isEmpty()) {
                    publishAndCommit(batch);
                }
                if (untilCaughtUp) {
                    Set<TopicPartition> assigned = consumer.assignment();
                    if (targets == null && !assigned.isEmpty()) {
                        targets = consumer.endOffsets(assigned);
                    }
                    if (targets != null && caughtUp(targets)) {
                        return;
                    }
                    if (targets == null && System.nanoTime() > assignDeadline) {
                        throw new IllegalStateException("no partition of '" + topic + "' was assigned within " + assignTimeout
                                + ": does the topic exist?");
                    }
                }
            }
        } catch (WakeupException e) {
            if (!closed.get()) {
                throw e;
            }
        } finally {
            try {
                consumer.close(Duration.ofSeconds(10));
            } finally {
                stopped.countDown();
            }
        }
    }

    private boolean caughtUp(Map<TopicPartition, Long> targets) {
        for (Map.Entry<TopicPartition, Long> t : targets.entrySet()) {
            if (consumer.position(t.getKey()) < t.getValue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Converts the batch once, then writes its dead letters and publishes its samples until both are acknowledged,
     * and commits. A retry republishes the same samples rather than converting again: the converter has already
     * advanced its delta and histogram state past them. Stopped meanwhile, nothing is committed and a restart reads
     * them again.
     */
    private void publishAndCommit(ConsumerRecords<byte[], byte[]> batch) {
        List<MetricSample> out = new ArrayList<>();
        List<DeadLetter> letters = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : batch) {
            metrics.read();
            next.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
            convert(r, out, letters);
        }
        Duration backoff = Duration.ofSeconds(1);
        while (!deadLettered(letters) || !deliver(out)) {
            if (closed.get()) {
                return;
            }
            sleep(backoff);
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
        samples.addAndGet(out.size());
        consumer.commitSync(next);
        commits.incrementAndGet();
    }

    private boolean deliver(List<MetricSample> out) {
        PublisherMetrics m = publisher.metrics();
        long failedBefore = m.failedCount();
        long droppedBefore = m.droppedCount(DropReason.BUFFER_FULL);
        for (int from = 0; from < out.size(); from += FLUSH_EVERY) {
            publisher.publishAll(out.subList(from, Math.min(out.size(), from + FLUSH_EVERY)));
            publisher.flush();
        }
        long lost = m.failedCount() - failedBefore + m.droppedCount(DropReason.BUFFER_FULL) - droppedBefore;
        if (lost > 0) {
            LOG.warn("{} of {} sample(s) were not delivered: publishing them again before committing", lost, out.size());
            return false;
        }
        return true;
    }

    /** Writes the batch's dead letters (once: a retry after a failed sample delivery finds the list empty). */
    private boolean deadLettered(List<DeadLetter> letters) {
        if (letters.isEmpty()) {
            return true;
        }
        try {
            deadLetters.write(letters);
        } catch (RuntimeException e) {
            LOG.warn("{} dead letter(s) not written to {}: {}; writing them again before committing", letters.size(),
                    deadLetters.target(), e.getMessage());
            return false;
        }
        letters.clear();
        return true;
    }

    /** The record's samples into {@code out}, or, when it has none to give, its dead letter into {@code letters}. */
    private void convert(ConsumerRecord<byte[], byte[]> r, List<MetricSample> out, List<DeadLetter> letters) {
        if (r.value() == null || r.value().length == 0) {
            reject(r, OtlpIngestMetrics.Kind.UNKNOWN_PAYLOAD, "empty record: no OTLP ExportMetricsServiceRequest", letters);
            return;
        }
        ExportMetricsServiceRequest request;
        try {
            request = encoding.decode(r.value());
        } catch (InvalidOtlpException e) {
            reject(r, OtlpIngestMetrics.Kind.UNDECODABLE, e.getMessage() + " (--encoding " + encoding.wire() + ")", letters);
            return;
        }
        if (!hasMetricData(request)) {
            int unknown = request.getUnknownFields().getSerializedSize();
            reject(r, OtlpIngestMetrics.Kind.UNKNOWN_PAYLOAD, "no metric with data points of a known type: not an OTLP metrics "
                    + "export (a trace or log export on the metrics topic?)"
                    + (unknown > 0 ? "; " + unknown + " byte(s) of fields a metrics export does not have" : ""), letters);
            return;
        }
        out.addAll(converter.convert(request, r.timestamp()));
    }

    /**
     * Whether any metric of the request carries a data type this version knows. A trace or log export decodes as a
     * metrics export (protobuf keeps what it does not know as unknown fields; the field numbers of the outer
     * messages coincide) without one, as does an OTLP JSON object of another kind.
     */
    private static boolean hasMetricData(ExportMetricsServiceRequest request) {
        for (ResourceMetrics rm : request.getResourceMetricsList()) {
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                for (Metric m : sm.getMetricsList()) {
                    if (m.getDataCase() != Metric.DataCase.DATA_NOT_SET) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private void reject(ConsumerRecord<byte[], byte[]> r, OtlpIngestMetrics.Kind kind, String reason, List<DeadLetter> letters) {
        metrics.deadLettered(kind);
        if (metrics.deadLetters() == 1) {
            LOG.warn("{}-{}@{} to the dead letter {}: {} (further ones at debug)", r.topic(), r.partition(), r.offset(),
                    deadLetters.target(), reason);
        } else {
            LOG.debug("{}-{}@{} to the dead letter {}: {}", r.topic(), r.partition(), r.offset(), deadLetters.target(), reason);
        }
        letters.add(new DeadLetter(reason, r.topic(), r.partition(), r.offset(), r.timestamp(), key(r.key()), r.value()));
    }

    /** The key as text when it is UTF-8 (the dead-letter topic's key is text), else {@code null}. */
    private static String key(byte[] key) {
        if (key == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(key)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public long records() {
        return metrics.readCount();
    }

    /** Records sent to the dead letter. */
    public long invalidRecords() {
        return metrics.deadLetters();
    }

    public OtlpIngestMetrics metrics() {
        return metrics;
    }

    public long samples() {
        return samples.get();
    }

    public long commits() {
        return commits.get();
    }

    /** Waits until {@link #run} has returned (a shutdown hook waits, or the JVM ends before the consumer is closed). */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops {@link #run} (from another thread or a shutdown hook); what was polled is published and committed first. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            consumer.wakeup();
        }
    }
}
