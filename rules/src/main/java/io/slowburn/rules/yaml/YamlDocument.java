package io.slowburn.rules.yaml;

import io.slowburn.rules.RuleProblem;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads YAML text into nodes, the one way every slowburn file is read (rules, rule tests, scenarios, mappings): nodes
 * keep their line and column for problems; the JSON schema of YAML 1.2 types the scalars (see {@link YamlNodes});
 * repeated keys are let through here so that {@link YamlNodes#entries} reports both places. A file is untrusted: at
 * most {@value #MAX_ALIASES} aliases to collections (a "billion laughs" document is refused, not expanded) and
 * {@value #MAX_CODE_POINTS} characters; a syntax error is a problem in plain words ({@link YamlSyntax}).
 */
public final class YamlDocument {

    /** Aliases to mappings or lists a document may use; each can double the expanded size. */
    public static final int MAX_ALIASES = 50;
    /** Characters a document may have (3 Mi, snakeyaml-engine's default, made explicit). */
    public static final int MAX_CODE_POINTS = 3 * 1024 * 1024;

    private YamlDocument() {
    }

    /**
     * The root node of {@code text}; empty when the text holds no document (nothing is reported then) or is not valid
     * YAML (the problem is reported).
     *
     * @param file what problems call the text
     */
    public static Optional<Node> compose(String file, String text, Consumer<RuleProblem> report) {
        try {
            return new Compose(settings(file)).composeReader(new StringReader(text));
        } catch (MarkedYamlEngineException e) {
            report.accept(YamlSyntax.problem(file, e));
        } catch (YamlEngineException e) {
            report.accept(YamlSyntax.problem(file, e));
        }
        return Optional.empty();
    }

    /**
     * The root nodes of every document of a multi-document text ({@code ---} between them), empty documents left out;
     * a syntax error is reported and ends the list (documents before it are returned).
     */
    public static List<Node> composeAll(String file, String text, Consumer<RuleProblem> report) {
        List<Node> out = new ArrayList<>();
        try {
            for (Node n : new Compose(settings(file)).composeAllFromReader(new StringReader(text))) {
                if (n != null && !YamlNodes.isNull(n)) {
                    out.add(n);
                }
            }
        } catch (MarkedYamlEngineException e) {
            report.accept(YamlSyntax.problem(file, e));
        } catch (YamlEngineException e) {
            report.accept(YamlSyntax.problem(file, e));
        }
        return out;
    }

    private static LoadSettings settings(String file) {
        return LoadSettings.builder().setLabel(file).setAllowDuplicateKeys(true)
            .setMaxAliasesForCollections(MAX_ALIASES).setCodePointLimit(MAX_CODE_POINTS).build();
    }
}
