package io.slowburn.ingest.simulate;

import io.slowburn.rules.yaml.YamlFields;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads a scenario file (format: {@code ingest/SCENARIOS.md}) with the rules' YAML layer and dialect
 * ({@link ScenarioProblems}). Everything is validated up front; the first problem is thrown as a {@link ScenarioException}
 * naming {@code file:line:col}, so a scenario that loads always generates.
 */
public final class ScenarioLoader {

    public static final long DEFAULT_START = 1_772_409_600_000L; // 2026-03-02T00:00:00Z
    static final Duration MAX_DURATION = Duration.ofDays(30);
    static final int MAX_HOSTS = 1_000;

    private static final List<String> TOP = List.of("name", "description", "start", "duration", "step", "seed", "hosts", "baseline",
            "incidents", "experiments");
    private static final List<String> BASELINE = List.of("service", "heap_max", "heap_floor", "memory_total", "fd_open", "fd_limit",
            "processes", "pid_max", "request_rate", "retry_ratio", "latency_p99", "gc_fraction", "queue_limit", "error_ratio", "binaries");
    private static final List<String> INCIDENT_COMMON = List.of("kind", "at", "host", "hosts", "duration", "until", "label");
    private static final List<String> LABEL = List.of("id", "kind", "verdict", "signals", "experiment");

    /**
     * Loads scenario text.
     *
     * @param file what messages call the file
     * @param baseDir where relative key paths ({@code sign_with: keys/x.key}) resolve; {@code null}: the working directory
     */
    public Scenario load(String file, String text, Path baseDir) {
        YamlFields top = ScenarioProblems.document(file, text).allowOnly(TOP);
        long start = top.has("start") ? instant(top, "start") : DEFAULT_START;
        Duration duration = top.duration("duration", Duration.ofHours(24));
        Duration step = top.duration("step", Duration.ofSeconds(30));
        if (duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
            throw ScenarioProblems.at(top, top.get("duration"), "'duration' must be positive and at most " + MAX_DURATION.toDays() + "d");
        }
        if (step.toMillis() < 1_000 || step.compareTo(Duration.ofMinutes(15)) > 0) {
            throw ScenarioProblems.at(top, top.get("step"), "'step' must be between 1s and 15m, got " + step);
        }
        long seed = top.integer("seed", 1);
        List<String> hosts = hosts(top);
        Baseline baseline = baseline(top.map("baseline", "'baseline'").orElse(null));
        long end = start + duration.toMillis();
        List<Incident> incidents = new ArrayList<>();
        for (Node n : top.list("incidents", "a list")) {
            incidents.add(incident(ScenarioProblems.mapping(file, n, "an incident"), start, end, hosts));
        }
        List<ExperimentSpec> experiments = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        ExperimentLoader loader = new ExperimentLoader(baseDir);
        for (Node n : top.list("experiments", "a list")) {
            YamlFields m = ScenarioProblems.mapping(file, n, "an experiment");
            ExperimentSpec spec = loader.load(m, start);
            if (!ids.add(spec.id())) {
                throw ScenarioProblems.at(m, m.get("id"), "duplicate experiment id '" + spec.id() + "'");
            }
            experiments.add(spec);
        }
        String name = top.text("name", file);
        return new Scenario(name, top.text("description", ""), start, duration.toMillis(), step.toMillis(), seed, hosts, baseline,
                incidents, experiments);
    }

    private static long instant(YamlFields m, String key) {
        Node n = m.require(key);
        try {
            return Quantities.instant(m.text(n, key));
        } catch (IllegalArgumentException e) {
            throw ScenarioProblems.at(m, n, "'" + key + "': " + e.getMessage());
        }
    }

    /** {@code hosts: [a, b]} or {@code hosts: {prefix: web-, count: 20}} (web-1 .. web-20). */
    private static List<String> hosts(YamlFields top) {
        Node n = top.require("hosts");
        List<String> hosts = new ArrayList<>();
        if (n instanceof org.snakeyaml.engine.v2.nodes.MappingNode) {
            YamlFields m = ScenarioProblems.mapping(top.file(), n, "'hosts'").allowOnly(List.of("prefix", "count"));
            String prefix = m.text("prefix", true);
            long count = m.integer("count", 0);
            if (count < 1 || count > MAX_HOSTS) {
                throw ScenarioProblems.at(m, m.get("count"), "'count' must be between 1 and " + MAX_HOSTS);
            }
            for (int i = 1; i <= count; i++) {
                hosts.add(prefix + i);
            }
        } else {
            hosts.addAll(top.texts("hosts"));
        }
        if (hosts.isEmpty() || hosts.size() > MAX_HOSTS) {
            throw ScenarioProblems.at(top, n, "'hosts' must name between 1 and " + MAX_HOSTS + " hosts");
        }
        Set<String> seen = new HashSet<>();
        for (String h : hosts) {
            if (!seen.add(h)) {
                throw ScenarioProblems.at(top, n, "host '" + h + "' is listed twice");
            }
            if (h.isBlank() || h.indexOf('|') >= 0) {
                throw ScenarioProblems.at(top, n, "host name '" + h + "' is empty or contains '|'");
            }
        }
        return hosts;
    }

