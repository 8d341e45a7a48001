package io.slowburn.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names the README documents in its Self-metrics paragraph (the paragraph that begins
 * {@code **Self-metrics.**}), and the metric names a PromQL expression reads: what the scrape, the alerting rules and
 * the dashboard are checked against.
 */
public final class DocumentedMetrics {

    private static final Pattern NAME = Pattern.compile("\\b(?:slowburn|kafka)_[a-z0-9_]+\\b");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right", "and",
            "or", "unless", "bool", "offset", "inf", "nan");

    private DocumentedMetrics() {
    }

    /** The repository's top directory (the README's), found upwards from the working directory. */
    public static Path top() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("README.md"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no README.md above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** The README's Self-metrics paragraph, up to the blank line that ends it. */
    public static String paragraph() {
        String readme;
        try {
            readme = Files.readString(top().resolve("README.md"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int start = readme.indexOf("**Self-metrics.**");
        if (start < 0) {
            throw new IllegalStateException("README.md has no **Self-metrics.** paragraph");
        }
        int end = readme.indexOf("\n\n", start);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    /** Every {@code slowburn_*} and {@code kafka_*} name in the Self-metrics paragraph. */
    public static Set<String> names() {
        return matching(paragraph(), NAME);
    }

    /** The documented names with the prefix ({@code slowburn_} or {@code kafka_}). */
    public static Set<String> names(String prefix) {
        Set<String> out = new TreeSet<>();
        names().stream().filter(n -> n.startsWith(prefix)).forEach(out::add);
        return out;
    }

    /** The names of the {@code slowburn_*} and {@code kafka_*} metrics any text mentions (annotations, descriptions). */
    public static Set<String> mentioned(String text) {
        return matching(text, NAME);
    }

    /**
     * The metric names a PromQL expression reads: its identifiers once strings, label matchers, ranges, grouping
     * clauses, function and aggregation calls, keywords and numbers are taken away.
     */
    public static Set<String> readBy(String promql) {
        String e = promql.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\$\\w+", " ");
        Set<String> out = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(e);
        while (m.find()) {
            String id = m.group();
            boolean call = e.substring(m.end()).stripLeading().startsWith("(");
            boolean partOfNumber = m.start() > 0 && Character.isDigit(e.charAt(m.start() - 1));
            if (!call && !partOfNumber && !KEYWORDS.contains(id.toLowerCase(java.util.Locale.ROOT))) {
                out.add(id);
            }
        }
        return out;
    }

    private static Set<String> matching(String text, Pattern p) {
        Set<String> out = new TreeSet<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
