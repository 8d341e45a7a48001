package io.slowburn.ingest.publish;

import io.slowburn.kafka.SourcePartitioner;
import io.slowburn.kafka.TopicNames;
import io.slowburn.model.Stream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes to the contract topics with a real {@link KafkaProducer}: metrics keyed by series id, events keyed by
 * source, both on their source's partition, record timestamp = event time.
 */
public final class KafkaRecordSink implements RecordSink {

    public static final String DEFAULT_METRICS_TOPIC = TopicNames.defaults().metrics();
    public static final String DEFAULT_EVENTS_TOPIC = TopicNames.defaults().events();

    private final Producer<String, byte[]> producer;
    private final String metricsTopic;
    private final String eventsTopic;

    public KafkaRecordSink(String bootstrapServers) {
        this(bootstrapServers, DEFAULT_METRICS_TOPIC, DEFAULT_EVENTS_TOPIC, Map.of());
    }

    /** @param overrides extra or replacing producer settings (security, client.id, ...) */
    public KafkaRecordSink(String bootstrapServers, String metricsTopic, String eventsTopic, Map<String, Object> overrides) {
        this(new KafkaProducer<>(producerConfig(bootstrapServers, overrides), new StringSerializer(), new ByteArraySerializer()),
                metricsTopic, eventsTopic);
    }

    /** For tests with a {@code MockProducer}. */
    public KafkaRecordSink(Producer<String, byte[]> producer, String metricsTopic, String eventsTopic) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.metricsTopic = Objects.requireNonNull(metricsTopic, "metricsTopic");
        this.eventsTopic = Objects.requireNonNull(eventsTopic, "eventsTopic");
    }

    /**
     * The producer settings: idempotent with {@code acks=all} so a retry never duplicates a sample (a duplicate
     * counter sample would look like a flat rate), lz4 because telemetry JSON compresses well and lz4 is cheap on
     * the host being watched, and 50 ms / 64 KiB batches since a poll emits a burst of records at once.
     * {@code max.block.ms} is bounded so that a missing broker never stalls the publisher's drain thread for long.
     * Records go to their source's partition ({@link SourcePartitioner}): a host's series share a detector task.
     */
    public static Map<String, Object> producerConfig(String bootstrapServers, Map<String, Object> overrides) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Objects.requireNonNull(bootstrapServers, "bootstrapServers"));
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 50);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "slowburn-ingest");
        p.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, SourcePartitioner.class.getName());
        if (overrides != null) {
            p.putAll(overrides);
        }
        return p;
    }

    @Override
    public void send(PublishedRecord record, Consumer<Exception> onComplete) {
        String topic = record.stream() == Stream.EVENT ? eventsTopic : metricsTopic;
        ProducerRecord<String, byte[]> pr = new ProducerRecord<>(topic, null, record.timestamp(), record.key(), record.value());
        try {
            producer.send(pr, (metadata, exception) -> onComplete.accept(exception));
        } catch (RuntimeException e) {
            // send() throws synchronously on a metadata timeout or when closed: report it like an async failure.
            onComplete.accept(e);
        }
    }

    /**
     * Kafka's own word for it: a {@link RetriableException} (a metadata or delivery timeout while the broker is away,
     * a leader moving) may succeed if sent again; anything else (a record too large, an authorization error, a closed
     * producer) will not.
     */
    @Override
    public boolean retriable(Exception failure) {
        return failure instanceof RetriableException;
    }

    @Override
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
