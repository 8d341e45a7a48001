package io.slowburn.kafka;

import java.util.List;

/**
 * The names of the contract topics. Every name is configurable; by default each is the prefix {@code slowburn.}
 * followed by its role. In module {@code ingest}, the lowest one that writes to topics, so that the adapters, the
 * simulator and the detector share the one default.
 */
public record TopicNames(String metrics, String events, String experiments, String rules, String alerts,
                         String control, String audit, String dlq) {

    public static final String DEFAULT_PREFIX = "slowburn.";

    public TopicNames {
        for (String n : new String[] {metrics, events, experiments, rules, alerts, control, audit, dlq}) {
            if (n == null || n.isBlank() || !n.matches("[a-zA-Z0-9._-]{1,249}")) {
                throw new IllegalArgumentException("invalid topic name '" + n + "': use [a-zA-Z0-9._-], at most 249 characters");
            }
        }
    }

    public static TopicNames defaults() {
        return withPrefix(DEFAULT_PREFIX);
    }

    public static TopicNames withPrefix(String prefix) {
        return new TopicNames(prefix + "metrics", prefix + "events", prefix + "experiments", prefix + "rules",
                prefix + "alerts", prefix + "control", prefix + "audit", prefix + "dlq");
    }

    public List<String> all() {
        return List.of(metrics, events, experiments, rules, alerts, control, audit, dlq);
    }
}
