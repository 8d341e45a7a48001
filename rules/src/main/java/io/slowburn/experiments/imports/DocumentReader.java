package io.slowburn.experiments.imports;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slowburn.rules.RuleProblem;
import io.slowburn.rules.yaml.YamlDocument;
import io.slowburn.rules.yaml.YamlValues;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads a chaos tool's document, YAML (the rules' YAML layer, {@link YamlDocument}, the same dialect and messages as
 * the rule files) or JSON (Jackson, when the text starts with an object), into Jackson trees, one per YAML document.
 * Hostile input is bounded: file size, aliases, nesting depth; duplicate keys are an error (a reviewer would read one
 * value and the importer another).
 */
final class DocumentReader {

    /** Largest file read: resources and journals are kilobytes; a journal with large outputs may be a few megabytes. */
    static final long MAX_BYTES = 8L * 1024 * 1024;
    static final int MAX_DEPTH = YamlValues.MAX_DEPTH;

    private static final ObjectMapper JSON = createJson();

    private DocumentReader() {
    }

    private static ObjectMapper createJson() {
        ObjectMapper m = new ObjectMapper();
        m.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        m.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        m.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build());
        return m;
    }

    /** The non-empty documents of a file. */
    static List<JsonNode> read(Path file) throws ImportException {
        String text;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new ImportException(file + ": " + size + " bytes is more than the limit of " + MAX_BYTES);
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ImportException(file + ": no such file", e);
        } catch (IOException e) {
            throw new ImportException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(file.toString(), text);
    }

    /**
     * The non-empty documents of a text; {@code label} names it in messages. YAML is read by the rules' YAML layer (its
     * one dialect, syntax errors in plain words with line and column); the first problem is the exception's message.
     */
    static List<JsonNode> parse(String label, String text) throws ImportException {
        if (text.stripLeading().startsWith("{")) {
            return List.of(json(label, text));
        }
        List<RuleProblem> problems = new ArrayList<>();
        List<JsonNode> docs = new ArrayList<>();
        for (Node root : YamlDocument.composeAll(label, text, problems::add)) {
            docs.add(YamlValues.json(label, root, problems::add));
        }
        if (!problems.isEmpty()) {
            throw new ImportException(problems.get(0).toString() + (problems.size() > 1 ? " (and " + (problems.size() - 1)
                    + " more problem(s))" : ""));
        }
        if (docs.isEmpty()) {
            throw new ImportException(label + ": empty document");
        }
        return docs;
    }

    /** JSON (a Chaos Toolkit experiment or journal) with Jackson: exact line numbers, tabs allowed, duplicate keys refused. */
    private static JsonNode json(String label, String text) throws ImportException {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new ImportException(label + ": invalid JSON" + where + ": " + e.getOriginalMessage(), e);
        }
    }
}
