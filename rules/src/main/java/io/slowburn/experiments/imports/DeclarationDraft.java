package io.slowburn.experiments.imports;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slowburn.model.Fault;
import io.slowburn.model.InvalidRecordException;
import io.slowburn.verdict.DeclarationParser;
import io.slowburn.verdict.ExperimentDeclaration;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A declaration being assembled from a chaos tool's document: the importers say what they read (faults, scope,
 * window, blast radius) and which fields they used; {@link #build} checks what the contract requires, accounts for
 * every field of the document through the {@link FieldLedger}, and returns a declaration the parser accepts.
 */
final class DeclarationDraft {

    /** Most unmapped entries written into the declaration (all of them are printed); keeps it under the record limit. */
    static final int MAX_UNMAPPED_IN_DECLARATION = 100;
    /** Window given to a one-shot action (a kill) that has no duration: the effects it sanctions follow within the grace. */
    static final Duration ONE_SHOT_WINDOW = Duration.ofMinutes(1);

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final ChaosTool tool;
    private final ImportOptions options;
    private final FieldLedger ledger;
    private final Map<Fault, String> faults = new EnumMap<>(Fault.class);
    private final List<String> unmappableFaults = new ArrayList<>();
    private final Set<String> sources = new LinkedHashSet<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Set<String> conflictingLabels = new LinkedHashSet<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, String> importedFrom = new LinkedHashMap<>();
    private String name = "experiment";
    private String title = "";
    private String hypothesis = "";
    private Instant start;
    private Instant end;
    private Integer maxSources;

    DeclarationDraft(ChaosTool tool, ImportOptions options, FieldLedger ledger) {
        this.tool = tool;
        this.options = options;
        this.ledger = ledger;
        importedFrom.put("tool", tool.wire());
    }

    FieldLedger ledger() {
        return ledger;
    }

    ImportOptions options() {
        return options;
    }

    void note(String note) {
        notes.add(note);
    }

    /** The document's own name (for the id) and what it is, recorded in {@code imported_from}. */
    void origin(String kind, String docName, String namespace) {
        if (kind != null) {
            importedFrom.put("kind", kind);
        }
        if (docName != null && !docName.isBlank()) {
            name = docName;
            importedFrom.put("name", docName);
        }
        if (namespace != null && !namespace.isBlank()) {
            importedFrom.put("namespace", namespace);
        }
    }

    void title(String t) {
        title = t == null ? "" : t;
    }

    void hypothesis(String h) {
        hypothesis = h == null ? "" : h;
    }

    /** A fault the document injects, read at {@code path}. */
    void fault(Fault fault, String path) {
        faults.putIfAbsent(fault, path);
    }

    /** A fault the document injects that slowburn cannot declare. An error at {@link #build} unless unmapped faults are allowed. */
    void unmappableFault(String path, String why) {
        unmappableFaults.add(path + ": " + why);
        ledger.unmapped(path, "fault not declarable: " + why);
    }

    /** A source (pod or node name) the selectors name. */
    void source(String s) {
        sources.add(s);
    }

    /**
     * A scope label. A scope holds one value per label: a second, different value for the same key (two selectors that
     * disagree) removes the label, which widens the scope, and says so in {@code unmapped}.
     */
    void label(String key, String value, String path) {
        if (!options.selectorLabels()) {
            ledger.unmapped(path, "not a scope label (--no-selector-labels)");
            return;
        }
        if (conflictingLabels.contains(key)) {
            ledger.unmapped(path, "selectors disagree on label '" + key + "': left out of the scope");
            return;
        }
        String had = labels.putIfAbsent(key, value);
        if (had != null && !had.equals(value)) {
            labels.remove(key);
            conflictingLabels.add(key);
            ledger.unmapped(path, "selectors disagree on label '" + key + "' ('" + had + "' and '" + value
                    + "'): a scope holds one value per label, so it is left out (the scope is wider than the selectors)");
            return;
        }
        ledger.use(path);
    }

    /** The namespace as a scope label (under the configured label name). */
    void namespace(String ns, String path) {
        label(options.namespaceLabel(), ns, path);
    }

    /** {@code blast_radius.max_sources} as the document fixes it (mode one, a count, a list of targets). */
    void maxSources(int n, String path) {
        if (maxSources == null) {
            maxSources = Math.max(1, n);
            ledger.use(path);
        }
    }

    /** {@code blast_radius.max_sources} as the tool's default implies it (no field to account for). */
    void maxSourcesByDefault(int n, String why) {
        if (maxSources == null) {
            maxSources = Math.max(1, n);
            note("blast_radius.max_sources " + maxSources + ": " + why);
        }
    }

    boolean hasMaxSources() {
        return maxSources != null;
    }

    /**
     * The window: {@code --start}, else {@code docStart}; {@code --end}, else start plus the document's duration, else
     * plus {@code --duration}, else plus {@code oneShot} when the action is instantaneous.
     */
    void window(Instant docStart, String startWhat, Duration docDuration, String durationWhat, Duration oneShot)
            throws ImportException {
        if (options.start() != null) {
            start = options.start();
            if (docStart != null) {
                note("window start " + start + " from --start (the document says " + docStart + " in " + startWhat + ")");
            }
        } else if (docStart != null) {
            start = docStart;
            note("window start " + start + " from " + startWhat);
        } else {
            throw new ImportException("the " + tool.wire() + " document says nothing of when it runs: give --start "
                    + "(ISO-8601 such as 2026-12-02T10:00:00Z, or epoch milliseconds)");
        }
        if (options.end() != null) {
            end = options.end();
            note("window end " + end + " from --end");
        } else if (docDuration != null) {
            end = start.plus(docDuration);
            note("window end " + end + ": start + " + docDuration + " (" + durationWhat + ")");
        } else if (options.duration() != null) {
            end = start.plus(options.duration());
            note("window end " + end + ": start + " + options.duration() + " (--duration)");
        } else if (oneShot != null) {
            end = start.plus(oneShot);
            note("window end " + end + ": start + " + oneShot + " (a one-shot action with no duration; the effects it "
                    + "sanctions must begin within the window plus the recovery grace)");
        } else {
            throw new ImportException("the " + tool.wire() + " document gives no duration (" + durationWhat
                    + "): give --duration or --end");
        }
    }

    /** Assembles, validates and returns the declaration; fails when the contract's requirements are not met. */
    ImportResult build() throws ImportException {
        if (!unmappableFaults.isEmpty() && !options.allowUnmapped()) {
            throw new ImportException("cannot map " + unmappableFaults.size() + " fault(s) to a slowburn fault: "
                    + String.join("; ", unmappableFaults) + " (--allow-unmapped imports the rest and lists these as unmapped)");
        }
        if (faults.isEmpty()) {
            throw new ImportException("no fault slowburn can declare"
                    + (unmappableFaults.isEmpty() ? " (the document injects nothing)" : ": " + String.join("; ", unmappableFaults)));
        }
        List<String> scopeSources = scopeSources();
        if (scopeSources.equals(List.of("*")) && labels.isEmpty()) {
            throw new ImportException("the scope would cover every source (no pods, nodes or labels in the selectors"
                    + (conflictingLabels.isEmpty() ? "" : "; conflicting labels " + conflictingLabels + " left out")
                    + "): name the sources with --sources");
        }
        int radius;
        if (options.maxSources() != null) {
            radius = options.maxSources();
            note("blast_radius.max_sources " + radius + " from --max-sources");
        } else if (maxSources != null) {
            radius = maxSources;
        } else {
            radius = scopeSources.contains("*") ? 1 : scopeSources.size();
            note("blast_radius.max_sources " + radius + ": the document does not fix how many targets it hits (give "
                    + "--max-sources); effects on more sources than that are a breach");
        }
        List<String> unmapped = ledger.unmapped("not understood by the importer");
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        d.put("id", id());
        d.put("title", title);
        d.put("hypothesis", hypothesis);
        ObjectNode scope = d.putObject("scope");
        ArrayNode src = scope.putArray("sources");
        scopeSources.forEach(src::add);
        if (!labels.isEmpty()) {
            ObjectNode l = scope.putObject("labels");
            labels.forEach(l::put);
        }
        ArrayNode f = d.putArray("faults");
        faults.keySet().forEach(x -> f.add(x.wire()));
        d.put("start", start.toEpochMilli());
        d.put("end", end.toEpochMilli());
        d.putObject("blast_radius").put("max_sources", radius);
        d.putArray("abort_when");
        ObjectNode from = d.putObject("imported_from");
        importedFrom.forEach(from::put);
        ArrayNode u = d.putArray("unmapped");
        for (int i = 0; i < unmapped.size() && i < MAX_UNMAPPED_IN_DECLARATION; i++) {
            u.add(unmapped.get(i));
        }
        if (unmapped.size() > MAX_UNMAPPED_IN_DECLARATION) {
            u.add("... and " + (unmapped.size() - MAX_UNMAPPED_IN_DECLARATION) + " more (printed by the import)");
        }
        ExperimentDeclaration parsed;
        try {
            parsed = new DeclarationParser().parse(d);
        } catch (InvalidRecordException e) {
            throw new ImportException("the imported declaration is not valid: " + e.getMessage(), e);
        }
        List<String> all = new ArrayList<>();
        faults.forEach((fault, path) -> all.add("fault " + fault.wire() + " from " + path));
        all.addAll(notes);
        return new ImportResult(parsed, unmapped, all);
    }

    private List<String> scopeSources() {
        if (!options.sources().isEmpty()) {
            note("scope.sources " + options.sources() + " from --sources"
                    + (sources.isEmpty() ? "" : " (instead of " + sources + " from the selectors)"));
            return options.sources();
        }
        if (sources.isEmpty()) {
            note("scope.sources [*]: the selectors name no pod or node, so any source carrying the scope labels");
            return List.of("*");
        }
        return new ArrayList<>(sources);
    }

    private String id() {
        if (options.id() != null && !options.id().isBlank()) {
            return options.id();
        }
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > 80) {
            slug = slug.substring(0, 80);
        }
        return (slug.isEmpty() ? tool.wire() : slug) + "-" + ID_TIME.format(start);
    }
}
