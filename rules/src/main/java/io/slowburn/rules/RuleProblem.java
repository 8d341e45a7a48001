package io.slowburn.rules;

import java.util.Objects;

/**
 * One thing wrong with a rule file, with where it is and, when one is known, how to fix it.
 * {@link #toString()} reads like a compiler message:
 * {@code rules/heap.yaml:12:7: unknown parameter 'horizn' for analysis trend_to_limit (did you mean 'horizon'?)}.
 *
 * @param line 1-based line
 * @param column 1-based column
 * @param hint a suggestion, or {@code null}
 */
public record RuleProblem(String file, int line, int column, String message, String hint) {

    public RuleProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
        message = Excerpt.of(message, Excerpt.MESSAGE); // never a whole file, whatever quoted it
        hint = hint == null ? null : Excerpt.of(hint, Excerpt.MESSAGE);
    }

    public static RuleProblem at(Location where, String message, String hint) {
        return new RuleProblem(where.file(), where.line(), where.column(), message, hint);
    }

    public Location location() {
        return new Location(file, line, column);
    }

    @Override
    public String toString() {
        String text = file + ":" + line + ":" + column + ": " + message;
        return hint == null || hint.isEmpty() ? text : text + " (" + hint + ")";
    }
}
