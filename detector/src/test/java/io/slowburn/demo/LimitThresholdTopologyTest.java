package io.slowburn.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.kafka.TopicNames;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

class LimitThresholdTopologyTest {

    private static final long T0 = 1_772_409_600_000L;

    @Test
    void shouldAlertAtTheThresholdAndNotJustBelowItAndSkipMalformedRecords() {
        TopicNames topics = TopicNames.defaults();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try (TopologyTestDriver driver = new TopologyTestDriver(LimitThresholdTopology.build(topics, 0.9), props)) {
            var in = driver.createInputTopic(topics.metrics(), new StringSerializer(), new ByteArraySerializer());
            var out = driver.createOutputTopic(topics.alerts(), new StringDeserializer(), new ByteArrayDeserializer());
            in.pipeInput("k", json(T0, 899.999));
            in.pipeInput("k", "{not json".getBytes(StandardCharsets.UTF_8));
            in.pipeInput("k", json(T0 + 1, 900));

            var alerts = out.readKeyValuesToList();
            assertThat(alerts).hasSize(1);
            assertThat(new String(alerts.get(0).value, StandardCharsets.UTF_8))
                    .contains("\"ts\":" + (T0 + 1), "\"status\":\"firing\"", "\"signal\":\"fd_exhaustion\"");
        }
    }

    private static byte[] json(long ts, double value) {
        return ("{\"ts\":" + ts + ",\"source\":\"h\",\"metric\":\"os.fd.open\",\"value\":" + value + ",\"limit\":1000}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
