package io.slowburn.rules;

import io.slowburn.analysis.Analysis;
import io.slowburn.analysis.Keying;
import io.slowburn.model.Containment;
import io.slowburn.model.Event;
import io.slowburn.model.MetricSample;
import io.slowburn.model.Observation;
import io.slowburn.model.SeriesId;
import io.slowburn.model.Severity;
import io.slowburn.model.Signal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One rule, as written in a rule file and validated: what it reads, how it analyses it, and what it says when
 * the condition holds. Immutable; the {@link Analysis} is shared by every key the rule evaluates.
 *
 * @param name unique, {@code [a-z0-9-]+}
 * @param analysisType the registry name under {@code analysis: type:}
 * @param forDuration how long the analysis' condition must hold before the rule fires ({@code for:} in the file)
 * @param resolveAfter how long the condition must be clear before a firing rule resolves
 * @param shadow evaluated and recorded, never alerted
 * @param location where the rule starts in its file
 */
public record Rule(String name, String description, Signal signal, Severity severity, List<Containment> containment,
                   Selector selector, String analysisType, Analysis analysis, Duration forDuration, Duration resolveAfter,
                   boolean enabled, boolean shadow, Location location) {

    /** Rule names: lowercase letters, digits and dashes. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    public static final Duration DEFAULT_FOR = Duration.ZERO;
    public static final Duration DEFAULT_RESOLVE_AFTER = Duration.ofMinutes(10);

    public Rule {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("rule names are [a-z0-9-]+, got '" + name + "'");
        }
        description = description == null ? "" : description;
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(severity, "severity");
        containment = containment == null ? List.of() : List.copyOf(containment);
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(analysisType, "analysisType");
        Objects.requireNonNull(analysis, "analysis");
        forDuration = forDuration == null ? DEFAULT_FOR : forDuration;
        resolveAfter = resolveAfter == null ? DEFAULT_RESOLVE_AFTER : resolveAfter;
        if (forDuration.isNegative() || resolveAfter.isNegative()) {
            throw new IllegalArgumentException("durations cannot be negative");
        }
        location = location == null ? new Location("<code>", 0, 0) : location;
    }

    public boolean matches(Observation observation) {
        return selector.matches(observation);
    }

    /**
     * The key under which this rule keeps the analysis state for an observation: the source for
     * {@link Keying#SOURCE}; the series id for {@link Keying#SERIES} (for an event, {@code source|kind|}).
     */
    public String stateKey(Observation observation) {
        if (analysis.keying() == Keying.SOURCE) {
            return observation.source();
        }
        if (observation instanceof MetricSample s) {
            return s.seriesId();
        }
        return SeriesId.of(observation.source(), ((Event) observation).event(), Map.of());
    }

    /** Whether a firing condition may raise an alert: enabled and not in shadow mode. */
    public boolean alerts() {
        return enabled && !shadow;
    }
}
