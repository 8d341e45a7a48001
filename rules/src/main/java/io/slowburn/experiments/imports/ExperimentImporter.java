package io.slowburn.experiments.imports;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code slowburn experiments import}: a chaos tool's experiment document in, an unsigned slowburn declaration out
 * (ready for {@code experiments sign}), with every field it could not carry over named. Pure: reads the files it is
 * given, decides nothing from the wall clock.
 */
public final class ExperimentImporter {

    private ExperimentImporter() {
    }

    /**
     * Imports the one experiment in {@code file}.
     *
     * @param journal a Chaos Toolkit journal of the run (its start and end are the window), or {@code null}
     * @throws ImportException naming the file and the problem: unreadable, not the tool's format, several
     *                         experiments in one file, a fault with no slowburn equivalent (unless allowed), no window
     */
    public static ImportResult importFile(ChaosTool tool, Path file, Path journal, ImportOptions options) throws ImportException {
        List<JsonNode> docs = DocumentReader.read(file);
        if (journal != null && tool != ChaosTool.CHAOSTOOLKIT) {
            throw new ImportException("--journal is for --from chaostoolkit only");
        }
        JsonNode journalDoc = null;
        if (journal != null) {
            List<JsonNode> j = DocumentReader.read(journal);
            if (j.size() != 1) {
                throw new ImportException(journal + ": a journal is one JSON document, found " + j.size());
            }
            journalDoc = j.get(0);
        }
        List<String> notes = new ArrayList<>();
        try {
            ImportResult r = switch (tool) {
                case CHAOS_MESH -> ChaosMeshImporter.importResource(only(docs, "chaos-mesh.org/", null, notes), options);
                case LITMUS -> LitmusImporter.importEngine(only(docs, "litmuschaos.io/", "ChaosEngine", notes), options);
                case CHAOSTOOLKIT -> {
                    if (docs.size() != 1) {
                        throw new ImportException("a Chaos Toolkit experiment is one document, found " + docs.size());
                    }
                    yield ChaosToolkitImporter.importExperiment(docs.get(0), journalDoc, options);
                }
            };
            notes.addAll(r.notes());
            return new ImportResult(r.declaration(), r.unmapped(), notes);
        } catch (ImportException e) {
            throw new ImportException(file + ": " + e.getMessage(), e);
        }
    }

    /** The one document of the tool's API group (and kind, when given); the others are named in the notes. */
    private static JsonNode only(List<JsonNode> docs, String group, String kind, List<String> notes) throws ImportException {
        List<JsonNode> matching = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            JsonNode d = docs.get(i);
            boolean ours = d.path("apiVersion").asText("").startsWith(group) && (kind == null || kind.equals(d.path("kind").asText()));
            if (ours) {
                matching.add(d);
            } else {
                notes.add("document " + (i + 1) + " (apiVersion '" + d.path("apiVersion").asText("") + "', kind '"
                        + d.path("kind").asText("") + "') is not imported: not a " + (kind == null ? group : kind));
            }
        }
        if (matching.size() == 1) {
            return matching.get(0);
        }
        if (matching.isEmpty()) {
            if (docs.size() == 1) {
                return docs.get(0); // the importer says precisely what it expected
            }
            throw new ImportException("no " + (kind == null ? group + " resource" : kind) + " among its " + docs.size() + " documents");
        }
        throw new ImportException(matching.size() + " experiments in one file: import them one at a time (each is its own "
                + "declaration, with its own scope and window)");
    }

    /** A time given on the command line: ISO-8601 ({@code 2026-12-02T10:00:00Z}) or epoch milliseconds. */
    public static Instant parseTime(String text) {
        String s = text == null ? "" : text.strip();
        if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
            return Instant.ofEpochMilli(Long.parseLong(s));
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time: ISO-8601 such as 2026-12-02T10:00:00Z, or epoch "
                    + "milliseconds", e);
        }
    }
}
