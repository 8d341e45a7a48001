package io.slowburn.ingest.simulate;

import io.slowburn.rules.RuleProblem;
import io.slowburn.rules.yaml.YamlDocument;
import io.slowburn.rules.yaml.YamlFields;
import java.util.function.Consumer;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * How a scenario file is read: with the rules' YAML layer ({@link YamlFields}, the same dialect and the same located
 * messages) and a sink that stops at the first problem, thrown as a {@link ScenarioException} starting with
 * {@code file:line:col:}. A scenario is generated only when all of it loaded.
 */
final class ScenarioProblems {

    /** Throws the problem; a scenario stops at its first. */
    static final Consumer<RuleProblem> STOP = p -> {
        throw new ScenarioException(p.toString());
    };

    private ScenarioProblems() {
    }

    /** A whole scenario document; its root must be a mapping. */
    static YamlFields document(String file, String text) {
        Node root = YamlDocument.compose(file, text, STOP).orElseThrow(() -> new ScenarioException(file + ":1:1: the scenario is empty"));
        return mapping(file, root, "the scenario");
    }

    /** A mapping node, or a problem saying what {@code what} should have been. */
    static YamlFields mapping(String file, Node node, String what) {
        return YamlFields.mapping(file, node, what, STOP).orElseThrow();
    }

    /** A problem at a node of {@code m} (or at {@code m} itself when {@code at} is null), to throw. */
    static ScenarioException at(YamlFields m, Node at, String message) {
        return new ScenarioException((at == null ? m.where() : m.at(at)) + ": " + message);
    }
}
