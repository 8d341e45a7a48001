package io.slowburn.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A topic as slowburn wants it created: name, partitions and the configs that fit its role. */
public record TopicSpec(String name, int partitions, Map<String, String> configs) {

    private static final long DAY_MS = Duration.ofDays(1).toMillis();

    public TopicSpec {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions + " for '" + name + "'");
        }
        configs = Map.copyOf(configs);
    }

    /**
     * The contract topics. Telemetry and outputs get {@code partitions}; the two registries are compacted (the
     * latest declaration or rule per key is what counts) and have one partition, read whole by every instance.
     */
    public static List<TopicSpec> contract(TopicNames names, int partitions) {
        return List.of(
                new TopicSpec(names.metrics(), partitions, deleteAfter(7 * DAY_MS)),
                new TopicSpec(names.events(), partitions, deleteAfter(7 * DAY_MS)),
                new TopicSpec(names.experiments(), 1, compacted()),
                new TopicSpec(names.rules(), 1, compacted()),
                new TopicSpec(names.alerts(), partitions, deleteAfter(90 * DAY_MS)),
                new TopicSpec(names.control(), partitions, deleteAfter(30 * DAY_MS)),
                new TopicSpec(names.audit(), partitions, deleteAfter(365 * DAY_MS)),
                new TopicSpec(names.dlq(), partitions, deleteAfter(30 * DAY_MS)));
    }

    private static Map<String, String> deleteAfter(long retentionMs) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("cleanup.policy", "delete");
        c.put("retention.ms", Long.toString(retentionMs));
        return c;
    }

    private static Map<String, String> compacted() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("cleanup.policy", "compact");
        // Keep a replaced declaration readable for a day so that the audit trail can be checked against it.
        c.put("min.compaction.lag.ms", Long.toString(DAY_MS));
        return c;
    }
}
