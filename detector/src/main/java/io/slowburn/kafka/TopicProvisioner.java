package io.slowburn.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates topics idempotently: existing topics are left as they are and reported as such. */
public final class TopicProvisioner {

    /** What happened to one topic. */
    public record Outcome(String topic, boolean created) {
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
        for (TopicSpec spec : specs) {
            if (existing.contains(spec.name())) {
                outcomes.add(new Outcome(spec.name(), false));
            } else {
                missing.add(new NewTopic(spec.name(), Optional.of(spec.partitions()), replicationFactor).configs(spec.configs()));
            }
        }
        var results = admin.createTopics(missing).values();
        for (NewTopic t : missing) {
            try {
                results.get(t.name()).get(30, TimeUnit.SECONDS);
                outcomes.add(new Outcome(t.name(), true));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                // Created concurrently by another instance: that is fine.
                outcomes.add(new Outcome(t.name(), false));
            }
        }
        return outcomes;
    }
}
