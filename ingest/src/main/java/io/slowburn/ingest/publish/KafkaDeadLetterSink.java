package io.slowburn.ingest.publish;

import io.slowburn.kafka.DeadLetter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Dead letters to the dead-letter topic, keyed by the rejected record's key (the contract's {@code slowburn.dlq}),
 * with the producer settings of {@link KafkaRecordSink} ({@code acks=all}, idempotent): {@link #write} returns once
 * the broker has every letter.
 */
public final class KafkaDeadLetterSink implements DeadLetterSink {

    private final Producer<String, byte[]> producer;
    private final String topic;

    /** @param overrides extra producer settings (security, ...), as for {@link KafkaRecordSink} */
    public KafkaDeadLetterSink(String bootstrapServers, String topic, Map<String, Object> overrides) {
        Map<String, Object> config = KafkaRecordSink.producerConfig(bootstrapServers, overrides);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "slowburn-ingest-dlq");
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        this.topic = Objects.requireNonNull(topic, "topic");
    }

    @Override
    public void write(List<DeadLetter> letters) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(letters.size());
        for (DeadLetter letter : letters) {
            acks.add(producer.send(new ProducerRecord<>(topic, letter.key(), letter.toBytes())));
        }
        producer.flush();
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("dead letter not written to '" + topic + "': " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing dead letters to '" + topic + "'", e);
            }
        }
    }

    @Override
    public String target() {
        return topic;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
