package io.slowburn.rules;

import java.util.List;

/** Rule files had problems; the message lists all of them, one per line. */
public final class RuleLoadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<RuleProblem> problems;

    public RuleLoadException(List<RuleProblem> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    public List<RuleProblem> problems() {
        return problems;
    }

    private static String message(List<RuleProblem> problems) {
        StringBuilder sb = new StringBuilder();
        sb.append(problems.size()).append(problems.size() == 1 ? " problem" : " problems").append(" in rule files:");
        for (RuleProblem p : problems) {
            sb.append('\n').append(p);
        }
        return sb.toString();
    }
}
