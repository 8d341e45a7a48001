package io.slowburn.rules;

import io.slowburn.analysis.Analysis;
import io.slowburn.model.Containment;
import io.slowburn.model.Severity;
import io.slowburn.model.Signal;
import io.slowburn.model.WireName;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Loads rule files into a {@link RuleSet}, validating everything and reporting every problem with its file,
 * line and column (never stopping at the first). See {@code rules/README.md} for the language.
 *
 * <pre>{@code
 * RuleLoader loader = new RuleLoader(AnalysisRegistry.defaults());
 * RuleLoadResult result = loader.load(Path.of("rules/"));   // a file or a directory of *.yaml / *.yml
 * result.problems().forEach(System.err::println);           // rules/heap.yaml:12:7: unknown parameter ...
 * RuleSet rules = result.orThrow();
 * }</pre>
 */
public final class RuleLoader {

    /** Where the default pack lives on the class path. */
    public static final String DEFAULT_PACK = "io/slowburn/rules/default/";
    /** The default pack's list of files, one per line (a directory listing inside a jar is unreliable). */
    public static final String DEFAULT_INDEX = DEFAULT_PACK + "index.txt";

    static final List<String> RULE_KEYS = List.of("name", "description", "signal", "severity", "containment", "select",
        "analysis", "for", "resolve_after", "enabled", "shadow");
    static final List<String> SELECT_KEYS = List.of("metric", "metrics", "events", "labels", "sources");

    /** A file's problems are reported in file order. */
    private static final Comparator<RuleProblem> BY_POSITION = Comparator.comparingInt(RuleProblem::line)
        .thenComparingInt(RuleProblem::column);

    private final AnalysisRegistry registry;

