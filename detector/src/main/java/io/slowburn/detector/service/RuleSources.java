package io.slowburn.detector.service;

import io.slowburn.rules.AnalysisRegistry;
import io.slowburn.rules.RuleLoadResult;
import io.slowburn.rules.RuleLoader;
import io.slowburn.rules.RuleProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rules in force, in layers: the default pack; a user's rules directory on top (a rule with a default's name
 * replaces it, other rules are added, {@code overrides:} change named rules, {@code disable:} switches them off,
 * {@code exceptions:} suppress findings); the rules published on the {@code slowburn.rules} topic on top of that.
 * The {@code environments:} sections named by {@code rules.environment} apply. See {@code rules/TUNING.md}.
 */
public final class RuleSources {

    private RuleSources() {
    }

    /** The default pack with {@code userDir} (a directory or one file; {@code null} for none) on top. */
    public static RuleLoadResult load(Path userDir) {
        return load(userDir == null ? List.of() : List.of(userDir), true, null, Map.of());
    }

    /**
     * The layered rules, or every problem found (file:line:col).
     *
     * @param userPaths files or directories, read in order as one layer
     * @param defaultPack whether the default pack is the bottom layer
     * @param environment the {@code environments:} sections to apply; {@code null} or blank for none
     * @param topicEntries rules from the rules topic by key (the rule name): YAML or JSON, one rule or
     *        {@code {override: {...}}} each
     */
    public static RuleLoadResult load(List<Path> userPaths, boolean defaultPack, String environment, Map<String, String> topicEntries) {
        AnalysisRegistry registry = AnalysisRegistry.defaults();
        List<RuleLoader.Layer> layers = new ArrayList<>();
        List<RuleProblem> io = new ArrayList<>();
        if (defaultPack) {
            layers.add(RuleLoader.Layer.of(RuleLoader.defaultPackSources()));
        }
        List<RuleLoader.Source> user = new ArrayList<>();
        for (Path p : userPaths) {
            if (!Files.exists(p)) {
                io.add(new RuleProblem(p.toString(), 1, 1, "rules directory or file does not exist",
                        "create it or leave rules.dir empty for the default pack"));
            } else {
                user.addAll(RuleLoader.sources(p, io));
            }
        }
        if (!user.isEmpty()) {
            layers.add(RuleLoader.Layer.of(user));
        }
        if (!topicEntries.isEmpty()) {
            List<RuleLoader.Source> entries = new ArrayList<>();
            topicEntries.forEach((key, value) -> entries.add(new RuleLoader.Source(topicEntryName(key), value)));
            layers.add(new RuleLoader.Layer(List.of(), entries));
        }
        RuleLoadResult r = new RuleLoader(registry).loadLayers(layers, environment);
        if (io.isEmpty()) {
            return r;
        }
        List<RuleProblem> all = new ArrayList<>(io);
        all.addAll(r.problems());
        return new RuleLoadResult(r.rules(), all);
    }

    /** How problems name a rule read from the rules topic. */
    public static String topicEntryName(String key) {
        return "slowburn.rules[" + key + "]";
    }

    /** The rules named by {@code rules.dir} and {@code rules.environment} (an empty dir: the default pack only). */
    public static RuleLoadResult load(DetectorConfig config) {
        return load(config, Map.of());
    }

    /** As {@link #load(DetectorConfig)}, with the rules topic's entries on top. */
    public static RuleLoadResult load(DetectorConfig config, Map<String, String> topicEntries) {
        String dir = config.getString(DetectorConfig.RULES_DIR);
        return load(dir.isBlank() ? List.of() : List.of(Path.of(dir)), true, config.getString(DetectorConfig.RULES_ENVIRONMENT),
                topicEntries);
    }
}