    private static Baseline baseline(YamlFields m) {
        Baseline d = Baseline.defaults();
        if (m == null) {
            return d;
        }
        m.allowOnly(BASELINE);
        List<String> binaries = m.has("binaries") ? m.texts("binaries") : d.binaries();
        return new Baseline(m.text("service", d.service()), size(m, "heap_max", d.heapMax()), size(m, "heap_floor", d.heapFloor()),
                size(m, "memory_total", d.memoryTotal()), size(m, "fd_open", d.fdOpen()), size(m, "fd_limit", d.fdLimit()),
                size(m, "processes", d.processes()), size(m, "pid_max", d.pidMax()), size(m, "request_rate", d.requestRate()),
                size(m, "retry_ratio", d.retryRatio()), size(m, "latency_p99", d.latencyP99()), size(m, "gc_fraction", d.gcFraction()),
                size(m, "queue_limit", d.queueLimit()), m.has("error_ratio") ? size(m, "error_ratio", 1) : 0, binaries);
    }

    private static double size(YamlFields m, String key, double fallback) {
        Node n = m.get(key);
        if (n == null) {
            return fallback;
        }
        try {
            double v = Quantities.size(m.text(n, key));
            if (!(v > 0)) {
                throw new IllegalArgumentException("must be positive");
            }
            return v;
        } catch (IllegalArgumentException e) {
            throw ScenarioProblems.at(m, n, "'" + key + "': " + e.getMessage());
        }
    }

    private static Incident incident(YamlFields m, long start, long end, List<String> fleet) {
        String kindText = m.text("kind", true);
        IncidentKind kind = IncidentKind.fromWire(kindText);
        if (kind == null) {
            List<String> names = new ArrayList<>();
            for (IncidentKind k : IncidentKind.values()) {
                names.add(k.wire());
            }
            throw ScenarioProblems.at(m, m.get("kind"),
                    "unknown incident kind '" + kindText + "' (known: " + String.join(", ", names) + ")");
        }
        Set<String> allowed = new LinkedHashSet<>(INCIDENT_COMMON);
        allowed.addAll(kind.defaults().keySet());
        m.allowOnly(allowed, "a " + kind.wire() + " incident");
        long at = time(m, "at", start);
        List<String> hosts = new ArrayList<>(m.texts("host"));
        hosts.addAll(m.texts("hosts"));
        if (hosts.isEmpty()) {
            throw ScenarioProblems.at(m, m.node(), "a " + kind.wire() + " incident needs 'host' or 'hosts'");
        }
        if (hosts.size() == 1 && "all".equals(hosts.get(0))) {
            hosts = new ArrayList<>(fleet);
        }
        for (String h : hosts) {
            if (!fleet.contains(h)) {
                throw ScenarioProblems.at(m, m.has("host") ? m.get("host") : m.get("hosts"), "host '" + h + "' is not in 'hosts'");
            }
        }
        long until;
        if (m.has("until")) {
            until = time(m, "until", start);
        } else if (m.has("duration")) {
            until = at + m.duration("duration", Duration.ZERO).toMillis();
        } else {
            until = at + kind.defaultDurationMs(end - at);
        }
        if (until <= at) {
            throw ScenarioProblems.at(m, m.node(), "the incident ends (" + Quantities.offset(until - start) + ") before it starts ("
                    + Quantities.offset(at - start) + ")");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        for (Map.Entry<String, String> p : kind.defaults().entrySet()) {
            Node n = m.get(p.getKey());
            String text = n == null ? p.getValue() : m.text(n, p.getKey());
            params.put(p.getKey(), param(m, n, p.getKey(), text, p.getValue()));
        }
        checkChoice(m, params, "metric", Set.of("jvm.memory.used", "os.memory.used", "os.fd.open"));
        checkChoice(m, params, "direction", Set.of("up", "down"));
        return new Incident(kind, hosts, at, until, params, label(m.map("label", "'label'").orElse(null)));
    }

    private static void checkChoice(YamlFields m, Map<String, Object> params, String key, Set<String> allowed) {
        Object v = params.get(key);
        if (v != null && !allowed.contains(v.toString())) {
            throw ScenarioProblems.at(m, m.has(key) ? m.get(key) : m.node(), "'" + key + "' must be one of "
                    + new java.util.TreeSet<>(allowed)
                    + ", got '" + v + "'");
        }
    }

    /** {@code label: {id, kind, verdict, signals, experiment}}: the incident's truth, for scoring. */
    private static IncidentLabel label(YamlFields m) {
        if (m == null) {
            return null;
        }
        m.allowOnly(LABEL);
        try {
            return new IncidentLabel(m.text("id", true), m.text("kind", true), m.text("verdict", true), m.texts("signals"),
                    m.text("experiment", null));
        } catch (IllegalArgumentException e) {
            throw ScenarioProblems.at(m, m.node(), "'label': " + e.getMessage());
        }
    }

    /** Typed by the default's form: a duration, a number or size, or text. */
    private static Object param(YamlFields m, Node n, String key, String text, String defaultText) {
        try {
            if (defaultText.matches("[0-9]+(ms|s|m|h|d)")) {
                return "0".equals(text.trim()) ? 0L : io.slowburn.analysis.Durations.parse(text).toMillis();
            }
            if (Character.isDigit(defaultText.charAt(0))) {
                return Quantities.size(text);
            }
            return text;
        } catch (IllegalArgumentException e) {
            throw ScenarioProblems.at(m, n, "'" + key + "': " + e.getMessage());
        }
    }

    private static long time(YamlFields m, String key, long start) {
        Node n = m.require(key);
        try {
            return Quantities.time(m.text(n, key), start);
        } catch (IllegalArgumentException e) {
            throw ScenarioProblems.at(m, n, "'" + key + "': " + e.getMessage());
        }
    }
}
