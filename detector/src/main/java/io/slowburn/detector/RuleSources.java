package io.slowburn.detector;

import io.slowburn.rules.AnalysisRegistry;
import io.slowburn.rules.Rule;
import io.slowburn.rules.RuleLoadResult;
import io.slowburn.rules.RuleLoader;
import io.slowburn.rules.RuleProblem;
import io.slowburn.rules.RuleSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules in force: the default pack, with a user's rules directory on top (a rule with a default's name
 * replaces it; other rules are added).
 */
public final class RuleSources {

    private RuleSources() {
    }

    /** The layered rules, or every problem found (file:line:col). */
    public static RuleLoadResult load(Path userDir) {
        AnalysisRegistry registry = AnalysisRegistry.defaults();
        RuleLoadResult defaults = RuleLoader.defaultPackResult(registry);
        if (userDir == null) {
            return defaults;
        }
        if (!Files.exists(userDir)) {
            return new RuleLoadResult(defaults.rules(), List.of(new RuleProblem(userDir.toString(), 0, 0,
                    "rules directory does not exist", "create it or leave rules.dir empty for the default pack")));
        }
        RuleLoadResult user = new RuleLoader(registry).load(userDir);
        Map<String, Rule> merged = new LinkedHashMap<>();
        defaults.rules().rules().forEach(r -> merged.put(r.name(), r));
        user.rules().rules().forEach(r -> merged.put(r.name(), r));
        List<RuleProblem> problems = new ArrayList<>(defaults.problems());
        problems.addAll(user.problems());
        return new RuleLoadResult(RuleSet.of(new ArrayList<>(merged.values())), problems);
    }

    /** The rules named by {@code rules.dir} (empty for the default pack alone). */
    public static RuleLoadResult load(DetectorConfig config) {
        String dir = config.getString(DetectorConfig.RULES_DIR);
        return load(dir.isBlank() ? null : Path.of(dir));
    }
}
