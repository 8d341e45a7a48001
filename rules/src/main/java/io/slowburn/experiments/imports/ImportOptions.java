package io.slowburn.experiments.imports;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the command line adds to a document that does not say it all.
 *
 * @param id the declaration id; {@code null}: derived from the document's name and the window start
 * @param start window start when the document has none (Chaos Mesh and Litmus resources, a Chaos Toolkit experiment
 *              without a journal); {@code null}: the resource's {@code metadata.creationTimestamp} or a journal's start
 * @param end window end; {@code null}: start plus the document's duration, or plus {@code duration}
 * @param duration window length when the document has none; {@code null}: none
 * @param sources scope sources to use instead of those the selectors name (pods, nodes) or {@code *}; empty: derived
 * @param namespaceLabel the telemetry label that carries the Kubernetes namespace ({@code namespace} by default)
 * @param selectorLabels whether label selectors become scope labels (off: only {@code sources} limit the scope)
 * @param maxSources {@code blast_radius.max_sources} when the document's mode does not fix it; {@code null}: 1
 * @param allowUnmapped whether a fault that maps to nothing is listed in {@code unmapped} instead of failing the import
 */
public record ImportOptions(String id, Instant start, Instant end, Duration duration, List<String> sources,
                            String namespaceLabel, boolean selectorLabels, Integer maxSources, boolean allowUnmapped) {

    public static final String DEFAULT_NAMESPACE_LABEL = "namespace";

    public ImportOptions {
        sources = sources == null ? List.of() : List.copyOf(sources);
        namespaceLabel = namespaceLabel == null || namespaceLabel.isBlank() ? DEFAULT_NAMESPACE_LABEL : namespaceLabel;
        if (maxSources != null && maxSources < 1) {
            throw new IllegalArgumentException("--max-sources must be at least 1, got " + maxSources);
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException("--duration must be positive, got " + duration);
        }
    }

    /** No overrides: everything from the document. */
    public static ImportOptions defaults() {
        return new ImportOptions(null, null, null, null, List.of(), DEFAULT_NAMESPACE_LABEL, true, null, false);
    }

    public ImportOptions withStart(Instant s) {
        return new ImportOptions(id, s, end, duration, sources, namespaceLabel, selectorLabels, maxSources, allowUnmapped);
    }

    public ImportOptions withAllowUnmapped(boolean allow) {
        return new ImportOptions(id, start, end, duration, sources, namespaceLabel, selectorLabels, maxSources, allow);
    }
}
