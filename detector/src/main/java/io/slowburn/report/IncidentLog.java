package io.slowburn.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.slowburn.alerts.AlertRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the report knows about incidents, experiments and abort commands, built from alert records, audit records and
 * experiment declarations in any order. Bounded: at most {@code maxIncidents} incidents (the oldest first seen are
 * forgotten), {@value #MAX_SOURCES_PER_INCIDENT} sources and keys each, {@value #MAX_EXPERIMENTS} experiments and
 * aborts.
 */
public final class IncidentLog {

    static final int MAX_SOURCES_PER_INCIDENT = 64;
    static final int MAX_EXPERIMENTS = 500;

    private final int maxIncidents;
    private final Map<String, Draft> drafts = new LinkedHashMap<>();
    private final Map<String, ExperimentWindow> experiments = new LinkedHashMap<>();
    private final Map<String, Boolean> authentic = new HashMap<>();
    private final List<AbortMark> aborts = new ArrayList<>();
    private long forgotten;

    public IncidentLog(int maxIncidents) {
        if (maxIncidents < 1) {
            throw new IllegalArgumentException("maxIncidents must be at least 1, got " + maxIncidents);
        }
        this.maxIncidents = maxIncidents;
    }

    /** An alert record (firing or resolved). */
    public void alert(AlertRecord a) {
        if (a.id() == null || a.source() == null) {
            return;
        }
        Draft d = draft(a.id());
        d.sources.add(a.source());
        if (a.resolved()) {
            d.resolved = a;
        } else if (d.firing == null) {
            d.firing = a;
        }
    }

    /** An audit record: verdicts give the decision and the series keys, joins the members, aborts the marks. */
    public void audit(JsonNode n) {
        String type = n.path("type").asText("");
        switch (type) {
            case "verdict", "joined", "left" -> {
                String alert = n.path("alert").asText(null);
                if (alert == null) {
                    return;
                }
                Draft d = draft(alert);
                JsonNode f = n.path("finding");
                if (f.path("source").isTextual()) {
                    add(d.sources, f.get("source").asText());
                }
                if (f.path("key").isTextual()) {
                    add(d.keys, f.get("key").asText());
                }
                // The firing verdict's decision is the one the alert was raised with; a join's only until then.
                boolean firingVerdict = "verdict".equals(type) && "firing".equals(n.path("status").asText());
                if (n.path("decision").isObject() && (d.decision == null || firingVerdict)) {
                    d.decision = n.get("decision");
                }
            }
            case "abort" -> {
                if (aborts.size() < MAX_EXPERIMENTS) {
                    aborts.add(new AbortMark(n.path("experiment").asText(""), n.path("alert").asText(""),
                            n.path("reason").asText(""), n.path("ts").asLong()));
                }
            }
            case "declaration_accepted", "declaration_unverified" -> authentic.put(n.path("experiment").asText(""),
                    n.path("authentic").asBoolean());
            default -> {
                // shadow, suppressed, rules reloads: not incidents
            }
        }
    }

    /** An experiment declaration (from the telemetry file, an experiments file or the registry topic). */
    public void experiment(JsonNode declaration) {
        ExperimentWindow w = ExperimentWindow.of(declaration);
        if (w != null && (experiments.containsKey(w.id()) || experiments.size() < MAX_EXPERIMENTS)) {
            experiments.put(w.id(), w);
        }
    }

    private Draft draft(String id) {
        Draft d = drafts.get(id);
        if (d == null) {
            d = new Draft();
            drafts.put(id, d);
            if (drafts.size() > maxIncidents) {
                Iterator<String> it = drafts.keySet().iterator();
                it.next();
                it.remove();
                forgotten++;
            }
        }
        return d;
    }

    private static void add(Set<String> set, String value) {
        if (set.size() < MAX_SOURCES_PER_INCIDENT) {
            set.add(value);
        }
    }

    /** The incidents with a firing record (a resolution alone says too little to draw), by firing time. */
    public List<Incident> incidents() {
        List<Incident> out = new ArrayList<>();
        for (Map.Entry<String, Draft> e : drafts.entrySet()) {
            Draft d = e.getValue();
            if (d.firing == null) {
                continue;
            }
            AlertRecord a = d.firing;
            JsonNode ev = a.evidence();
            long since = ev.path("since").canConvertToLong() && ev.path("since").asLong() > 0
                    ? Math.min(ev.get("since").asLong(), a.ts()) : a.ts();
            Set<String> sources = new LinkedHashSet<>();
            sources.add(a.source());
            sources.addAll(d.sources);
            out.add(new Incident(a.id(), nz(a.rule()), nz(a.signal()), nz(a.verdict()), nz(a.severity()), a.source(), a.labels(),
                    a.experiment(), since, a.ts(), d.resolved == null ? null : d.resolved.ts(), ev, a.summary(), a.containment(),
                    Collections.unmodifiableSet(sources),
                    Collections.unmodifiableSet(new LinkedHashSet<>(d.keys)), d.decision));
        }
        out.sort(Comparator.comparingLong(Incident::fired).thenComparing(Incident::id));
        return out;
    }

    public List<ExperimentWindow> experiments() {
        List<ExperimentWindow> out = new ArrayList<>();
        experiments.values().forEach(w -> out.add(w.withAuthentic(authentic.get(w.id()))));
        out.sort(Comparator.comparingLong(ExperimentWindow::start));
        return out;
    }

    public List<AbortMark> aborts() {
        return List.copyOf(aborts);
    }

    /** Incidents forgotten to keep the bound. */
    public long forgotten() {
        return forgotten;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static final class Draft {
        AlertRecord firing;
        AlertRecord resolved;
        final Set<String> sources = new LinkedHashSet<>();
        final Set<String> keys = new LinkedHashSet<>();
        JsonNode decision;
    }
}
