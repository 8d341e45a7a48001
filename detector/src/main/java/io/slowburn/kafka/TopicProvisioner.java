package io.slowburn.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates topics idempotently. Existing topics are left as they are and reported as such, with the settings that
 * differ from what slowburn needs of them (see {@link #CHECKED}): changing a topic's configuration is the operator's
 * call, but they should know.
 */
public final class TopicProvisioner {

    /**
     * The settings whose difference changes what slowburn does with a topic: a registry that is not compacted loses
     * declarations; telemetry stamped with its event time is deleted by retention before it is read when it is a
     * replay older than {@code retention.ms} (see {@link TopicSpec#contract}).
     */
    static final Set<String> CHECKED = Set.of("cleanup.policy", "message.timestamp.type");

    /**
     * What happened to one topic.
     *
     * @param differences for a topic that existed: each checked setting that differs, as
     *     {@code name=actual (slowburn wants wanted)}; empty when it was created or matches
     */
    public record Outcome(String topic, boolean created, List<String> differences) {
        public Outcome {
            differences = List.copyOf(differences);
        }
    }

    private final Admin admin;

    public TopicProvisioner(Admin admin) {
        this.admin = admin;
    }

    /**
     * Creates each topic that does not exist yet.
     *
     * @param replicationFactor empty for the broker's default
     */
    public List<Outcome> ensure(List<TopicSpec> specs, Optional<Short> replicationFactor)
            throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        List<NewTopic> missing = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        Map<String, Config> actual = configsOf(specs.stream().map(TopicSpec::name).filter(existing::contains).toList());
        for (TopicSpec spec : specs) {
            if (existing.contains(spec.name())) {
                outcomes.add(new Outcome(spec.name(), false, differences(spec, actual.get(spec.name()))));
            } else {
                missing.add(new NewTopic(spec.name(), Optional.of(spec.partitions()), replicationFactor).configs(spec.configs()));
            }
        }
        var results = admin.createTopics(missing).values();
        for (NewTopic t : missing) {
            try {
                results.get(t.name()).get(30, TimeUnit.SECONDS);
                outcomes.add(new Outcome(t.name(), true, List.of()));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                // Created concurrently by another instance: that is fine.
                outcomes.add(new Outcome(t.name(), false, List.of()));
            }
        }
        return outcomes;
    }

    /** The configurations of existing topics, in one request. */
    private Map<String, Config> configsOf(List<String> topics) throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, Config> out = new HashMap<>();
        if (topics.isEmpty()) {
            return out;
        }
        List<ConfigResource> resources = topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS).forEach((r, c) -> out.put(r.name(), c));
        return out;
    }

    private static List<String> differences(TopicSpec spec, Config actual) {
        List<String> out = new ArrayList<>();
        for (String name : new TreeSet<>(spec.configs().keySet())) {
            ConfigEntry entry = actual == null ? null : actual.get(name);
            String wanted = spec.configs().get(name);
            if (CHECKED.contains(name) && entry != null && !wanted.equals(entry.value())) {
                out.add(name + "=" + entry.value() + " (slowburn wants " + wanted + ")");
            }
        }
        return out;
    }
}
