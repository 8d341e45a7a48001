package io.slowburn.ingest.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A scenario's truth: every incident with the verdict it deserves and the signals that count, every benign confounder,
 * every experiment declaration. An incident's {@code label} wins; without one the truth is derived from its kind, and
 * an incident that lies in the window of a signed declaration is {@code sanctioned} when all its hosts are in scope,
 * {@code breach} when only some are.
 */
public final class ScenarioTruth {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<IncidentKind, List<String>> SIGNALS = Map.ofEntries(
            Map.entry(IncidentKind.HEAP_LEAK, List.of("memory_drift")),
            Map.entry(IncidentKind.MEMORY_LEAK, List.of("memory_drift")),
            Map.entry(IncidentKind.FD_LEAK, List.of("fd_exhaustion")),
            Map.entry(IncidentKind.PROCESS_LEAK, List.of("process_churn")),
            Map.entry(IncidentKind.QUEUE_BACKLOG, List.of("queue_growth")),
            Map.entry(IncidentKind.RETRY_STORM, List.of("retry_storm")),
            Map.entry(IncidentKind.KILL_STORM, List.of("crash_loop")),
            Map.entry(IncidentKind.FORK_BOMB, List.of("process_churn", "unexpected_exec")),
            Map.entry(IncidentKind.GC_THRASH, List.of("gc_pressure")),
            Map.entry(IncidentKind.LATENCY_DRIFT, List.of("latency_drift", "anomaly")),
            Map.entry(IncidentKind.MEMORY_RAMP, List.of("memory_drift", "anomaly")),
            Map.entry(IncidentKind.ERROR_BURST, List.of("anomaly")),
            Map.entry(IncidentKind.UNEXPECTED_EXEC, List.of("unexpected_exec")));

    private ScenarioTruth() {
    }

    /** Incidents and confounders in scenario order, then the declarations. */
    public static List<TruthEntry> of(Scenario s) {
        List<Declared> declared = s.experiments().stream().map(Declared::of).toList();
        List<TruthEntry> out = new ArrayList<>();
        int n = 0;
        for (Incident i : s.incidents()) {
            n++;
            IncidentLabel l = i.label() != null ? i.label() : derive(i, "i" + n, declared);
            String type = l.benign() ? TruthEntry.CONFOUNDER : TruthEntry.INCIDENT;
            out.add(new TruthEntry(type, l.id(), l.kind(), l.verdict(), i.hosts(), i.start(), i.end(), l.signals(), l.experiment(),
                    null));
        }
        for (Declared d : declared) {
            out.add(new TruthEntry(TruthEntry.EXPERIMENT, d.spec.id(), "declaration", null, d.scope, d.start, d.end, List.of(),
                    d.spec.id(), d.spec.authenticity()));
        }
        return out;
    }

    private static IncidentLabel derive(Incident i, String id, List<Declared> declared) {
        if (i.kind().benign()) {
            return new IncidentLabel(id, i.kind().wire(), "benign", List.of(), null);
        }
        List<String> signals = SIGNALS.getOrDefault(i.kind(), List.of("anomaly"));
        for (Declared d : declared) {
            if (!"signed".equals(d.spec.authenticity()) || i.start() < d.start || i.start() >= d.end) {
                continue;
            }
            long inScope = i.hosts().stream().filter(d.scope::contains).count();
            if (inScope == i.hosts().size()) {
                return new IncidentLabel(id, i.kind().wire(), "sanctioned", signals, d.spec.id());
            }
            if (inScope > 0) {
                return new IncidentLabel(id, i.kind().wire(), "breach", signals, d.spec.id());
            }
        }
        return new IncidentLabel(id, i.kind().wire(), "suspicious", signals, null);
    }

    /** Writes the truth as JSON Lines. */
    public static void write(List<TruthEntry> truth, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (TruthEntry e : truth) {
                    w.write(MAPPER.writeValueAsString(e.toJson(MAPPER)));
                    w.newLine();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write '" + file + "': " + e.getMessage(), e);
        }
    }

    /** Reads a truth file. */
    public static List<TruthEntry> read(Path file) throws IOException {
        List<TruthEntry> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                out.add(TruthEntry.fromJson(MAPPER.readTree(line)));
            }
        }
        return out;
    }

    /** A declaration's scope and window, as published (a tampered one as altered). */
    private record Declared(ExperimentSpec spec, List<String> scope, long start, long end) {

        static Declared of(ExperimentSpec spec) {
            try {
                JsonNode d = MAPPER.readTree(spec.json());
                List<String> scope = new ArrayList<>();
                d.path("scope").path("sources").forEach(v -> scope.add(v.asText()));
                return new Declared(spec, scope, d.path("start").asLong(), d.path("end").asLong());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
