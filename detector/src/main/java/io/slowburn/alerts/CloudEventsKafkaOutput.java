package io.slowburn.alerts;

import io.cloudevents.kafka.KafkaMessageFactory;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * CloudEvents 1.0 to a Kafka topic in the CloudEvents Kafka binding's binary mode, written by the SDK
 * ({@code KafkaMessageFactory}): the attributes are {@code ce_*} headers, {@code content-type} is
 * {@code application/json}, the value is the alert JSON and the key is the alert id (so one alert's transitions stay in
 * order on one partition). Idempotent producer, {@code acks=all}; the send is awaited, so an alert counts as delivered
 * only once the broker has it. A retriable error (broker away, leader moving, timeout) asks for a retry; any other
 * (record too large, no permission, an invalid topic) is a refusal. A missing topic is
 * waited for ({@code max.block.ms}) and retried: create it before forwarding.
 */
public final class CloudEventsKafkaOutput implements AlertOutput {

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final URI source;
    private final Duration timeout;

    public CloudEventsKafkaOutput(Producer<String, byte[]> producer, String topic, URI source, Duration timeout) {
        this.producer = producer;
        this.topic = topic;
        this.source = source;
        this.timeout = timeout;
    }

    /** A producer for this output; {@code extra} (e.g. security settings) is applied last. */
    public static Producer<String, byte[]> producer(String bootstrapServers, Map<String, Object> extra) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "slowburn-alerts-forward-cloudevents");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.putAll(extra);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public String name() {
        return "cloudevents-kafka";
    }

    @Override
    public String target() {
        return "kafka:" + topic;
    }

    @Override
    public Delivery deliver(StableAlert alert) {
        ProducerRecord<String, byte[]> record = KafkaMessageFactory.<String>createWriter(topic, alert.id())
                .writeBinary(AlertCloudEvents.of(alert, source));
        try {
            producer.send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return Delivery.ok();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return cause instanceof RetriableException ? Delivery.retry(topic + ": " + cause) : Delivery.rejected(topic + ": " + cause);
        } catch (TimeoutException e) {
            return Delivery.retry(topic + ": no acknowledgement within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Delivery.retry("interrupted");
        } catch (KafkaException e) {
            return e instanceof RetriableException ? Delivery.retry(topic + ": " + e) : Delivery.rejected(topic + ": " + e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
