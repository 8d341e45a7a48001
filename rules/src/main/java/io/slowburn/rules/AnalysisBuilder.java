package io.slowburn.rules;

import io.slowburn.analysis.Analysis;
import io.slowburn.rules.yaml.YamlFields;
import io.slowburn.rules.yaml.YamlNodes;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/**
 * Builds a rule's {@code analysis:} with the registry: the type must be registered, and the analysis reads its own
 * parameters from {@link YamlParameters}, which reports wrong values, unknown keys (with the closest known one) and
 * state that would grow past the bound.
 */
final class AnalysisBuilder {

    /** A built analysis and its type. */
    record Built(String type, Analysis analysis) {
    }

    private final AnalysisRegistry registry;

    AnalysisBuilder(AnalysisRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** The rule's analysis, or {@code null} when it has a problem (each is reported). */
    Built build(YamlFields rule, List<RuleProblem> problems) {
        String file = rule.file();
        NodeTuple entry = rule.entry("analysis");
        if (entry == null || YamlNodes.isNull(entry.getValueNode())) {
            rule.problem(entry == null ? rule.node() : entry.getKeyNode(), "missing required key 'analysis'",
                "analysis: {type: TYPE, ...parameters}; types: " + String.join(", ", registry.types()));
            return null;
        }
        if (!(entry.getValueNode() instanceof MappingNode node)) {
            rule.problem(entry.getValueNode(), "'analysis' must be a mapping with a 'type', got " + YamlNodes.kind(entry.getValueNode()),
                null);
            return null;
        }
        NodeTuple typeEntry = null;
        for (NodeTuple t : node.getValue()) {
            if ("type".equals(YamlNodes.scalarText(t.getKeyNode()))) {
                typeEntry = t;
                break;
            }
        }
        if (typeEntry == null) {
            rule.problem(node, "missing required key 'type' in analysis", "types: " + String.join(", ", registry.types()));
            return null;
        }
        String type = YamlNodes.scalarText(typeEntry.getValueNode());
        if (type == null || !registry.contains(type)) {
            rule.problem(typeEntry.getValueNode(), "unknown analysis type " + (type == null ? YamlNodes.kind(typeEntry.getValueNode())
                : "'" + type + "'") + "; allowed: " + String.join(", ", registry.types()), Suggest.didYouMean(type, registry.types()));
            return null;
        }
        YamlParameters params = new YamlParameters(file, type, node, Set.of("type"), problems);
        Analysis analysis;
        try {
            analysis = registry.create(type, params);
        } catch (RuntimeException ex) {
            rule.problem(node, "analysis " + type + " rejected its parameters: " + ex.getMessage(), null);
            return null;
        }
        params.reportUnread();
        params.reportStateSize();
        if (analysis == null) {
            rule.problem(node, "analysis " + type + " could not be built", null);
            return null;
        }
        return new Built(type, analysis);
    }
}
