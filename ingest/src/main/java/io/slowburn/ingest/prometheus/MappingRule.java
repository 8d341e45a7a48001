package io.slowburn.ingest.prometheus;

import io.slowburn.model.MetricType;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One entry of a mapping file: samples that {@code match} become {@code metric}. The selector's {@code =} labels are
 * removed from the output (they are now part of the name, as {@code quantile="0.99"} is in {@code app.latency.p99})
 * unless {@code keepLabels}; regex and negative matchers keep their labels.
 *
 * @param type overrides the type derived from the family; {@code null} keeps it
 * @param limit a fixed capacity, or {@code null}
 * @param limitFrom a selector whose samples of the same batch (same labels but those it names, else unlabelled ones)
 *                  sum to the limit ({@code process_max_fds} for {@code process_open_fds}); {@code null} for none
 * @param setLabels labels added to (or replacing in) the output ({@code area: heap})
 * @param renameLabels label names changed in the output ({@code name: queue})
 * @param dropLabels labels removed from the output (the pool of a heap that is summed over its pools)
 * @param add selectors looked up as {@code limitFrom} and added to the value (MemFree + Buffers + Cached)
 * @param fromLimit the sample counts what is free: the published value is {@code limit - value}
 * @param scale multiplies value and limit (0.001 for milliseconds to seconds)
 * @param sum outputs of sum rules that land on the same series in one batch are summed (values, and positive limits)
 * @param unless the rule applies only to batches without a sample matching this selector (a fallback); or {@code null}
 * @param continueMatching later rules are tried too (one sample feeds {@code app.errors} and {@code app.requests})
 */
record MappingRule(Selector match, String metric, MetricType type, Double limit, Selector limitFrom, String unit,
                   boolean keepLabels, Map<String, String> setLabels, Map<String, String> renameLabels, Set<String> dropLabels,
                   List<Selector> add, boolean fromLimit, double scale, boolean sum, Selector unless, boolean continueMatching) {

    MappingRule {
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(metric, "metric");
        setLabels = Map.copyOf(setLabels);
        renameLabels = Map.copyOf(renameLabels);
        dropLabels = Set.copyOf(dropLabels);
        add = List.copyOf(add);
    }

    /** A plain rename (tests and code that build rules directly). */
    static MappingRule rename(String match, String metric) {
        return new MappingRule(Selector.parse(match), metric, null, null, null, null, false, Map.of(), Map.of(), Set.of(), List.of(),
                false, 1.0, false, null, false);
    }

    boolean matches(PromSample s) {
        return match.matches(s);
    }

    /** Whether an output label of the sample survives this rule. */
    boolean keepsLabel(String name) {
        if (dropLabels.contains(name)) {
            return false;
        }
        return keepLabels || !match.equalityLabels().contains(name);
    }
}
