package io.slowburn.rules;

import java.util.List;
import java.util.Objects;

/**
 * What loading rule files produced: the rules that are valid and every problem found. Loading never stops at the
 * first problem; a rule with any problem is left out of {@link #rules()}.
 */
public record RuleLoadResult(RuleSet rules, List<RuleProblem> problems) {

    public RuleLoadResult {
        Objects.requireNonNull(rules, "rules");
        problems = problems == null ? List.of() : List.copyOf(problems);
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    /** The rules when there were no problems; otherwise throws with all of them. */
    public RuleSet orThrow() {
        if (!ok()) {
            throw new RuleLoadException(problems);
        }
        return rules;
    }

    /** Every problem, one per line, in file order. */
    public String report() {
        StringBuilder sb = new StringBuilder();
        for (RuleProblem p : problems) {
            sb.append(p).append('\n');
        }
        return sb.toString();
    }
}
