package io.slowburn.report;

import io.slowburn.analysis.Durations;
import io.slowburn.model.Event;
import io.slowburn.model.MetricSample;
import io.slowburn.rules.Rule;
import io.slowburn.rules.RuleSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one incident's panel draws and therefore which telemetry it needs: the kind of plot (from the rule's analysis
 * type), the metrics or event kinds the rule reads, the sources and series of the incident, and the time range: the
 * analysis window before the condition began, to a while after it resolved.
 *
 * @param params the rule's state-shaping parameters, from {@link io.slowburn.analysis.Analysis#stateLayout()}
 *     ({@code floor}, {@code bucket}, {@code numerator}, {@code denominator}, {@code window})
 */
public record PanelPlan(Incident incident, Kind kind, Set<String> metrics, Set<String> events, Map<String, String> params,
                        long from, long to, String note) {

    /** How the panel plots the evidence. */
    public enum Kind {
        /** {@code trend_to_limit}: per-bucket floor or mean, the fitted line, its band and the forecast to the limit. */
        TREND,
        /** {@code rate_ratio}: the ratio of two counters' rates against its baseline. */
        RATIO,
        /** An event rule: the events on a lane per source and kind. */
        EVENTS,
        /** Any other metric rule: the series (a counter as its rate), with the reference levels of the evidence. */
        SERIES
    }

    /** Context shown after a resolution, and after the firing of an incident that never resolved. */
    static final long AFTER_MS = 30 * 60_000L;
    static final long OPEN_AFTER_MS = 2 * 3_600_000L;
    /** How far after its firing an incident still firing is drawn at most. */
    static final long MAX_OPEN_MS = 7 * 86_400_000L;
    static final long MIN_LOOKBACK_MS = 3_600_000L;
    static final long MAX_LOOKBACK_MS = 7 * 86_400_000L;

    /** The plan for an incident, given the rules it was raised by. */
    public static PanelPlan of(Incident incident, RuleSet rules) {
        Optional<Rule> found = rules.get(incident.rule());
        long to = incident.resolved() != null ? incident.resolved() + AFTER_MS : incident.fired() + MAX_OPEN_MS;
        if (found.isEmpty()) {
            // A rule this rule set does not have: the audit's series key still names what to draw.
            Set<String> metrics = new LinkedHashSet<>();
            for (String key : incident.keys()) {
                String[] parts = key.split("\\|", -1);
                if (parts.length == 3) {
                    metrics.add(parts[1]);
                }
            }
            long from = incident.since() - MIN_LOOKBACK_MS;
            return new PanelPlan(incident, Kind.SERIES, Set.copyOf(metrics), Set.of(), Map.of(), from, to,
                    "rule '" + incident.rule() + "' is not in the rule set given; series from the audit's keys");
        }
        Rule rule = found.get();
        Map<String, String> params = layout(rule.analysis().stateLayout());
        Kind kind;
        if (rule.selector().readsEvents()) {
            kind = Kind.EVENTS;
        } else if ("trend_to_limit".equals(rule.analysisType())) {
            kind = Kind.TREND;
        } else if ("rate_ratio".equals(rule.analysisType()) && params.containsKey("numerator") && params.containsKey("denominator")) {
            kind = Kind.RATIO;
        } else {
            kind = Kind.SERIES;
        }
        long lookback = MIN_LOOKBACK_MS;
        double windowS = incident.number("window_s");
        if (Double.isFinite(windowS)) {
            lookback = Math.max(lookback, (long) (windowS * 1000));
        }
        long window = durationMs(params.get("window"));
        if (kind != Kind.TREND && window > 0) {
            lookback = Math.max(lookback, 6 * window);
        }
        lookback = Math.min(lookback, MAX_LOOKBACK_MS);
        long anchor = Math.min(incident.since(), incident.fired());
        if (kind == Kind.TREND && Double.isFinite(windowS)) {
            anchor = incident.fired();
        }
        return new PanelPlan(incident, kind, rule.selector().metrics(), rule.selector().events(), params, anchor - lookback, to, null);
    }

    /**
     * Where the drawing columns end at first: the panel's end, or for an incident still firing a little after its
     * firing (the columns widen as later telemetry comes, up to {@link #to}).
     */
    public long drawTo() {
        return incident.resolved() != null ? to : Math.min(to, incident.fired() + OPEN_AFTER_MS);
    }

    /** Whether a sample belongs to this panel: its series (when the audit names it) or its sources, metrics and labels. */
    public boolean wants(MetricSample s) {
        if (s.ts() < from || s.ts() > to || !metrics.contains(s.metric())) {
            return false;
        }
        if (kind != Kind.RATIO && !incident.keys().isEmpty() && incident.keys().iterator().next().indexOf('|') >= 0) {
            return incident.keys().contains(s.seriesId());
        }
        if (!incident.sources().contains(s.source())) {
            return false;
        }
        for (Map.Entry<String, String> e : incident.labels().entrySet()) {
            if (!e.getValue().equals(s.labels().get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Whether an event belongs to this panel. */
    public boolean wants(Event e) {
        return e.ts() >= from && e.ts() <= to && events.contains(e.event()) && incident.sources().contains(e.source());
    }

    /** {@code a=1,b=x} (the stateLayout form) as a map; pieces without '=' are skipped. */
    static Map<String, String> layout(String layout) {
        Map<String, String> m = new HashMap<>();
        if (layout == null) {
            return m;
        }
        for (String piece : layout.split(",")) {
            int eq = piece.indexOf('=');
            if (eq > 0) {
                m.put(piece.substring(0, eq).trim(), piece.substring(eq + 1).trim());
            }
        }
        return m;
    }

    /** {@code 5m}, {@code 2h}, {@code 1d}, {@code 30s}, {@code 250ms} in milliseconds; 0 when absent or unreadable. */
    static long durationMs(String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        try {
            return Durations.parse(text).toMillis();
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
