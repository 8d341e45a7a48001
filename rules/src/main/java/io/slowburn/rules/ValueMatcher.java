package io.slowburn.rules;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.Objects;

/**
 * Matches one text value the way rule files write it: {@code v} (equal), {@code =~re} (the whole value matches
 * the regex), {@code !=v} (not equal), {@code !~re} (does not match). An absent value is matched as the empty
 * text, as in Prometheus: {@code !=v} holds for it and {@code v} does not. Regexes are compiled once.
 *
 * <p>Regexes are RE2 syntax (as in Prometheus), compiled with RE2/J: matching is linear in the text whatever the
 * pattern, so {@code =~(.*a){15}} cannot hang the detector on one hostile label. RE2 has no backreferences and no
 * lookaround; a pattern that uses them is refused when the rule is loaded, with RE2/J's reason.
 */
public final class ValueMatcher {

    /** How the value is compared. */
    public enum Op {
        EQUAL(""),
        REGEX("=~"),
        NOT_EQUAL("!="),
        NOT_REGEX("!~");

        private final String prefix;

        Op(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }
    }

    private final Op op;
    private final String operand;
    private final Pattern pattern;

    private ValueMatcher(Op op, String operand) {
        this.op = op;
        this.operand = operand;
        this.pattern = op == Op.REGEX || op == Op.NOT_REGEX ? compile(operand) : null;
    }

    private static Pattern compile(String re) {
        long size = RegexSize.estimate(re);
        if (size > RegexSize.MAX) {
            // RE2/J matches in linear time but compiles counted repeats by copying: refuse before compiling
            throw new IllegalArgumentException("regular expression '" + excerpt(re) + "' is too large: its counted repeats "
                    + "expand to more than " + RegexSize.MAX + " instructions");
        }
        return Pattern.compile(re);
    }

    /** Parses {@code v}, {@code =~re}, {@code !=v} or {@code !~re}; a bad regex throws with the reason. */
    public static ValueMatcher parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        try {
            if (spec.startsWith("=~")) {
                return new ValueMatcher(Op.REGEX, spec.substring(2));
            }
            if (spec.startsWith("!~")) {
                return new ValueMatcher(Op.NOT_REGEX, spec.substring(2));
            }
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("bad regular expression '" + excerpt(spec.substring(2)) + "': " + e.getDescription()
                    + " (RE2 syntax: no backreferences, no lookaround, repeats of at most 1000)", e);
        }
        if (spec.startsWith("!=")) {
            return new ValueMatcher(Op.NOT_EQUAL, spec.substring(2));
        }
        return new ValueMatcher(Op.EQUAL, spec);
    }

    private static String excerpt(String s) {
        return Excerpt.of(s, 80);
    }

    public static ValueMatcher equalTo(String value) {
        return new ValueMatcher(Op.EQUAL, value);
    }

    public Op op() {
        return op;
    }

    public String operand() {
        return operand;
    }

    /** Whether this matcher excludes values ({@code !=}, {@code !~}) rather than selecting them. */
    public boolean negative() {
        return op == Op.NOT_EQUAL || op == Op.NOT_REGEX;
    }

    /** Whether the value (absent: {@code null}, taken as empty) satisfies this matcher. */
    public boolean matches(String value) {
        String v = value == null ? "" : value;
        return switch (op) {
            case EQUAL -> operand.equals(v);
            case NOT_EQUAL -> !operand.equals(v);
            case REGEX -> pattern.matcher(v).matches();
            case NOT_REGEX -> !pattern.matcher(v).matches();
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ValueMatcher m && m.op == op && m.operand.equals(operand);
    }

    @Override
    public int hashCode() {
        return Objects.hash(op, operand);
    }

    @Override
    public String toString() {
        return op.prefix() + operand;
    }
}
