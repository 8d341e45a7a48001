package io.slowburn.detector.topology;

import io.slowburn.engine.Watermarks;
import io.slowburn.kafka.SourcePartitioner;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Partitions the source stage's input by source (as the default partitioner would, and as {@link SourcePartitioner}
 * places telemetry: {@link SourceRouter} keeps in the task what this would send back to it), except watermark
 * heartbeats, which go to every partition so each source stage learns every intake task's progress.
 */
final class BroadcastTicks implements StreamPartitioner<String, byte[]> {

    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, byte[] value, Headers headers, int numPartitions) {
        if (Watermarks.isHeartbeat(key)) {
            return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toSet()));
        }
        return Optional.of(Set.of(key == null ? 0 : SourcePartitioner.partitionOf(key, numPartitions)));
    }

    /** Required by Kafka Streams until 5.0, which removes it; Kafka Streams 4.4 calls the method above. */
    @Deprecated
    @SuppressWarnings("removal")
    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, byte[] value, int numPartitions) {
        return partitions(topic, key, value, null, numPartitions);
    }
}
