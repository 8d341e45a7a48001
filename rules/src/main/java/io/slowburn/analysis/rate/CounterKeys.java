package io.slowburn.analysis.rate;

import io.slowburn.model.SeriesId;
import java.util.Map;

/**
 * The {@link CounterTracker} key of a counter series, {@code SeriesId.of("", metric, labels)}, remembered for the last
 * few series of one state: a rate state sees the same two or three counters of its source at every sample, and
 * building the key (escaping, a new string, its hash) for each was a third of what a retry ratio cost. Matched by
 * content, so a sample whose metric and labels are other objects with the same text (decoded again between stages)
 * finds its key too. Not stored: a state read from bytes starts empty.
 */
final class CounterKeys {

    private static final int KEPT = 4;

    private final String[] metrics = new String[KEPT];
    private final Map<?, ?>[] labels = new Map<?, ?>[KEPT];
    private final String[] keys = new String[KEPT];
    private int next;

    String of(String metric, Map<String, String> named) {
        for (int i = 0; i < KEPT; i++) {
            String m = metrics[i];
            if (m != null && (m == metric || m.equals(metric)) && (labels[i] == named || labels[i].equals(named))) {
                return keys[i];
            }
        }
        String key = SeriesId.of("", metric, named);
        metrics[next] = metric;
        labels[next] = named;
        keys[next] = key;
        next = (next + 1) % KEPT;
        return key;
    }
}
