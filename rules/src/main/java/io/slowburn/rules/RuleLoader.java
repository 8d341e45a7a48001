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
        List<Source> sources = sources(fileOrDirectory, io);
        RuleLoadResult r = load(sources);
        if (io.isEmpty()) {
            return r;
        }
        List<RuleProblem> all = new ArrayList<>(io);
        all.addAll(r.problems());
        return new RuleLoadResult(r.rules(), all);
    }

    /**
     * The rule files of one file or directory (every {@code *.yaml} and {@code *.yml}, not recursive, sorted by name);
     * what cannot be read is added to {@code problems}. In a directory, a rule file must be a regular file inside it:
     * a symbolic link is followed only when it ends inside the directory (as a Kubernetes ConfigMap mounts its files,
     * {@code x.yaml -> ..data/x.yaml}); one that leads out of it ({@code x.yaml -> /etc/passwd}) is refused unread, so
     * whoever can write a link into the directory cannot make the detector read, and quote, a file outside it.
     */
    public static List<Source> sources(Path fileOrDirectory, List<RuleProblem> problems) {
        List<Source> sources = new ArrayList<>();
        int before = problems.size();
        if (Files.isDirectory(fileOrDirectory)) {
            List<Path> files;
            Path realDir;
            try (Stream<Path> list = Files.list(fileOrDirectory)) {
                realDir = fileOrDirectory.toRealPath();
                files = list.filter(RuleLoader::isRuleFile).sorted().toList();
            } catch (IOException e) {
                problems.add(new RuleProblem(fileOrDirectory.toString(), 1, 1, "cannot list directory: " + e.getMessage(), null));
                files = List.of();
                realDir = null;
            }
            if (files.isEmpty() && problems.size() == before) {
                problems.add(new RuleProblem(fileOrDirectory.toString(), 1, 1, "no rule files (*.yaml, *.yml) in directory", null));
            }
            for (Path f : files) {
                Path real = insideOrProblem(realDir, f, problems);
                if (real != null) {
                    read(f.toString(), real, sources, problems);
                }
            }
        } else if (Files.exists(fileOrDirectory) && !Files.isRegularFile(fileOrDirectory)) {
            problems.add(new RuleProblem(fileOrDirectory.toString(), 1, 1, "not a regular file: refused", null));
        } else {
            read(fileOrDirectory.toString(), fileOrDirectory, sources, problems);
        }
        return sources;
    }

    /** The real path of a directory entry when it is a regular file inside {@code realDir}; else a problem and null. */
    private static Path insideOrProblem(Path realDir, Path f, List<RuleProblem> problems) {
        Path real;
        try {
            real = f.toRealPath();
        } catch (IOException e) {
            problems.add(new RuleProblem(f.toString(), 1, 1, "cannot read rule file: a broken link or gone ("
                    + e.getClass().getSimpleName() + ")", null));
            return null;
        }
        if (!real.startsWith(realDir)) {
            problems.add(new RuleProblem(f.toString(), 1, 1, "a symbolic link to a file outside the rules directory: refused, "
                    + "not read", "links inside the directory, as a Kubernetes ConfigMap mounts files, are followed"));
            return null;
        }
        if (!Files.isRegularFile(real)) {
            problems.add(new RuleProblem(f.toString(), 1, 1, "not a regular file: refused", null));
            return null;
        }
        return real;
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
        return loadLayers(List.of(new Layer(List.of(), List.of(new Source(name, yamlOrJson)))), null);
    }

    /** Loads several files as one rule set (one layer): names must be unique across all of them. */
    public RuleLoadResult load(List<Source> sources) {
        return loadLayers(List.of(Layer.of(sources)), null);
    }

    /**
     * One layer of rules: files (each with {@code rules:}, {@code overrides:}, {@code disable:}, {@code exceptions:},
     * {@code environments:}) and single entries (one rule, or {@code {override: {...}}}, as on the
     * {@code slowburn.rules} topic). Within a layer rule names are unique; a later layer's rule replaces an
     * earlier one of the same name; overrides and disables name a rule of this layer or an earlier one.
     */
    public record Layer(List<Source> files, List<Source> entries) {
        public Layer {
            files = List.copyOf(files);
            entries = List.copyOf(entries);
        }

        public static Layer of(List<Source> files) {
            return new Layer(files, List.of());
        }
    }

    /**
     * Loads layers in order (e.g. the default pack, a user directory, the rules topic); {@code environment} selects
     * the {@code environments:} sections that apply (none when {@code null} or blank).
     */
    public RuleLoadResult loadLayers(List<Layer> layers, String environment) {
        List<RuleProblem> problems = new ArrayList<>();
        Map<String, RuleNode> current = new LinkedHashMap<>();
        Map<String, ExceptionNode> exceptions = new LinkedHashMap<>();
        String env = environment == null || environment.isBlank() ? null : environment;
        for (Layer layer : layers) {
            Content c = new Content();
            for (Source s : layer.files()) {
                file(s, env, c, problems);
            }
            for (Source s : layer.entries()) {
                entry(s, c, problems);
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
                    current.put(o.name(), new RuleNode(o.name(), base.file(), merge(base.node(), o.node()), base.disabled()));
                }
            }
            for (NameRef d : c.disables) {
                RuleNode base = current.get(d.name());
                if (base == null) {
                    problems.add(RuleProblem.at(YamlNodes.location(d.file(), d.node()), "disable of unknown rule '" + d.name() + "'",
                        unknownRuleHint(d.name(), current.keySet())));
                } else {
                    current.put(d.name(), new RuleNode(d.name(), base.file(), base.node(), true));
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
        List<Rule> rules = new ArrayList<>();
        for (RuleNode rn : current.values()) {
            rule(rn.file(), rn.node(), problems).ifPresent(r -> rules.add(rn.disabled() ? disabled(r) : r));
        }
        List<RuleException> built = new ArrayList<>();
        for (ExceptionNode e : exceptions.values()) {
            exception(e, current.keySet(), problems).ifPresent(built::add);
        }
        return new RuleLoadResult(RuleSet.of(rules, built), inFileOrder(problems));
    }

    private static Rule disabled(Rule r) {
        return new Rule(r.name(), r.description(), r.signal(), r.severity(), r.containment(), r.selector(), r.analysisType(),
            r.analysis(), r.forDuration(), r.resolveAfter(), false, r.shadow(), r.location());
    }

    private static String unknownRuleHint(String name, Set<String> known) {
        String hint = Suggest.didYouMean(name, new ArrayList<>(known));
        return hint != null ? hint : "known rules: " + String.join(", ", known);
    }

    /** Problems grouped by file (in order of first appearance), each file's in position order. */
    private static List<RuleProblem> inFileOrder(List<RuleProblem> problems) {
        Map<String, List<RuleProblem>> byFile = new LinkedHashMap<>();
        for (RuleProblem p : problems) {
            byFile.computeIfAbsent(p.file(), f -> new ArrayList<>()).add(p);
        }
        List<RuleProblem> out = new ArrayList<>();
        for (List<RuleProblem> l : byFile.values()) {
            l.sort(BY_POSITION);
            out.addAll(l);
        }
        return out;
    }

    /** The default rule pack from the class path, with every problem (there should be none). */
    public static RuleLoadResult defaultPackResult(AnalysisRegistry registry) {
        return new RuleLoader(registry).load(defaultPackSources());
    }

    /** The default rule pack's files, from the class path, in index order. */
    public static List<Source> defaultPackSources() {
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
        return sources;
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

    private static void read(String name, Path f, List<Source> sources, List<RuleProblem> problems) {
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            StringBuilder sb = new StringBuilder();
            char[] buf = new char[8192];
            int n;
            while ((n = r.read(buf)) > 0) {
                sb.append(buf, 0, n);
            }
            sources.add(new Source(name, sb.toString()));
        } catch (IOException e) {
            problems.add(new RuleProblem(name, 1, 1, "cannot read rule file: " + e, null));
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

    /** A rule mapping by name, from its file; {@code disabled} by a {@code disable:} entry. */
    private record RuleNode(String name, String file, MappingNode node, boolean disabled) {
    }

    private record OverrideNode(String name, Node nameNode, String file, MappingNode node) {
    }

    private record NameRef(String name, String file, Node node) {
    }

    private record ExceptionNode(String name, String file, MappingNode node) {
    }

    /** What one layer's files say. */
    private static final class Content {
        final List<RuleNode> rules = new ArrayList<>();
        final List<OverrideNode> overrides = new ArrayList<>();
        final List<NameRef> disables = new ArrayList<>();
        final List<ExceptionNode> exceptions = new ArrayList<>();
    }

    static final List<String> TOP_KEYS = List.of("rules", "overrides", "disable", "exceptions", "environments");
    static final List<String> ENVIRONMENT_KEYS = List.of("overrides", "disable", "exceptions");
    static final List<String> EXCEPTION_KEYS = List.of("name", "rule", "signal", "sources", "labels", "exe", "user", "reason");

    private void file(Source source, String environment, Content c, List<RuleProblem> problems) {
        String file = source.name();
        Optional<Node> root = compose(file, source.text(), problems);
        if (root.isEmpty()) {
            return;
        }
        if (!(root.get() instanceof MappingNode top)) {
            problems.add(RuleProblem.at(YamlNodes.location(file, root.get()),
                "expected a mapping with a 'rules:' list at the top, got " + YamlNodes.kind(root.get()), null));
            return;
        }
        Map<String, NodeTuple> entries = YamlNodes.entries(file, top, problems);
        for (String k : entries.keySet()) {
            if (!TOP_KEYS.contains(k)) {
                String hint = Suggest.didYouMean(k, TOP_KEYS);
                problems.add(RuleProblem.at(YamlNodes.location(file, entries.get(k).getKeyNode()),
                    "unknown top-level key '" + k + "'", hint != null ? hint : "top-level keys: " + String.join(", ", TOP_KEYS)));
            }
        }
        if (entries.keySet().stream().noneMatch(TOP_KEYS::contains)) {
            problems.add(RuleProblem.at(YamlNodes.location(file, top), "missing required key 'rules'",
                "a rule file has 'rules:' (and may have overrides:, disable:, exceptions:, environments:)"));
            return;
        }
        sections(file, entries, c, problems);
        NodeTuple envs = entries.get("environments");
        if (envs != null && !YamlNodes.isNull(envs.getValueNode())) {
            if (!(envs.getValueNode() instanceof MappingNode em)) {
                problems.add(RuleProblem.at(YamlNodes.location(file, envs.getValueNode()),
                    "'environments' must be a mapping of environment name to overrides, disable and exceptions, got "
                        + YamlNodes.kind(envs.getValueNode()), "environments: {staging: {overrides: [...]}}"));
                return;
            }
            for (Map.Entry<String, NodeTuple> e : YamlNodes.entries(file, em, problems).entrySet()) {
                Node v = e.getValue().getValueNode();
                if (YamlNodes.isNull(v)) {
                    continue;
                }
                if (!(v instanceof MappingNode section)) {
                    problems.add(RuleProblem.at(YamlNodes.location(file, v), "environment '" + e.getKey()
                        + "' must be a mapping with overrides, disable or exceptions, got " + YamlNodes.kind(v), null));
                    continue;
                }
                Map<String, NodeTuple> se = YamlNodes.entries(file, section, problems);
                for (String k : se.keySet()) {
                    if (!ENVIRONMENT_KEYS.contains(k)) {
                        String hint = Suggest.didYouMean(k, ENVIRONMENT_KEYS);
                        problems.add(RuleProblem.at(YamlNodes.location(file, se.get(k).getKeyNode()),
                            "unknown key '" + k + "' in environment '" + e.getKey() + "'",
                            hint != null ? hint : "an environment has " + String.join(", ", ENVIRONMENT_KEYS)));
                    }
                }
                // Sections of other environments are checked for their shape, not applied.
                sections(file, se, e.getKey().equals(environment) ? c : new Content(), problems);
            }
        }
    }

    /** The rules, overrides, disable and exceptions sections of a file (or of one of its environments). */
    private void sections(String file, Map<String, NodeTuple> entries, Content c, List<RuleProblem> problems) {
        for (Node item : list(file, entries.get("rules"), "rules", "a list of rules", problems)) {
            if (item instanceof MappingNode m) {
                if (m.getValue().size() == 1 && "override".equals(YamlNodes.scalarText(m.getValue().get(0).getKeyNode()))) {
                    override(file, m.getValue().get(0).getValueNode(), c, problems);
                } else {
                    ruleNode(file, m, c, problems);
                }
            } else {
                problems.add(RuleProblem.at(YamlNodes.location(file, item), "expected a rule (a mapping), got " + YamlNodes.kind(item),
                    null));
            }
        }
        for (Node item : list(file, entries.get("overrides"), "overrides", "a list of {name: RULE, ...changed keys}", problems)) {
            override(file, item, c, problems);
        }
        for (Node item : list(file, entries.get("disable"), "disable", "a list of rule names", problems)) {
            if (YamlNodes.isText(item)) {
                c.disables.add(new NameRef(YamlNodes.scalarText(item), file, item));
            } else {
                problems.add(RuleProblem.at(YamlNodes.location(file, item), "expected a rule name in 'disable', got "
                    + YamlNodes.kind(item), null));
            }
        }
        for (Node item : list(file, entries.get("exceptions"), "exceptions", "a list of {name, rule, sources, reason, ...}",
            problems)) {
            if (!(item instanceof MappingNode m)) {
                problems.add(RuleProblem.at(YamlNodes.location(file, item), "expected an exception (a mapping), got "
                    + YamlNodes.kind(item), null));
                continue;
            }
            String name = null;
            for (NodeTuple t : m.getValue()) {
                if ("name".equals(YamlNodes.scalarText(t.getKeyNode())) && YamlNodes.isText(t.getValueNode())) {
                    name = YamlNodes.scalarText(t.getValueNode());
                }
            }
            if (name == null) {
                problems.add(RuleProblem.at(YamlNodes.location(file, m), "missing required key 'name' in exception",
                    "every exception has a name, listed in the audit record of each finding it suppresses"));
                continue;
            }
            c.exceptions.add(new ExceptionNode(name, file, m));
        }
    }

    private static List<Node> list(String file, NodeTuple entry, String key, String expected, List<RuleProblem> problems) {
        if (entry == null || YamlNodes.isNull(entry.getValueNode())) {
            return List.of();
        }
        if (entry.getValueNode() instanceof SequenceNode seq) {
            return seq.getValue();
        }
        problems.add(RuleProblem.at(YamlNodes.location(file, entry.getValueNode()), "'" + key + "' must be " + expected + ", got "
            + YamlNodes.kind(entry.getValueNode()), null));
        return List.of();
    }

    /** A rule whose name is usable is kept for the layer; otherwise it is validated now, for its problems. */
    private void ruleNode(String file, MappingNode m, Content c, List<RuleProblem> problems) {
        String name = null;
        for (NodeTuple t : m.getValue()) {
            if ("name".equals(YamlNodes.scalarText(t.getKeyNode())) && YamlNodes.isText(t.getValueNode())) {
                name = YamlNodes.scalarText(t.getValueNode());
            }
        }
        if (name == null || !Rule.NAME.matcher(name).matches()) {
            rule(file, m, problems);
            return;
        }
        c.rules.add(new RuleNode(name, file, m, false));
    }

    private static void override(String file, Node item, Content c, List<RuleProblem> problems) {
        if (!(item instanceof MappingNode m)) {
            problems.add(RuleProblem.at(YamlNodes.location(file, item), "expected an override (a mapping with the rule's name and the "
                + "keys it changes), got " + YamlNodes.kind(item), "e.g. {name: heap-floor-drift, analysis: {horizon: 48h}}"));
            return;
        }
        Map<String, NodeTuple> e = YamlNodes.entries(file, m, problems);
        boolean ok = true;
        for (String k : e.keySet()) {
            if (!RULE_KEYS.contains(k)) {
                String hint = Suggest.didYouMean(k, RULE_KEYS);
                problems.add(RuleProblem.at(YamlNodes.location(file, e.get(k).getKeyNode()), "unknown key '" + k + "' in override",
                    hint != null ? hint : "known keys: " + String.join(", ", RULE_KEYS)));
                ok = false;
            }
        }
        NodeTuple name = e.get("name");
        if (name == null || !YamlNodes.isText(name.getValueNode())) {
            problems.add(RuleProblem.at(YamlNodes.location(file, name == null ? m : name.getValueNode()),
                "an override needs the 'name' of the rule it changes", null));
            return;
        }
        if (ok) {
            c.overrides.add(new OverrideNode(YamlNodes.scalarText(name.getValueNode()), name.getValueNode(), file, m));
        }
    }

    /** One entry (a rule, or {@code {override: {...}}}) as on the rules topic. */
    private void entry(Source source, Content c, List<RuleProblem> problems) {
        String file = source.name();
        Optional<Node> root = compose(file, source.text(), problems);
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
        if (m.getValue().size() == 1 && "override".equals(YamlNodes.scalarText(m.getValue().get(0).getKeyNode()))) {
            override(file, m.getValue().get(0).getValueNode(), c, problems);
        } else {
            ruleNode(file, m, c, problems);
        }
    }

    /**
     * A rule with an override's keys on top: each key replaces the rule's; {@code analysis} and {@code select} are merged
     * key by key (a different analysis {@code type} replaces the whole analysis; {@code metric}, {@code metrics} or
     * {@code events} replace each other). The merged nodes keep their own files and positions for problems.
     */
    private static MappingNode merge(MappingNode base, MappingNode over) {
        List<NodeTuple> out = new ArrayList<>(base.getValue());
        for (NodeTuple t : over.getValue()) {
            String k = YamlNodes.scalarText(t.getKeyNode());
            if ("name".equals(k)) {
                continue;
            }
            int i = indexOf(out, k);
            Node v = t.getValueNode();
            if (i >= 0 && out.get(i).getValueNode() instanceof MappingNode bm && v instanceof MappingNode om
                && ("analysis".equals(k) || "select".equals(k))) {
                v = mergeSection(k, bm, om);
            }
            if (i >= 0) {
                out.set(i, new NodeTuple(t.getKeyNode(), v));
            } else {
                out.add(new NodeTuple(t.getKeyNode(), v));
            }
        }
        return new MappingNode(base.getTag(), true, out, base.getFlowStyle(), base.getStartMark(), base.getEndMark());
    }

    private static MappingNode mergeSection(String key, MappingNode base, MappingNode over) {
        List<NodeTuple> out = new ArrayList<>(base.getValue());
        if ("analysis".equals(key)) {
            int bt = indexOf(out, "type");
            int ot = indexOf(over.getValue(), "type");
            if (ot >= 0 && (bt < 0 || !Objects.equals(YamlNodes.scalarText(out.get(bt).getValueNode()),
                YamlNodes.scalarText(over.getValue().get(ot).getValueNode())))) {
                return over;
            }
        } else {
            List<String> what = List.of("metric", "metrics", "events");
            if (over.getValue().stream().anyMatch(t -> what.contains(YamlNodes.scalarText(t.getKeyNode())))) {
                out.removeIf(t -> what.contains(YamlNodes.scalarText(t.getKeyNode())));
            }
        }
        for (NodeTuple t : over.getValue()) {
            int i = indexOf(out, YamlNodes.scalarText(t.getKeyNode()));
            if (i >= 0) {
                out.set(i, t);
            } else {
                out.add(t);
            }
        }
        return new MappingNode(base.getTag(), true, out, base.getFlowStyle(), base.getStartMark(), base.getEndMark());
    }

    private static int indexOf(List<NodeTuple> tuples, String key) {
        for (int i = 0; i < tuples.size(); i++) {
            if (Objects.equals(key, YamlNodes.scalarText(tuples.get(i).getKeyNode()))) {
                return i;
            }
        }
        return -1;
    }

    /** Validates one exception; built only when it has no problem. */
    private static Optional<RuleException> exception(ExceptionNode en, Set<String> ruleNames, List<RuleProblem> problems) {
        String file = en.file();
        int before = problems.size();
        Map<String, NodeTuple> e = YamlNodes.entries(file, en.node(), problems);
        for (String k : e.keySet()) {
            if (!EXCEPTION_KEYS.contains(k)) {
                String hint = Suggest.didYouMean(k, EXCEPTION_KEYS);
                problems.add(RuleProblem.at(YamlNodes.location(file, e.get(k).getKeyNode()), "unknown key '" + k + "' in exception",
                    hint != null ? hint : "known keys: " + String.join(", ", EXCEPTION_KEYS)));
            }
        }
        Fields f = new Fields(file, en.node(), e, problems);
        if (!RuleException.NAME.matcher(en.name()).matches()) {
            problems.add(RuleProblem.at(f.at("name"), "exception name '" + en.name() + "' must be lowercase letters, digits and dashes",
                null));
        }
        String rule = f.text("rule", false);
        if (rule != null && !ruleNames.contains(rule)) {
            problems.add(RuleProblem.at(f.at("rule"), "exception '" + en.name() + "' names unknown rule '" + rule + "'",
                unknownRuleHint(rule, ruleNames)));
        }
        Signal signal = f.wire("signal", Signal.class, false);
        if (rule == null && !e.containsKey("signal")) {
            problems.add(RuleProblem.at(YamlNodes.location(file, en.node()), "exception '" + en.name() + "' needs a 'rule' or a 'signal'",
                null));
        }
        String reason = f.text("reason", true);
        if (reason != null && reason.isBlank()) {
            problems.add(RuleProblem.at(f.at("reason"), "'reason' must say why the exclusion is safe", null));
        }
        List<ValueMatcher> sources = matchers(file, e.get("sources"), "sources", problems);
        List<ValueMatcher> exe = matchers(file, e.get("exe"), "exe", problems);
        List<ValueMatcher> user = matchers(file, e.get("user"), "user", problems);
        Map<String, ValueMatcher> labels = labelMatchers(file, e.get("labels"), problems, null);
        if (sources.isEmpty() && exe.isEmpty() && user.isEmpty() && labels.isEmpty() && problems.size() == before) {
            problems.add(RuleProblem.at(YamlNodes.location(file, en.node()), "exception '" + en.name()
                + "' matches nothing specific: give sources, labels, exe or user", "to switch a rule off use 'disable: [RULE]'"));
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new RuleException(en.name(), rule, signal, sources, labels, exe, user, reason,
            YamlNodes.location(file, en.node())));
    }

    private static List<ValueMatcher> matchers(String file, NodeTuple entry, String what, List<RuleProblem> problems) {
        List<ValueMatcher> out = new ArrayList<>();
        if (entry == null || YamlNodes.isNull(entry.getValueNode())) {
            return out;
        }
        Node v = entry.getValueNode();
        for (Node item : v instanceof SequenceNode s ? s.getValue() : List.of(v)) {
            ValueMatcher m = matcher(file, item, what, problems);
            if (m != null) {
                out.add(m);
            }
        }
        return out;
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
        Map<String, ValueMatcher> labels = labelMatchers(file, e.get("labels"), problems,
            "e.g. labels: {area: heap, service: \"=~check.*\"}");
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
        params.reportStateSize();
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

    /** The {@code labels:} mapping of label name to matcher (empty when absent); problems are collected. */
    private static Map<String, ValueMatcher> labelMatchers(String file, NodeTuple entry, List<RuleProblem> problems, String hint) {
        Map<String, ValueMatcher> labels = new LinkedHashMap<>();
        if (entry == null || YamlNodes.isNull(entry.getValueNode())) {
            return labels;
        }
        if (entry.getValueNode() instanceof MappingNode lm) {
            for (Map.Entry<String, NodeTuple> l : YamlNodes.entries(file, lm, problems).entrySet()) {
                ValueMatcher m = matcher(file, l.getValue().getValueNode(), "label '" + l.getKey() + "'", problems);
                if (m != null) {
                    labels.put(l.getKey(), m);
                }
            }
        } else {
            problems.add(RuleProblem.at(YamlNodes.location(file, entry.getValueNode()),
                "'labels' must be a mapping of label to matcher, got " + YamlNodes.kind(entry.getValueNode()), hint));
        }
        return labels;
    }
}
