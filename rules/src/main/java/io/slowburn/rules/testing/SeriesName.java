package io.slowburn.rules.testing;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test series' name as {@code metric{source="host-1",area="heap"}}: the metric and its labels, the label
 * {@code source} being the sample's source.
 */
public record SeriesName(String metric, String source, Map<String, String> labels) {

    private static final Pattern WHOLE = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_.:-]*)\\s*(?:\\{(.*)})?\\s*");
    private static final Pattern LABEL = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_.-]*)\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*(,|$)");

    public SeriesName {
        labels = Map.copyOf(labels);
    }

    /** Parses {@code metric{k="v",...}}; {@code source} is required. Throws with the reason. */
    public static SeriesName parse(String text) {
        Matcher m = WHOLE.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("bad series name '" + text + "': expected metric{source=\"host-1\",label=\"value\"}");
        }
        Map<String, String> labels = new TreeMap<>();
        String body = m.group(2);
        if (body != null && !body.isBlank()) {
            Matcher l = LABEL.matcher(body);
            int at = 0;
            while (at < body.length()) {
                l.region(at, body.length());
                if (!l.lookingAt()) {
                    throw new IllegalArgumentException("bad labels in '" + text + "' at '" + body.substring(at)
                        + "': expected name=\"value\", separated by commas");
                }
                labels.put(l.group(1), l.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
                at = l.end();
            }
        }
        String source = labels.remove("source");
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("series '" + text + "' names no source: add source=\"host-1\" to the labels");
        }
        return new SeriesName(m.group(1), source, labels);
    }
}
