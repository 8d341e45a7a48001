package io.slowburn.rules;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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

    /** A file's problems are reported in file order. */
    private static final Comparator<RuleProblem> BY_POSITION = Comparator.comparingInt(RuleProblem::line)
        .thenComparingInt(RuleProblem::column);

    private final RuleBuilder builder;

    public RuleLoader(AnalysisRegistry registry) {
        this.builder = new RuleBuilder(Objects.requireNonNull(registry, "registry"));
    }

    /** One rule file's name (as reported in problems) and its text. */
    public record Source(String name, String text) {
        public Source {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(text, "text");
        }
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
        return RuleFiles.sources(fileOrDirectory, problems);
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
     * Loads layers in order (e.g. the default pack, a user directory, the rules topic); {@code environment} selects
     * the {@code environments:} sections that apply (none when {@code null} or blank). Every problem of every file is
     * reported; a rule or exception with a problem is left out of the result.
     */
    public RuleLoadResult loadLayers(List<Layer> layers, String environment) {
        List<RuleProblem> problems = new ArrayList<>();
        String env = environment == null || environment.isBlank() ? null : environment;
        RuleLayers.Layered layered = RuleLayers.apply(layers, env, problems, r -> builder.rule(r.file(), r.node(), problems));
        List<Rule> rules = new ArrayList<>();
        for (LayerContent.RuleNode rn : layered.rules().values()) {
            builder.rule(rn.file(), rn.node(), problems).filter(r -> !rn.broken())
                .ifPresent(r -> rules.add(rn.disabled() ? RuleBuilder.disabled(r) : r));
        }
        List<RuleException> built = new ArrayList<>();
        for (LayerContent.ExceptionNode e : layered.exceptions()) {
            RuleBuilder.exception(e.file(), e.name(), e.node(), layered.rules().keySet(), problems).ifPresent(built::add);
        }
        return new RuleLoadResult(RuleSet.of(rules, built), inFileOrder(problems));
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
        return RuleFiles.defaultPack();
    }

    /** The default rule pack; throws {@link RuleLoadException} listing every problem if it does not validate. */
    public static RuleSet defaultPack(AnalysisRegistry registry) {
        return defaultPackResult(registry).orThrow();
    }
}
