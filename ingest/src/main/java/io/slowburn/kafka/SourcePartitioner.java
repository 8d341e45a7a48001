package io.slowburn.kafka;

import io.slowburn.model.SeriesId;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.utils.Utils;

/**
 * The ingest adapters' producer partitioner: a record goes to the partition of its source, whichever topic it is on.
 * A metric sample's key stays its series id ({@code source|metric|labels}, as the contract fixes it), but the partition
 * is chosen by the id's source part, exactly as Kafka's default partitioner would place an event keyed by that source.
 * So all series and events of a host meet in one detector task, whose source stage then needs no repartition for them.
 * A key without a {@code |} (an event's source, an experiment's id) is partitioned as the default partitioner would.
 */
public final class SourcePartitioner implements Partitioner {

    /** The partition of {@code source} among {@code numPartitions}: murmur2 of its UTF-8 bytes, as Kafka's default. */
    public static int partitionOf(String source, int numPartitions) {
        return Utils.toPositive(Utils.murmur2(source.getBytes(StandardCharsets.UTF_8))) % numPartitions;
    }

    /** The source a record key names: a series id's source part, or the key itself when it holds no {@code |}. */
    public static String sourceOf(String key) {
        return key.indexOf('|') < 0 ? key : SeriesId.sourceOf(key);
    }

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        int partitions = cluster.partitionsForTopic(topic).size();
        if (key == null) {
            return ThreadLocalRandom.current().nextInt(partitions); // the adapters key every record; nothing to keep together
        }
        return partitionOf(sourceOf(key.toString()), partitions);
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public void close() {
    }
}
