package io.slowburn.ingest.simulate;

import io.slowburn.ingest.publish.KafkaRecordSink;
import io.slowburn.ingest.publish.PublishedRecord;
import io.slowburn.model.Stream;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes a scenario to the contract topics. Metrics and events go through {@link KafkaRecordSink} (same keys,
 * same producer settings as the real adapters); declarations go to the experiments topic, keyed by id, on the SAME
 * producer, so nothing reorders them against the telemetry more than Kafka itself would. Record timestamp = event time.
 */
public final class KafkaScenarioSink implements ScenarioSink {

    private final Producer<String, byte[]> producer;
    private final KafkaRecordSink telemetry;
    private final String experimentsTopic;
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
    private final AtomicLong failures = new AtomicLong();

    /** Topics are {@code prefix + metrics|events|experiments}; the contract's prefix is {@code slowburn.}. */
    public KafkaScenarioSink(String bootstrapServers, String topicPrefix, Map<String, Object> overrides) {
        this(new KafkaProducer<>(KafkaRecordSink.producerConfig(bootstrapServers, overrides), new StringSerializer(),
                new ByteArraySerializer()), topicPrefix);
    }

    /** For tests with a {@code MockProducer}. */
    public KafkaScenarioSink(Producer<String, byte[]> producer, String topicPrefix) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.telemetry = new KafkaRecordSink(producer, topicPrefix + "metrics", topicPrefix + "events");
        this.experimentsTopic = topicPrefix + "experiments";
    }

    @Override
    public void write(ScenarioRecord r) {
        if (r.stream() == Stream.EXPERIMENT) {
            try {
                producer.send(new ProducerRecord<>(experimentsTopic, null, r.ts(), r.key(), r.json()), (m, e) -> failed(e));
            } catch (RuntimeException e) {
                failed(e);
            }
        } else {
            telemetry.send(new PublishedRecord(r.stream(), r.key(), r.ts(), r.observation(), r.json()), this::failed);
        }
    }

    private void failed(Exception e) {
        if (e != null) {
            failures.incrementAndGet();
            firstFailure.compareAndSet(null, e);
        }
    }

    /** Records Kafka refused so far. */
    public long failures() {
        return failures.get();
    }

    @Override
    public void flush() {
        telemetry.flush();
        Exception e = firstFailure.get();
        if (e != null) {
            throw new IllegalStateException(failures.get() + " record(s) were not published: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        telemetry.close();
    }
}
