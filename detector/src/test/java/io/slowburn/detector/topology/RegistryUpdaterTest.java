package io.slowburn.detector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The series stages keep the running experiments' {@code abort_when} conditions until the registry's version moves:
 * every change of the global store (a declaration accepted, replaced or removed) must move it, and a reader must see
 * the change at the new version.
 */
class RegistryUpdaterTest {

    private static final String REGISTRY = "registry";
    private static final String PROBE = "probe";

    /** What a stream task saw of the registry at one record: its version and its declarations. */
    private record Seen(long version, Map<String, String> declarations) {
    }

    @Test
    void shouldMoveTheVersionAtEveryChangeOfTheRegistryAndShowTheChangeAtIt() {
        List<Seen> seen = new ArrayList<>();
        StreamsBuilder builder = new StreamsBuilder();
        AtomicLong version = RegistryUpdater.addTo(builder, REGISTRY, Stores.inMemoryKeyValueStore(StoreNames.EXPERIMENT_REGISTRY));
        builder.stream(PROBE, Consumed.with(Serdes.String(), Serdes.ByteArray())).process(() -> new Processor<String, byte[], Void,
                Void>() {
            private RegistryStore registry;

            @Override
            public void init(ProcessorContext<Void, Void> context) {
                registry = new RegistryStore(context, version);
            }

            @Override
            public void process(Record<String, byte[]> record) {
                Map<String, String> text = new TreeMap<>();
                registry.all().forEach((k, v) -> text.put(k, new String(v, StandardCharsets.UTF_8)));
                seen.add(new Seen(registry.version(), text));
            }
        });
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "registry-updater-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), p)) {
            TestInputTopic<String, byte[]> registry = driver.createInputTopic(REGISTRY, new StringSerializer(), new ByteArraySerializer());
            TestInputTopic<String, byte[]> probe = driver.createInputTopic(PROBE, new StringSerializer(), new ByteArraySerializer());
            probe.pipeInput("x", new byte[0]);
            registry.pipeInput("exp-1", bytes("first"));
            probe.pipeInput("x", new byte[0]);
            probe.pipeInput("x", new byte[0]);
            registry.pipeInput("exp-1", bytes("replaced"));
            probe.pipeInput("x", new byte[0]);
            registry.pipeInput("exp-1", null);
            probe.pipeInput("x", new byte[0]);
        }
        assertThat(seen).containsExactly(
                new Seen(0, Map.of()),
                new Seen(1, Map.of("exp-1", "first")),
                new Seen(1, Map.of("exp-1", "first")),
                new Seen(2, Map.of("exp-1", "replaced")),
                new Seen(3, Map.of()));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