    public RuleLoader(AnalysisRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** One rule file's name (as reported in problems) and its text. */
    public record Source(String name, String text) {
        public Source {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(text, "text");
        }
    }

    /** Loads one file, or every {@code *.yaml} and {@code *.yml} file of a directory (not recursive) sorted by name. */
    public RuleLoadResult load(Path fileOrDirectory) {
        List<RuleProblem> io = new ArrayList<>();
        List<Source> sources = new ArrayList<>();
        if (Files.isDirectory(fileOrDirectory)) {
            List<Path> files;
            try (Stream<Path> list = Files.list(fileOrDirectory)) {
                files = list.filter(Files::isRegularFile).filter(RuleLoader::isRuleFile).sorted().toList();
            } catch (IOException e) {
                io.add(new RuleProblem(fileOrDirectory.toString(), 1, 1, "cannot list directory: " + e.getMessage(), null));
                files = List.of();
            }
            if (files.isEmpty() && io.isEmpty()) {
                io.add(new RuleProblem(fileOrDirectory.toString(), 1, 1, "no rule files (*.yaml, *.yml) in directory", null));
            }
            for (Path f : files) {
                read(f, sources, io);
            }
        } else {
            read(fileOrDirectory, sources, io);
        }
        RuleLoadResult r = load(sources);
        if (io.isEmpty()) {
            return r;
        }
        List<RuleProblem> all = new ArrayList<>(io);
        all.addAll(r.problems());
        return new RuleLoadResult(r.rules(), all);
    }

    /** Loads rule text held in memory; {@code name} is what problems call the file. */
    public RuleLoadResult loadString(String name, String yaml) {
        return load(List.of(new Source(name, yaml)));
    }

    /**
     * Loads a single rule written as one mapping (the schema of an entry of a rule file; JSON is fine), as on the
     * {@code slowburn.rules} topic.
     */
    public RuleLoadResult loadRule(String name, String yamlOrJson) {
        List<RuleProblem> problems = new ArrayList<>();
        Optional<Node> root = compose(name, yamlOrJson, problems);
        List<Rule> rules = new ArrayList<>();
        if (root.isPresent()) {
            if (root.get() instanceof MappingNode m) {
                rule(name, m, problems).ifPresent(rules::add);
            } else {
                problems.add(RuleProblem.at(YamlNodes.location(name, root.get()),
                    "expected a rule (a mapping), got " + YamlNodes.kind(root.get()), null));
            }
        } else if (problems.isEmpty()) {
            problems.add(new RuleProblem(name, 1, 1, "empty rule", null));
        }
        return new RuleLoadResult(RuleSet.of(rules), problems);
    }

    /** Loads several files as one rule set: names must be unique across all of them. */
    public RuleLoadResult load(List<Source> sources) {
        List<RuleProblem> problems = new ArrayList<>();
        List<Rule> rules = new ArrayList<>();
        Map<String, Location> seen = new HashMap<>();
        for (Source s : sources) {
            int before = problems.size();
            for (Rule r : file(s, problems)) {
                Location first = seen.putIfAbsent(r.name(), r.location());
                if (first != null) {
                    problems.add(RuleProblem.at(r.location(), "duplicate rule name '" + r.name() + "'",
                        "first defined at " + first));
                } else {
                    rules.add(r);
                }
            }
            problems.subList(before, problems.size()).sort(BY_POSITION);
        }
        return new RuleLoadResult(RuleSet.of(rules), problems);
    }

    /** The default rule pack from the class path, with every problem (there should be none). */
    public static RuleLoadResult defaultPackResult(AnalysisRegistry registry) {
        ClassLoader cl = RuleLoader.class.getClassLoader();
        List<Source> sources = new ArrayList<>();
        try {
            String index = resource(cl, DEFAULT_INDEX);
            if (index == null) {
                throw new IllegalStateException("default rule pack index not found on the class path: " + DEFAULT_INDEX);
            }
            for (String line : index.split("\\R")) {
                String f = line.strip();
                if (f.isEmpty() || f.startsWith("#")) {
                    continue;
                }
                String text = resource(cl, DEFAULT_PACK + f);
                if (text == null) {
                    throw new IllegalStateException("default rule pack file listed in " + DEFAULT_INDEX + " is missing: " + f);
                }
                sources.add(new Source("default/" + f, text));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the default rule pack", e);
        }
        return new RuleLoader(registry).load(sources);
    }

    /** The default rule pack; throws {@link RuleLoadException} listing every problem if it does not validate. */
    public static RuleSet defaultPack(AnalysisRegistry registry) {
        return defaultPackResult(registry).orThrow();
    }

    private static String resource(ClassLoader cl, String name) throws IOException {
        try (InputStream in = cl.getResourceAsStream(name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static boolean isRuleFile(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".yaml") || n.endsWith(".yml");
    }

    private static void read(Path f, List<Source> sources, List<RuleProblem> problems) {
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            StringBuilder sb = new StringBuilder();
            char[] buf = new char[8192];
            int n;
            while ((n = r.read(buf)) > 0) {
                sb.append(buf, 0, n);
            }
            sources.add(new Source(f.toString(), sb.toString()));
        } catch (IOException e) {
            problems.add(new RuleProblem(f.toString(), 1, 1, "cannot read rule file: " + e, null));
        }
    }

    private static Optional<Node> compose(String file, String text, List<RuleProblem> problems) {
        LoadSettings settings = LoadSettings.builder().setLabel(file).setAllowDuplicateKeys(true)
            .setMaxAliasesForCollections(50).build();
        try {
            return new Compose(settings).composeReader(new java.io.StringReader(text));
        } catch (MarkedYamlEngineException e) {
            Location at = YamlNodes.location(file, e.getProblemMark().or(e::getContextMark).orElse(null));
            String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem();
            String context = e.getContext();
            problems.add(RuleProblem.at(at, "invalid YAML: " + problem + (context == null ? "" : " (" + context + ")"), null));
        } catch (YamlEngineException e) {
            problems.add(new RuleProblem(file, 1, 1, "invalid YAML: " + e.getMessage(), null));
        }
        return Optional.empty();
    }

    private List<Rule> file(Source source, List<RuleProblem> problems) {
        String file = source.name();
        Optional<Node> root = compose(file, source.text(), problems);
        if (root.isEmpty()) {
            return List.of();
        }
        if (!(root.get() instanceof MappingNode top)) {
            problems.add(RuleProblem.at(YamlNodes.location(file, root.get()),
                "expected a mapping with a 'rules:' list at the top, got " + YamlNodes.kind(root.get()), null));
            return List.of();
        }
        Map<String, NodeTuple> entries = YamlNodes.entries(file, top, problems);
        for (String k : entries.keySet()) {
            if (!"rules".equals(k)) {
                problems.add(RuleProblem.at(YamlNodes.location(file, entries.get(k).getKeyNode()),
                    "unknown top-level key '" + k + "'", "a rule file has a single top-level key, 'rules'"));
            }
        }
        NodeTuple rulesEntry = entries.get("rules");
        if (rulesEntry == null) {
            problems.add(RuleProblem.at(YamlNodes.location(file, top), "missing required key 'rules'", null));
            return List.of();
        }
        Node list = rulesEntry.getValueNode();
        if (YamlNodes.isNull(list)) {
            return List.of();
        }
        if (!(list instanceof SequenceNode seq)) {
            problems.add(RuleProblem.at(YamlNodes.location(file, list), "'rules' must be a list of rules, got " + YamlNodes.kind(list),
                null));
            return List.of();
        }
        List<Rule> rules = new ArrayList<>();
        for (Node item : seq.getValue()) {
            if (item instanceof MappingNode m) {
                rule(file, m, problems).ifPresent(rules::add);
            } else {
                problems.add(RuleProblem.at(YamlNodes.location(file, item), "expected a rule (a mapping), got " + YamlNodes.kind(item),
                    null));
            }
        }
        return rules;
    }

    /** Validates one rule mapping; the rule is built only when it has no problem. */
    private Optional<Rule> rule(String file, MappingNode node, List<RuleProblem> problems) {
        int before = problems.size();
        Location where = YamlNodes.location(file, node);
        Map<String, NodeTuple> e = YamlNodes.entries(file, node, problems);
        for (String k : e.keySet()) {
            if (!RULE_KEYS.contains(k)) {
                String hint = Suggest.didYouMean(k, RULE_KEYS);
                problems.add(RuleProblem.at(YamlNodes.location(file, e.get(k).getKeyNode()), "unknown key '" + k + "' in rule",
                    hint != null ? hint : "known keys: " + String.join(", ", RULE_KEYS)));
            }
        }
        Fields f = new Fields(file, node, e, problems);
        String name = f.text("name", true);
        if (name != null && !Rule.NAME.matcher(name).matches()) {
            problems.add(RuleProblem.at(f.at("name"), "rule name '" + name + "' must be lowercase letters, digits and dashes",
                "e.g. '" + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-") + "'"));
        }
        String description = f.text("description", false);
        Signal signal = f.wire("signal", Signal.class, true);
        Severity severity = f.wire("severity", Severity.class, true);
        List<Containment> containment = f.containment();
        Selector selector = selector(file, node, e.get("select"), problems);
        Duration holdFor = f.duration("for", Rule.DEFAULT_FOR);
        Duration resolveAfter = f.duration("resolve_after", Rule.DEFAULT_RESOLVE_AFTER);
        boolean enabled = f.flag("enabled", true);
        boolean shadow = f.flag("shadow", false);
        String[] type = new String[1];
        Analysis analysis = analysis(file, node, e.get("analysis"), problems, type);
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new Rule(name, description, signal, severity, containment, selector, type[0], analysis, holdFor,
            resolveAfter, enabled, shadow, where));
    }

    private Selector selector(String file, MappingNode rule, NodeTuple entry, List<RuleProblem> problems) {
        if (entry == null || YamlNodes.isNull(entry.getValueNode())) {
            problems.add(RuleProblem.at(YamlNodes.location(file, entry == null ? rule : entry.getKeyNode()),
                "missing required key 'select'", "select: {metric: NAME} or {metrics: [A, B]} or {events: [KIND, ...]}"));
            return null;
        }
        if (!(entry.getValueNode() instanceof MappingNode node)) {
            problems.add(RuleProblem.at(YamlNodes.location(file, entry.getValueNode()),
                "'select' must be a mapping, got " + YamlNodes.kind(entry.getValueNode()), null));
            return null;
        }
        int before = problems.size();
        Map<String, NodeTuple> e = YamlNodes.entries(file, node, problems);
        for (String k : e.keySet()) {
            if (!SELECT_KEYS.contains(k)) {
                String hint = Suggest.didYouMean(k, SELECT_KEYS);
                problems.add(RuleProblem.at(YamlNodes.location(file, e.get(k).getKeyNode()), "unknown key '" + k + "' in select",
                    hint != null ? hint : "known keys: " + String.join(", ", SELECT_KEYS)));
            }
        }
        List<String> given = new ArrayList<>();
        for (String k : List.of("metric", "metrics", "events")) {
            if (e.containsKey(k)) {
                given.add(k);
            }
        }
        Set<String> metrics = new LinkedHashSet<>();
        Set<String> events = new LinkedHashSet<>();
        if (given.isEmpty()) {
            problems.add(RuleProblem.at(YamlNodes.location(file, node), "select needs one of 'metric', 'metrics' or 'events'", null));
        } else if (given.size() > 1) {
            problems.add(RuleProblem.at(YamlNodes.location(file, e.get(given.get(1)).getKeyNode()),
                "select takes only one of 'metric', 'metrics' or 'events', got " + String.join(" and ", given), null));
        } else {
            String k = given.get(0);
            Node v = e.get(k).getValueNode();
            if ("metric".equals(k)) {
                if (YamlNodes.isText(v) && !YamlNodes.scalarText(v).isBlank()) {
                    metrics.add(YamlNodes.scalarText(v));
                } else {
                    problems.add(RuleProblem.at(YamlNodes.location(file, v), "'metric' must be a metric name, got " + YamlNodes.kind(v),
                        "for several metrics write metrics: [a, b]"));
                }
            } else {
                (("metrics".equals(k)) ? metrics : events).addAll(names(file, k, v, problems));
            }
        }
        Map<String, ValueMatcher> labels = new LinkedHashMap<>();
        NodeTuple labelsEntry = e.get("labels");
        if (labelsEntry != null && !YamlNodes.isNull(labelsEntry.getValueNode())) {
            if (labelsEntry.getValueNode() instanceof MappingNode lm) {
                for (Map.Entry<String, NodeTuple> l : YamlNodes.entries(file, lm, problems).entrySet()) {
                    ValueMatcher m = matcher(file, l.getValue().getValueNode(), "label '" + l.getKey() + "'", problems);
                    if (m != null) {
                        labels.put(l.getKey(), m);
                    }
                }
            } else {
                problems.add(RuleProblem.at(YamlNodes.location(file, labelsEntry.getValueNode()),
                    "'labels' must be a mapping of label to matcher, got " + YamlNodes.kind(labelsEntry.getValueNode()),
                    "e.g. labels: {area: heap, service: \"=~check.*\"}"));
            }
        }
        List<ValueMatcher> sourceMatchers = new ArrayList<>();
        NodeTuple sourcesEntry = e.get("sources");
        if (sourcesEntry != null && !YamlNodes.isNull(sourcesEntry.getValueNode())) {
            Node v = sourcesEntry.getValueNode();
            List<Node> items = v instanceof SequenceNode s ? s.getValue() : List.of(v);
            for (Node item : items) {
                ValueMatcher m = matcher(file, item, "sources", problems);
                if (m != null) {
                    sourceMatchers.add(m);
                }
            }
        }
        if (problems.size() > before) {
            return null;
        }
        return new Selector(metrics, events, labels, sourceMatchers);
    }

    private static List<String> names(String file, String key, Node v, List<RuleProblem> problems) {
        List<String> out = new ArrayList<>();
        if (!(v instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            problems.add(RuleProblem.at(YamlNodes.location(file, v), "'" + key + "' must be a non-empty list of names, got "
                + YamlNodes.kind(v), "e.g. " + key + ": [a, b]"));
            return out;
        }
        for (Node item : seq.getValue()) {
            if (YamlNodes.isText(item) && !YamlNodes.scalarText(item).isBlank()) {
                out.add(YamlNodes.scalarText(item));
            } else {
                problems.add(RuleProblem.at(YamlNodes.location(file, item), "expected a name in '" + key + "', got " + YamlNodes.kind(item),
                    null));
            }
        }
        return out;
    }

    private static ValueMatcher matcher(String file, Node v, String what, List<RuleProblem> problems) {
        String text = YamlNodes.scalarText(v);
        if (text == null) {
            problems.add(RuleProblem.at(YamlNodes.location(file, v), "matcher for " + what + " must be text, got " + YamlNodes.kind(v),
                "exact \"v\", regex \"=~v\", not \"!=v\", not-regex \"!~v\""));
            return null;
        }
        try {
            return ValueMatcher.parse(text);
        } catch (IllegalArgumentException ex) {
            problems.add(RuleProblem.at(YamlNodes.location(file, v), "matcher for " + what + ": " + ex.getMessage(), null));
            return null;
        }
    }

    private Analysis analysis(String file, MappingNode rule, NodeTuple entry, List<RuleProblem> problems, String[] typeOut) {
        if (entry == null || YamlNodes.isNull(entry.getValueNode())) {
            problems.add(RuleProblem.at(YamlNodes.location(file, entry == null ? rule : entry.getKeyNode()),
                "missing required key 'analysis'", "analysis: {type: TYPE, ...parameters}; types: " + String.join(", ", registry.types())));
            return null;
        }
        if (!(entry.getValueNode() instanceof MappingNode node)) {
            problems.add(RuleProblem.at(YamlNodes.location(file, entry.getValueNode()),
                "'analysis' must be a mapping with a 'type', got " + YamlNodes.kind(entry.getValueNode()), null));
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
            problems.add(RuleProblem.at(YamlNodes.location(file, node), "missing required key 'type' in analysis",
                "types: " + String.join(", ", registry.types())));
            return null;
        }
        String type = YamlNodes.scalarText(typeEntry.getValueNode());
        if (type == null || !registry.contains(type)) {
            String hint = Suggest.didYouMean(type, registry.types());
            problems.add(RuleProblem.at(YamlNodes.location(file, typeEntry.getValueNode()),
                "unknown analysis type " + (type == null ? YamlNodes.kind(typeEntry.getValueNode()) : "'" + type + "'")
                    + "; allowed: " + String.join(", ", registry.types()), hint));
            return null;
        }
        typeOut[0] = type;
        YamlParameters params = new YamlParameters(file, type, node, Set.of("type"), problems);
        Analysis analysis;
        try {
            analysis = registry.create(type, params);
        } catch (RuntimeException ex) {
            problems.add(RuleProblem.at(YamlNodes.location(file, node), "analysis " + type + " rejected its parameters: " + ex.getMessage(),
                null));
            return null;
        }
        params.reportUnread();
        if (analysis == null) {
            problems.add(RuleProblem.at(YamlNodes.location(file, node), "analysis " + type + " could not be built", null));
        }
        return analysis;
    }

    /** Typed access to a rule's own keys, reporting problems at the value. */
    private static final class Fields {
        private final String file;
        private final MappingNode node;
        private final Map<String, NodeTuple> entries;
        private final List<RuleProblem> problems;

        Fields(String file, MappingNode node, Map<String, NodeTuple> entries, List<RuleProblem> problems) {
            this.file = file;
            this.node = node;
            this.entries = entries;
            this.problems = problems;
        }

        Location at(String key) {
            NodeTuple t = entries.get(key);
            return YamlNodes.location(file, t == null ? node : t.getValueNode());
        }

        private Node value(String key, boolean required) {
            NodeTuple t = entries.get(key);
            if (t == null || YamlNodes.isNull(t.getValueNode())) {
                if (required) {
                    problems.add(RuleProblem.at(YamlNodes.location(file, t == null ? node : t.getKeyNode()),
                        "missing required key '" + key + "'", null));
                }
                return null;
            }
            return t.getValueNode();
        }

        String text(String key, boolean required) {
            Node v = value(key, required);
            if (v == null) {
                return null;
            }
            if (!(v instanceof ScalarNode s)) {
                problems.add(RuleProblem.at(YamlNodes.location(file, v), "'" + key + "' must be text, got " + YamlNodes.kind(v), null));
                return null;
            }
            return s.getValue();
        }

        <E extends Enum<E> & WireName> E wire(String key, Class<E> type, boolean required) {
            Node v = value(key, required);
            if (v == null) {
                return null;
            }
            return parseWire(v, key, type);
        }

        private <E extends Enum<E> & WireName> E parseWire(Node v, String what, Class<E> type) {
            String text = YamlNodes.scalarText(v);
            E e = WireName.parse(type, text);
            if (e == null) {
                List<String> allowed = Arrays.stream(type.getEnumConstants()).map(WireName::wire).toList();
                problems.add(RuleProblem.at(YamlNodes.location(file, v),
                    "unknown " + what + " " + (text == null ? YamlNodes.kind(v) : "'" + text + "'") + "; allowed: "
                        + String.join(", ", allowed), Suggest.didYouMean(text, allowed)));
            }
            return e;
        }

        List<Containment> containment() {
            Node v = value("containment", false);
            if (v == null) {
                return List.of();
            }
            List<Node> items = v instanceof SequenceNode s ? s.getValue() : List.of(v);
            List<Containment> out = new ArrayList<>();
            for (Node item : items) {
                Containment c = parseWire(item, "containment", Containment.class);
                if (c != null && !out.contains(c)) {
                    out.add(c);
                }
            }
            return out;
        }

        Duration duration(String key, Duration defaultValue) {
            Node v = value(key, false);
            if (v == null) {
                return defaultValue;
            }
            try {
                return YamlNodes.duration(v);
            } catch (IllegalArgumentException ex) {
                problems.add(RuleProblem.at(YamlNodes.location(file, v), "'" + key + "': " + ex.getMessage(), null));
                return defaultValue;
            }
        }

        boolean flag(String key, boolean defaultValue) {
            Node v = value(key, false);
            if (v == null) {
                return defaultValue;
            }
            if (v instanceof ScalarNode s && Tag.BOOL.equals(s.getTag())) {
                return Boolean.parseBoolean(s.getValue());
            }
            problems.add(RuleProblem.at(YamlNodes.location(file, v), "'" + key + "' must be true or false, got " + YamlNodes.kind(v),
                null));
            return defaultValue;
        }
    }
}
