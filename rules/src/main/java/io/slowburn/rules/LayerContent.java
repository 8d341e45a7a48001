package io.slowburn.rules;

import io.slowburn.rules.RuleLoader.Source;
import io.slowburn.rules.yaml.YamlDocument;
import io.slowburn.rules.yaml.YamlFields;
import io.slowburn.rules.yaml.YamlNodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/**
 * What one layer's files and entries say, by section, before anything is merged: rules (by name), overrides, disables
 * and exceptions. Reading goes on after a problem, so a file's every problem is found in one pass; an override with
 * an unknown key is still merged (without that key) so the rest of it is checked too, and marked broken so the rule
 * it makes is left out.
 */
final class LayerContent {

    static final List<String> TOP_KEYS = List.of("rules", "overrides", "disable", "exceptions", "environments");
    static final List<String> ENVIRONMENT_KEYS = List.of("overrides", "disable", "exceptions");

    /** A rule mapping by name, from its file; {@code disabled} by a {@code disable:} entry; {@code broken}: left out. */
    record RuleNode(String name, String file, MappingNode node, boolean disabled, boolean broken) {
    }

    record OverrideNode(String name, Node nameNode, String file, MappingNode node, boolean broken) {
    }

    record NameRef(String name, String file, Node node) {
    }

    record ExceptionNode(String name, String file, MappingNode node) {
    }

    final List<RuleNode> rules = new ArrayList<>();
    final List<OverrideNode> overrides = new ArrayList<>();
    final List<NameRef> disables = new ArrayList<>();
    final List<ExceptionNode> exceptions = new ArrayList<>();

    private final List<RuleProblem> problems;
    private final Consumer<RuleProblem> report;
    /** Validates at once the rules that cannot take part in layering (no usable name), for their problems. */
    private final Consumer<RuleNode> unnamed;

    LayerContent(List<RuleProblem> problems, Consumer<RuleNode> unnamed) {
        this.problems = problems;
        this.report = problems::add;
        this.unnamed = unnamed;
    }

    /** A rule file: {@code rules:}, {@code overrides:}, {@code disable:}, {@code exceptions:}, {@code environments:}. */
    void file(Source source, String environment) {
        String file = source.name();
        Optional<Node> root = YamlDocument.compose(file, source.text(), report);
        if (root.isEmpty()) {
            return; // an empty file adds nothing; invalid YAML is reported
        }
        if (!(root.get() instanceof MappingNode top)) {
            problems.add(RuleProblem.at(YamlNodes.location(file, root.get()),
                "expected a mapping with a 'rules:' list at the top, got " + YamlNodes.kind(root.get()), null));
            return;
        }
        YamlFields f = YamlFields.of(file, top, "a rule file", report).allowOnly(TOP_KEYS);
        if (f.keys().stream().noneMatch(TOP_KEYS::contains)) {
            f.problem(top, "missing required key 'rules'", "a rule file has 'rules:' (and may have overrides:, disable:, exceptions:, "
                + "environments:)");
            return;
        }
        sections(f);
        Node envs = f.get("environments");
        if (envs == null) {
            return;
        }
        if (!(envs instanceof MappingNode em)) {
            f.problem(envs, "'environments' must be a mapping of environment name to overrides, disable and exceptions, got "
                + YamlNodes.kind(envs), "environments: {staging: {overrides: [...]}}");
            return;
        }
        YamlFields all = YamlFields.of(file, em, "environments", report);
        for (String name : all.keys()) {
            Node v = all.get(name);
            if (v == null) {
                continue;
            }
            YamlFields.mapping(file, v, "environment '" + name + "' (overrides, disable or exceptions)", report).ifPresent(env -> {
                env.allowOnly(ENVIRONMENT_KEYS);
                // Sections of other environments are checked for their shape, not applied.
                (name.equals(environment) ? this : new LayerContent(problems, unnamed)).sections(env);
            });
        }
    }

