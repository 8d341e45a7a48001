package io.slowburn.rules;

import io.slowburn.rules.LayerContent.ExceptionNode;
import io.slowburn.rules.LayerContent.NameRef;
import io.slowburn.rules.LayerContent.OverrideNode;
import io.slowburn.rules.LayerContent.RuleNode;
import io.slowburn.rules.RuleLoader.Layer;
import io.slowburn.rules.RuleLoader.Source;
import io.slowburn.rules.yaml.YamlNodes;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Applies layers in order (the default pack, a user directory, the rules topic): within a layer rule names are unique;
 * a later layer's rule replaces an earlier one of the same name; overrides and disables name a rule of this layer or
 * an earlier one. The result is still YAML: each rule is validated and built afterwards, once, in its final form.
 */
final class RuleLayers {

    /** The rules and exceptions in force after every layer. */
    record Layered(Map<String, RuleNode> rules, Collection<ExceptionNode> exceptions) {
    }

    private RuleLayers() {
    }

    /**
     * @param environment the {@code environments:} sections that apply, or {@code null}
     * @param unnamed validates a rule that has no usable name (it takes no part in layering)
     */
    static Layered apply(List<Layer> layers, String environment, List<RuleProblem> problems, Consumer<RuleNode> unnamed) {
        Map<String, RuleNode> current = new LinkedHashMap<>();
        Map<String, ExceptionNode> exceptions = new LinkedHashMap<>();
        for (Layer layer : layers) {
            LayerContent c = new LayerContent(problems, unnamed);
            for (Source s : layer.files()) {
                c.file(s, environment);
            }
            for (Source s : layer.entries()) {
                c.entry(s);
            }
            Map<String, RuleNode> seen = new HashMap<>();
            for (RuleNode r : c.rules) {
                RuleNode first = seen.putIfAbsent(r.name(), r);
                if (first != null) {
                    problems.add(RuleProblem.at(YamlNodes.location(r.file(), r.node()), "duplicate rule name '" + r.name() + "'",
                        "first defined at " + YamlNodes.location(first.file(), first.node())));
                } else {
                    current.put(r.name(), r);
                }
            }
            for (OverrideNode o : c.overrides) {
                RuleNode base = current.get(o.name());
                if (base == null) {
                    problems.add(RuleProblem.at(YamlNodes.location(o.file(), o.nameNode()), "override of unknown rule '" + o.name() + "'",
                        unknownRuleHint(o.name(), current.keySet())));
                } else {
                    current.put(o.name(), new RuleNode(o.name(), base.file(), OverrideMerge.merge(base.node(), o.node()), base.disabled(),
                        base.broken() || o.broken()));
                }
            }
            for (NameRef d : c.disables) {
                RuleNode base = current.get(d.name());
                if (base == null) {
                    problems.add(RuleProblem.at(YamlNodes.location(d.file(), d.node()), "disable of unknown rule '" + d.name() + "'",
                        unknownRuleHint(d.name(), current.keySet())));
                } else {
                    current.put(d.name(), new RuleNode(d.name(), base.file(), base.node(), true, base.broken()));
                }
            }
            Map<String, ExceptionNode> seenEx = new HashMap<>();
            for (ExceptionNode e : c.exceptions) {
                ExceptionNode first = seenEx.putIfAbsent(e.name(), e);
                if (first != null) {
                    problems.add(RuleProblem.at(YamlNodes.location(e.file(), e.node()), "duplicate exception name '" + e.name() + "'",
                        "first defined at " + YamlNodes.location(first.file(), first.node())));
                } else {
                    exceptions.put(e.name(), e);
                }
            }
        }
        return new Layered(current, exceptions.values());
    }

    /** "did you mean" the closest rule name, or the list of them. */
    static String unknownRuleHint(String name, Collection<String> known) {
        String hint = Suggest.didYouMean(name, known);
        return hint != null ? hint : "known rules: " + String.join(", ", known);
    }
}
