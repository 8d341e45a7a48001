package io.slowburn.ingest.prometheus;

import io.slowburn.model.MetricType;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of a mapping file: samples named {@code name} whose labels include {@code labels} become {@code metric}.
 * The selector's labels are removed from the output (they are now part of the name, as {@code quantile="0.99"} is in
 * {@code app.latency.p99}) unless {@code keepLabels}.
 *
 * @param type overrides the type derived from the family; {@code null} keeps it
 * @param limit a fixed capacity, or {@code null}
 * @param limitFrom the name of a sample of the same scrape, with the same labels, whose value is the limit
 *                  ({@code process_max_fds} for {@code process_open_fds}); {@code null} for none
 */
record MappingRule(String name, Map<String, String> labels, String metric, MetricType type, Double limit, String limitFrom,
                   String unit, boolean keepLabels) {

    MappingRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(metric, "metric");
        labels = Map.copyOf(labels);
    }

    boolean matches(PromSample s) {
        if (!s.name().equals(name)) {
            return false;
        }
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (!e.getValue().equals(s.labels().get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