    /** One entry (a rule, or {@code {override: {...}}}) as on the rules topic. */
    void entry(Source source) {
        String file = source.name();
        Optional<Node> root = YamlDocument.compose(file, source.text(), report);
        if (root.isEmpty()) {
            if (problems.stream().noneMatch(p -> p.file().equals(file))) {
                problems.add(new RuleProblem(file, 1, 1, "empty rule", null));
            }
            return;
        }
        if (!(root.get() instanceof MappingNode m)) {
            problems.add(RuleProblem.at(YamlNodes.location(file, root.get()), "expected a rule (a mapping), got "
                + YamlNodes.kind(root.get()), null));
            return;
        }
        ruleOrOverride(file, m);
    }

    private void sections(YamlFields f) {
        String file = f.file();
        for (Node item : f.list("rules", "a list of rules")) {
            if (item instanceof MappingNode m) {
                ruleOrOverride(file, m);
            } else {
                f.problem(item, "expected a rule (a mapping), got " + YamlNodes.kind(item), null);
            }
        }
        for (Node item : f.list("overrides", "a list of {name: RULE, ...changed keys}")) {
            override(file, item);
        }
        for (Node item : f.list("disable", "a list of rule names")) {
            if (YamlNodes.isText(item)) {
                disables.add(new NameRef(YamlNodes.scalarText(item), file, item));
            } else {
                f.problem(item, "expected a rule name in 'disable', got " + YamlNodes.kind(item), null);
            }
        }
        for (Node item : f.list("exceptions", "a list of {name, rule, sources, reason, ...}")) {
            if (!(item instanceof MappingNode m)) {
                f.problem(item, "expected an exception (a mapping), got " + YamlNodes.kind(item), null);
                continue;
            }
            String name = textValue(m, "name");
            if (name == null) {
                f.problem(m, "missing required key 'name' in exception",
                    "every exception has a name, listed in the audit record of each finding it suppresses");
                continue;
            }
            exceptions.add(new ExceptionNode(name, file, m));
        }
    }

    private void ruleOrOverride(String file, MappingNode m) {
        if (m.getValue().size() == 1 && "override".equals(YamlNodes.scalarText(m.getValue().get(0).getKeyNode()))) {
            override(file, m.getValue().get(0).getValueNode());
            return;
        }
        // A rule whose name is usable is kept for the layer; otherwise it is validated now, for its problems.
        String name = textValue(m, "name");
        RuleNode r = new RuleNode(name, file, m, false, false);
        if (name == null || !Rule.NAME.matcher(name).matches()) {
            unnamed.accept(r);
        } else {
            rules.add(r);
        }
    }

    private void override(String file, Node item) {
        if (!(item instanceof MappingNode m)) {
            problems.add(RuleProblem.at(YamlNodes.location(file, item), "expected an override (a mapping with the rule's name and the "
                + "keys it changes), got " + YamlNodes.kind(item), "e.g. {name: heap-floor-drift, analysis: {horizon: 48h}}"));
            return;
        }
        int before = problems.size();
        YamlFields f = YamlFields.of(file, m, "override", report).allowOnly(RuleBuilder.RULE_KEYS);
        boolean broken = problems.size() > before;
        Node name = f.get("name");
        if (!YamlNodes.isText(name)) {
            f.problem(name == null ? m : name, "an override needs the 'name' of the rule it changes", null);
            return;
        }
        List<NodeTuple> known = new ArrayList<>();
        for (String k : f.keys()) {
            if (RuleBuilder.RULE_KEYS.contains(k)) {
                known.add(f.entry(k));
            }
        }
        MappingNode kept = new MappingNode(m.getTag(), true, known, m.getFlowStyle(), m.getStartMark(), m.getEndMark());
        overrides.add(new OverrideNode(YamlNodes.scalarText(name), name, file, kept, broken));
    }

    /** A key's value when it is text, else {@code null} (the full check comes when the rule or exception is built). */
    private static String textValue(MappingNode m, String key) {
        String value = null;
        for (NodeTuple t : m.getValue()) {
            if (key.equals(YamlNodes.scalarText(t.getKeyNode())) && YamlNodes.isText(t.getValueNode())) {
                value = YamlNodes.scalarText(t.getValueNode());
            }
        }
        return value;
    }
}
