package io.slowburn.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.ingest.publish.KafkaRecordSink;
import io.slowburn.model.SeriesId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

class SourcePartitionerTest {

    private static final int PARTITIONS = 6;

    private static Cluster cluster(String topic) {
        Node node = new Node(1, "localhost", 9092);
        List<PartitionInfo> infos = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            infos.add(new PartitionInfo(topic, p, node, new Node[] {node}, new Node[] {node}));
        }
        return new Cluster("c", List.of(node), infos, Set.of(), Set.of());
    }

    private static int defaultPartition(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    @Test
    void shouldPutEverySeriesOfAHostOnThePartitionItsEventsGoTo() {
        SourcePartitioner partitioner = new SourcePartitioner();
        Cluster metrics = cluster("slowburn.metrics");
        Set<Integer> seen = new TreeSet<>();
        for (String host : List.of("host-1", "host-2", "host-3", "host-17", "db\\primary")) {
            int events = defaultPartition(host); // events are keyed by source: Kafka's default partitioner places them
            for (String metric : List.of("app.retries", "app.requests", "os.memory.used")) {
                String series = SeriesId.of(host, metric, Map.of("service", "checkout"));
                assertThat(partitioner.partition("slowburn.metrics", series, null, null, null, metrics))
                        .as(series).isEqualTo(events);
            }
            seen.add(events);
        }
        assertThat(seen).as("the hosts spread over more than one partition").hasSizeGreaterThan(1);
    }

    @Test
    void shouldPartitionAKeyWithoutSeparatorAsTheDefaultPartitionerWould() {
        SourcePartitioner partitioner = new SourcePartitioner();
        for (String key : List.of("host-4", "exp-42", "a\\b")) {
            assertThat(partitioner.partition("slowburn.events", key, null, null, null, cluster("slowburn.events")))
                    .isEqualTo(defaultPartition(key));
        }
    }

    @Test
    void shouldReadTheEscapedSourceOfASeriesId() {
        assertThat(SourcePartitioner.sourceOf(SeriesId.of("we\\ird", "m", Map.of()))).isEqualTo("we\\ird");
        assertThat(SourcePartitioner.sourceOf("host-4")).isEqualTo("host-4");
    }

    @Test
    void shouldBeTheAdaptersPartitioner() {
        assertThat(KafkaRecordSink.producerConfig("localhost:9092", Map.of()).get(ProducerConfig.PARTITIONER_CLASS_CONFIG))
                .isEqualTo(SourcePartitioner.class.getName());
    }
}
