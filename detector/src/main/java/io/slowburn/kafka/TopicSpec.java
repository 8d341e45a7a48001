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
     *
     * <p>Telemetry and outputs are deleted by age, and Kafka measures age by the record timestamp, which producers set
     * to the event time. A replay of last month's telemetry (or the alerts it raises) would then be older than
     * {@code retention.ms} the moment it is written, and the broker's next retention check (30 s after it starts, then
     * every {@code log.retention.check.interval.ms}) would delete it before the detector had read it: the detector,
     * finding its position gone, would skip to the end. So these topics stamp records with the time they were appended,
     * and retention counts from arrival. Nothing is lost: the detector reads event time from the record's {@code ts},
     * never from the Kafka timestamp, and orders its input by it ({@code EventTimeExtractor}). The registries keep
     * the producer's timestamp (a declaration's {@code ts} defaults to it) and are never deleted by age.
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
        c.put("message.timestamp.type", "LogAppendTime");
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
