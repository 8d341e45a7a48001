package io.slowburn.cli;

import io.slowburn.detector.audit.AuditVerifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads the audit topic for {@code audit verify}: every partition, committed records only, up to its end offset now. */
final class AuditTopic {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private AuditTopic() {
    }

    static List<AuditVerifier.Entry> readAll(KafkaConnection kafka, String topic) {
        String bootstrapServers = kafka.bootstrapServers();
        Map<String, Object> p = kafka.clientConfig(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
        List<AuditVerifier.Entry> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            var infos = c.partitionsFor(topic, TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                throw new ExitCodes.BadInputException("topic " + topic + " does not exist on " + bootstrapServers);
            }
            List<TopicPartition> parts = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            // For a read_committed consumer the end offset is the last stable offset: nothing of an open transaction.
            Map<TopicPartition, Long> end = c.endOffsets(parts, TIMEOUT);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp, TIMEOUT) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("timed out reading " + topic + " to its end offsets " + end);
                }
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition())) && r.value() != null) {
                        out.add(new AuditVerifier.Entry(r.topic() + "-" + r.partition() + "@" + r.offset(), r.value()));
                    }
                }
            }
        }
        return out;
    }
}
