package io.slowburn.experiments.imports;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads a chaos tool's document, YAML (snakeyaml-engine, as the rule files) or JSON (Jackson, when the text starts
 * with an object), into Jackson trees, one per YAML document. Hostile input is bounded: file size, aliases, nesting
 * depth; duplicate keys are an error (a reviewer would read one value and the importer another).
 */
final class DocumentReader {

    /** Largest file read: resources and journals are kilobytes; a journal with large outputs may be a few megabytes. */
    static final long MAX_BYTES = 8L * 1024 * 1024;
    static final int MAX_DEPTH = 64;

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

    /** The non-empty documents of a text; {@code label} names it in messages. */
    static List<JsonNode> parse(String label, String text) throws ImportException {
        if (text.stripLeading().startsWith("{")) {
            return List.of(json(label, text));
        }
        LoadSettings settings = LoadSettings.builder().setLabel(label).setAllowDuplicateKeys(false)
                .setMaxAliasesForCollections(50).setCodePointLimit((int) MAX_BYTES).build();
        List<JsonNode> docs = new ArrayList<>();
        try {
            for (Object o : new Load(settings).loadAllFromString(text)) {
                if (o != null) {
                    docs.add(tree(o, 0));
                }
            }
        } catch (MarkedYamlEngineException e) {
            String where = e.getProblemMark().map(m -> " at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1)).orElse("");
            throw new ImportException(label + ": invalid YAML/JSON" + where + ": " + e.getProblem(), e);
        } catch (YamlEngineException | IllegalStateException e) {
            throw new ImportException(label + ": invalid YAML/JSON: " + e.getMessage(), e);
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

    private static JsonNode tree(Object o, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalStateException("nested more than " + MAX_DEPTH + " levels deep");
        }
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (o == null) {
            return f.nullNode();
        }
        if (o instanceof Map<?, ?> m) {
            ObjectNode n = f.objectNode();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                n.set(String.valueOf(e.getKey()), tree(e.getValue(), depth + 1));
            }
            return n;
        }
        if (o instanceof Iterable<?> l) {
            ArrayNode n = f.arrayNode();
            for (Object x : l) {
                n.add(tree(x, depth + 1));
            }
            return n;
        }
        if (o instanceof String s) {
            return f.textNode(s);
        }
        if (o instanceof Boolean b) {
            return f.booleanNode(b);
        }
        if (o instanceof Integer i) {
            return f.numberNode(i);
        }
        if (o instanceof Long l) {
            return f.numberNode(l);
        }
        if (o instanceof BigInteger b) {
            return f.numberNode(b);
        }
        if (o instanceof Double d) {
            return Double.isFinite(d) ? f.numberNode(new BigDecimal(Double.toString(d))) : f.textNode(d.toString());
        }
        return f.textNode(String.valueOf(o));
    }
}
