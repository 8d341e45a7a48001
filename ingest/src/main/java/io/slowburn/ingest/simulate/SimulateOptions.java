package io.slowburn.ingest.simulate;

import io.slowburn.kafka.TopicNames;
import java.nio.file.Path;
import java.util.Map;

/**
 * What {@code slowburn ingest simulate} was asked to do.
 *
 * @param scenario a shipped scenario's name or a scenario file
 * @param speed {@code --speed}: event-seconds per wall-second (only when publishing to Kafka), {@code 0} or {@code max}
 *              for as fast as possible; {@code null} for the default ({@value #DEFAULT_SPEED})
 * @param output {@code --output FILE}: write JSON Lines there, unpaced (wins over Kafka)
 * @param bootstrapServers Kafka, when there is no output file
 * @param topicPrefix topic names are prefix + {@code metrics|events|experiments}; {@code null} for {@code slowburn.}
 * @param producerOverrides extra producer settings (security and the like); may be empty
 * @param truth {@code --truth FILE}: also write the scenario's truth there (JSON Lines, {@link TruthEntry}); may be null
 */
public record SimulateOptions(String scenario, String speed, Path output, String bootstrapServers, String topicPrefix,
                              Map<String, Object> producerOverrides, Path truth) {

    public static final String DEFAULT_SPEED = "3600";

    public SimulateOptions {
        producerOverrides = producerOverrides == null ? Map.of() : Map.copyOf(producerOverrides);
        topicPrefix = topicPrefix == null ? TopicNames.DEFAULT_PREFIX : topicPrefix;
    }

    public SimulateOptions(String scenario, String speed, Path output, String bootstrapServers, String topicPrefix,
                           Map<String, Object> producerOverrides) {
        this(scenario, speed, output, bootstrapServers, topicPrefix, producerOverrides, null);
    }

    public static SimulateOptions toFile(String scenario, Path output) {
        return new SimulateOptions(scenario, null, output, null, null, Map.of());
    }

    public static SimulateOptions toKafka(String scenario, String speed, String bootstrapServers) {
        return new SimulateOptions(scenario, speed, null, bootstrapServers, null, Map.of());
    }
}
