package io.slowburn.ingest.prometheus;

import io.slowburn.rules.ValueMatcher;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A sample selector of a mapping file, in PromQL's notation: {@code name{label="v", other=~"re", x!="v", y!~"re"}}.
 * Names may contain dots ({@code jvm.memory.used}: OpenTelemetry's names) or be quoted; label names may contain dots
 * too ({@code jvm.memory.type}). Regexes are RE2 and match the whole value (as in PromQL and the rule files); an
 * absent label matches as the empty text.
 *
 * @param matchers by label name, in the order written
 */
public record Selector(String name, Map<String, ValueMatcher> matchers) {

    public Selector {
        Objects.requireNonNull(name, "name");
        matchers = Map.copyOf(matchers);
    }

    /** Parses a selector; a malformed one throws an {@link IllegalArgumentException} quoting it. */
    public static Selector parse(String text) {
        return new SelectorParser(text).parse();
    }

    public boolean matches(PromSample s) {
        if (!s.name().equals(name)) {
            return false;
        }
        for (Map.Entry<String, ValueMatcher> m : matchers.entrySet()) {
            if (!m.getValue().matches(s.labels().get(m.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** The labels this selector names. */
    public Set<String> labelNames() {
        return matchers.keySet();
    }

    /** Labels matched with {@code =}: their value is implied by the selector, so a mapping drops them by default. */
    Set<String> equalityLabels() {
        Map<String, ValueMatcher> eq = new LinkedHashMap<>();
        matchers.forEach((k, v) -> {
            if (v.op() == ValueMatcher.Op.EQUAL) {
                eq.put(k, v);
            }
        });
        return eq.keySet();
    }

    /** The hand-written parser: small enough that a grammar library would be the larger part. */
    private static final class SelectorParser {

        private final String text;
        private int pos;

        SelectorParser(String text) {
            this.text = Objects.requireNonNull(text, "selector").strip();
        }

        Selector parse() {
            String name = peek() == '"' ? quoted() : identifier(true);
            Map<String, ValueMatcher> matchers = new LinkedHashMap<>();
            skipSpace();
            if (peek() == '{') {
                pos++;
                skipSpace();
                while (peek() != '}') {
                    String label = peek() == '"' ? quoted() : identifier(false);
                    skipSpace();
                    String op = operator();
                    skipSpace();
                    String value = quoted();
                    if (matchers.containsKey(label)) {
                        throw error("label '" + label + "' is matched twice");
                    }
                    try {
                        // "=" goes through equalTo: a value that itself starts with "=~" or "!=" is a literal here.
                        matchers.put(label, "=".equals(op) ? ValueMatcher.equalTo(value) : ValueMatcher.parse(op + value));
                    } catch (IllegalArgumentException e) {
                        throw error(e.getMessage());
                    }
                    skipSpace();
                    if (peek() == ',') {
                        pos++;
                        skipSpace();
                    } else if (peek() != '}') {
                        throw error("expected ',' or '}'");
                    }
                }
                pos++;
            }
            skipSpace();
            if (pos != text.length()) {
                throw error("unexpected text after the selector");
            }
            if (name.isEmpty()) {
                throw error("no metric name");
            }
            return new Selector(name, matchers);
        }

        private String operator() {
            if (text.startsWith("=~", pos) || text.startsWith("!=", pos) || text.startsWith("!~", pos)) {
                pos += 2;
                return text.substring(pos - 2, pos);
            }
            if (peek() == '=') {
                pos++;
                return "=";
            }
            throw error("expected =, !=, =~ or !~");
        }

        private String identifier(boolean metricName) {
            int start = pos;
            while (pos < text.length()) {
                char c = text.charAt(pos);
                boolean ok = Character.isLetter(c) && c < 128 || c == '_' || c == '.' || (metricName && c == ':')
                        || (pos > start && Character.isDigit(c));
                if (!ok) {
                    break;
                }
                pos++;
            }
            if (pos == start) {
                throw error(metricName ? "expected a metric name" : "expected a label name");
            }
            return text.substring(start, pos);
        }

        private String quoted() {
            if (peek() != '"') {
                throw error("expected a double-quoted value");
            }
            pos++;
            StringBuilder sb = new StringBuilder();
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\' && pos < text.length()) {
                    char e = text.charAt(pos++);
                    sb.append(e == 'n' ? '\n' : e);
                } else {
                    sb.append(c);
                }
            }
            throw error("unterminated quoted value");
        }

        private char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private IllegalArgumentException error(String why) {
            return new IllegalArgumentException("not a selector like name{label=\"value\"}: '" + text + "': " + why
                    + " at column " + (pos + 1));
        }
    }
}
