package io.slowburn.model;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Builds the contract's series id, {@code source|metric|k=v,...} with the labels sorted by key, so that two distinct
 * (source, metric, labels) never share an id, and so never share state.
 *
 * <p>Separators alone cannot promise that: {@code {a:"1,b=2"}} and {@code {a:"1", b:"2"}} would both read
 * {@code a=1,b=2}. So inside each part a backslash escapes the characters that could end it: {@code \\} and
 * {@code |} everywhere, {@code ,} in label names and values, {@code =} in label names (a value may hold {@code =}:
 * its name already ended at the first unescaped one). Reading left to right, an unescaped separator is always a
 * separator: the id is injective. The codec already refuses {@code |} in names, {@code ,} and {@code |} in label
 * values and {@code =} in label names, so only an id holding a backslash reads differently from before the escaping
 * (its state, kept under the old id, is left behind on upgrade). The id is a Java string; distinct ids are distinct
 * UTF-8 keys only because the codec refuses lone surrogates ({@link WellFormedText}).
 */
public final class SeriesId {

    private static final String IN_NAME = "\\|";
    private static final String IN_LABEL_NAME = "\\|,=";
    private static final String IN_LABEL_VALUE = "\\|,";

    private SeriesId() {
    }

    public static String of(String source, String metric, Map<String, String> labels) {
        StringBuilder sb = new StringBuilder(source.length() + metric.length() + 16 * labels.size());
        escape(sb, source, IN_NAME).append('|');
        escape(sb, metric, IN_NAME).append('|');
        // Most series have no labels: an empty map needs no sorting copy (MetricSample keeps its labels sorted already).
        Map<String, String> sorted = labels.isEmpty() || labels instanceof SortedMap ? labels : new TreeMap<>(labels);
        boolean first = true;
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            escape(sb, e.getKey(), IN_LABEL_NAME).append('=');
            escape(sb, e.getValue(), IN_LABEL_VALUE);
            first = false;
        }
        return sb.toString();
    }

    /** The source part of a series id, unescaped: everything before the first unescaped {@code |}. */
    public static String sourceOf(String seriesId) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < seriesId.length(); i++) {
            char c = seriesId.charAt(i);
            if (c == '\\' && i + 1 < seriesId.length()) {
                sb.append(seriesId.charAt(++i));
            } else if (c == '|') {
                return sb.toString();
            } else {
                sb.append(c);
            }
        }
        throw new IllegalArgumentException("not a series id (no '|'): '" + seriesId + "'");
    }

    /** True when the part holds none of the characters any part escapes ({@code \\ | , =}). */
    private static boolean plain(String part) {
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '\\' || c == '|' || c == ',' || c == '=') {
                return false;
            }
        }
        return true;
    }

    private static StringBuilder escape(StringBuilder sb, String part, String specials) {
        if (plain(part)) {
            return sb.append(part); // the common case, appended whole: an id is built for every sample
        }
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (specials.indexOf(c) >= 0) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb;
    }
}
