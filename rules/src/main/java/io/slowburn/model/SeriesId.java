package io.slowburn.model;

import java.util.Map;
import java.util.TreeMap;

/** Builds the contract's series id, {@code source|metric|k=v,...} with the labels sorted by key. */
public final class SeriesId {

    private SeriesId() {
    }

    public static String of(String source, String metric, Map<String, String> labels) {
        StringBuilder sb = new StringBuilder(source.length() + metric.length() + 16 * labels.size());
        sb.append(source).append('|').append(metric).append('|');
        Map<String, String> sorted = labels instanceof java.util.SortedMap ? labels : new TreeMap<>(labels);
        boolean first = true;
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            sb.append(e.getKey()).append('=').append(e.getValue());
            first = false;
        }
        return sb.toString();
    }
}
