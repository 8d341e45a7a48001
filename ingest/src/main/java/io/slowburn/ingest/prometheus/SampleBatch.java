package io.slowburn.ingest.prometheus;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The samples of one scrape (or one OpenTelemetry resource), indexed by name, for the lookups of {@code limit_from},
 * {@code add} and {@code unless}.
 */
final class SampleBatch {

    private final Map<String, List<PromSample>> byName = new HashMap<>();

    SampleBatch(List<PromSample> samples) {
        for (PromSample s : samples) {
            byName.computeIfAbsent(s.name(), n -> new java.util.ArrayList<>()).add(s);
        }
    }

    boolean any(Selector selector) {
        return byName.getOrDefault(selector.name(), List.of()).stream().anyMatch(selector::matches);
    }

    /**
     * The sum of the samples that match {@code selector} and carry the same labels as {@code of}, not counting the labels
     * the selector names ({@code jvm_memory_max_bytes} of the same pool; {@code system.memory.usage{state=~"used|free"}}
     * of the same host, whatever {@code of}'s own {@code state}). When there are none, the sum of those with no other
     * labels at all ({@code process_max_fds}). {@code null} when neither exists.
     */
    Double lookup(Selector selector, PromSample of) {
        List<PromSample> candidates = byName.getOrDefault(selector.name(), List.of());
        Map<String, String> wanted = without(of.labels(), selector);
        double same = 0;
        boolean found = false;
        for (PromSample c : candidates) {
            if (selector.matches(c) && without(c.labels(), selector).equals(wanted)) {
                same += c.value();
                found = true;
            }
        }
        if (found) {
            return same;
        }
        double bare = 0;
        for (PromSample c : candidates) {
            if (selector.matches(c) && without(c.labels(), selector).isEmpty()) {
                bare += c.value();
                found = true;
            }
        }
        return found ? bare : null;
    }

    private static Map<String, String> without(Map<String, String> labels, Selector selector) {
        Map<String, String> out = new TreeMap<>(labels);
        out.keySet().removeAll(selector.labelNames());
        return out;
    }
}
