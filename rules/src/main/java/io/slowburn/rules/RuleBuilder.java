package io.slowburn.rules;

import io.slowburn.model.Containment;
import io.slowburn.model.Severity;
import io.slowburn.model.Signal;
import io.slowburn.rules.yaml.YamlFields;
import io.slowburn.rules.yaml.YamlNodes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** Validates a rule mapping (after layering) or an exception and builds it when it has no problem. */
final class RuleBuilder {

    static final List<String> RULE_KEYS = List.of("name", "description", "signal", "severity", "containment", "select",
        "analysis", "for", "resolve_after", "enabled", "shadow");
    static final List<String> EXCEPTION_KEYS = List.of("name", "rule", "signal", "sources", "labels", "exe", "user", "reason");

    private final AnalysisBuilder analyses;

    RuleBuilder(AnalysisRegistry registry) {
        this.analyses = new AnalysisBuilder(registry);
    }

    /** Validates one rule mapping, reporting every problem; the rule is built only when it has none. */
    Optional<Rule> rule(String file, MappingNode node, List<RuleProblem> problems) {
        int before = problems.size();
        YamlFields f = YamlFields.of(file, node, "rule", problems::add).allowOnly(RULE_KEYS);
        String name = f.text("name", true);
        if (name != null && !Rule.NAME.matcher(name).matches()) {
            f.problem("name", "rule name '" + name + "' must be lowercase letters, digits and dashes",
                "e.g. '" + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-") + "'");
        }
        String description = f.text("description", false);
        Signal signal = f.wire("signal", Signal.class, true);
        Severity severity = f.wire("severity", Severity.class, true);
        List<Containment> containment = containment(f);
        Selector selector = SelectorParser.select(f, problems);
        Duration holdFor = f.duration("for", Rule.DEFAULT_FOR);
        Duration resolveAfter = f.duration("resolve_after", Rule.DEFAULT_RESOLVE_AFTER);
        boolean enabled = f.flag("enabled", true);
        boolean shadow = f.flag("shadow", false);
        AnalysisBuilder.Built analysis = analyses.build(f, problems);
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new Rule(name, description, signal, severity, containment, selector, analysis.type(), analysis.analysis(),
            holdFor, resolveAfter, enabled, shadow, f.where()));
    }

    private static List<Containment> containment(YamlFields f) {
        Node v = f.get("containment");
        List<Containment> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        for (Node item : v instanceof SequenceNode s ? s.getValue() : List.of(v)) {
            Containment c = f.wire(item, "containment", Containment.class);
            if (c != null && !out.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }

    /** A rule switched off by a {@code disable:} entry. */
    static Rule disabled(Rule r) {
        return new Rule(r.name(), r.description(), r.signal(), r.severity(), r.containment(), r.selector(), r.analysisType(),
            r.analysis(), r.forDuration(), r.resolveAfter(), false, r.shadow(), r.location());
    }

    /** Validates one exception against the rules in force; built only when it has no problem. */
    static Optional<RuleException> exception(String file, String name, MappingNode node, Set<String> ruleNames,
                                             List<RuleProblem> problems) {
        int before = problems.size();
        YamlFields f = YamlFields.of(file, node, "exception", problems::add).allowOnly(EXCEPTION_KEYS);
        if (!RuleException.NAME.matcher(name).matches()) {
            f.problem("name", "exception name '" + name + "' must be lowercase letters, digits and dashes", null);
        }
        String rule = f.text("rule", false);
        if (rule != null && !ruleNames.contains(rule)) {
            f.problem("rule", "exception '" + name + "' names unknown rule '" + rule + "'", RuleLayers.unknownRuleHint(rule, ruleNames));
        }
        Signal signal = f.wire("signal", Signal.class, false);
        if (rule == null && !f.contains("signal")) {
            f.problem(node, "exception '" + name + "' needs a 'rule' or a 'signal'", null);
        }
        String reason = f.text("reason", true);
        if (reason != null && reason.isBlank()) {
            f.problem("reason", "'reason' must say why the exclusion is safe", null);
        }
        List<ValueMatcher> sources = SelectorParser.matchers(f, "sources");
        List<ValueMatcher> exe = SelectorParser.matchers(f, "exe");
        List<ValueMatcher> user = SelectorParser.matchers(f, "user");
        var labels = SelectorParser.labels(f, null, problems);
        if (sources.isEmpty() && exe.isEmpty() && user.isEmpty() && labels.isEmpty() && problems.size() == before) {
            f.problem(node, "exception '" + name + "' matches nothing specific: give sources, labels, exe or user",
                "to switch a rule off use 'disable: [RULE]'");
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new RuleException(name, rule, signal, sources, labels, exe, user, reason, YamlNodes.location(file, node)));
    }
}
