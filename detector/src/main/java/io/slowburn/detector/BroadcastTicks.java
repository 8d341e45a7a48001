package io.slowburn.detector;

import io.slowburn.engine.Watermarks;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Partitions the source stage's input by source (as the default partitioner would), except watermark heartbeats,
 * which go to every partition so each source-stage task learns every intake task's progress.
 */
final class BroadcastTicks implements StreamPartitioner<String, byte[]> {

    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, byte[] value, Headers headers, int numPartitions) {
        if (Watermarks.isHeartbeat(key)) {
            return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toSet()));
        }
        return Optional.of(Set.of(hash(key, numPartitions)));
    }

    /** Required by Kafka Streams until 5.0, which removes it; Kafka Streams 4.4 calls the method above. */
    @Deprecated
    @SuppressWarnings("removal")
    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, byte[] value, int numPartitions) {
        return partitions(topic, key, value, null, numPartitions);
    }

    private static int hash(String key, int numPartitions) {
        return key == null ? 0 : Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % numPartitions;
    }
}
