package io.slowburn.rules;

import io.slowburn.analysis.Analysis;
import io.slowburn.analysis.Parameters;
import io.slowburn.analysis.anomaly.AnomalyScoreAnalysis;
import io.slowburn.analysis.events.EventCountAnalysis;
import io.slowburn.analysis.events.NoveltyAnalysis;
import io.slowburn.analysis.events.StepRiseAnalysis;
import io.slowburn.analysis.fill.FillRateAnalysis;
import io.slowburn.analysis.latency.LevelShiftAnalysis;
import io.slowburn.analysis.latency.RankShiftAnalysis;
import io.slowburn.analysis.rate.GcFractionAnalysis;
import io.slowburn.analysis.rate.RateRatioAnalysis;
import io.slowburn.analysis.trend.TrendToLimitAnalysis;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Analysis type names (as written under {@code analysis: type:} in rule files) and the factories that build an
 * {@link Analysis} from a rule's parameters. Immutable: {@link #with} returns a new registry, so tests and
 * embedders can add or replace types without touching the defaults.
 */
public final class AnalysisRegistry {

    private static final Pattern TYPE_NAME = Pattern.compile("[a-z][a-z0-9_]*");

    private final Map<String, Function<Parameters, ? extends Analysis>> factories;

    private AnalysisRegistry(Map<String, Function<Parameters, ? extends Analysis>> factories) {
        this.factories = Collections.unmodifiableMap(new LinkedHashMap<>(factories));
    }

    /** A registry with no types. */
    public static AnalysisRegistry empty() {
        return new AnalysisRegistry(Map.of());
    }

    /** Every analysis type the project ships. Adding a type is adding a line here. */
    public static AnalysisRegistry defaults() {
        return empty()
            .with("event_count", EventCountAnalysis::create)
            .with("novelty", NoveltyAnalysis::create)
            .with("step_rise", StepRiseAnalysis::create)
            .with("anomaly_score", AnomalyScoreAnalysis::create)
            .with("trend_to_limit", TrendToLimitAnalysis::create)
            .with("rate_ratio", RateRatioAnalysis::create)
            .with("gc_fraction", GcFractionAnalysis::create)
            .with("rank_shift", RankShiftAnalysis::create)
            .with("level_shift", LevelShiftAnalysis::create)
            .with(FillRateAnalysis.TYPE, FillRateAnalysis::create);
    }

    /** A registry with this type added (or replaced). */
    public AnalysisRegistry with(String type, Function<Parameters, ? extends Analysis> factory) {
        Objects.requireNonNull(factory, "factory");
        if (type == null || !TYPE_NAME.matcher(type).matches()) {
            throw new IllegalArgumentException("analysis type names are [a-z][a-z0-9_]*, got '" + type + "'");
        }
        Map<String, Function<Parameters, ? extends Analysis>> copy = new LinkedHashMap<>(factories);
        copy.put(type, factory);
        return new AnalysisRegistry(copy);
    }

    public boolean contains(String type) {
        return factories.containsKey(type);
    }

    /** Registered type names, in registration order. */
    public Set<String> types() {
        return factories.keySet();
    }

    public Optional<Function<Parameters, ? extends Analysis>> factory(String type) {
        return Optional.ofNullable(factories.get(type));
    }

    /** Builds an analysis; an unknown type throws. Parameter problems are reported through {@code parameters}. */
    public Analysis create(String type, Parameters parameters) {
        Function<Parameters, ? extends Analysis> f = factories.get(type);
        if (f == null) {
            throw new IllegalArgumentException("unknown analysis type '" + type + "'; registered: " + String.join(", ", types()));
        }
        return f.apply(parameters);
    }
}
