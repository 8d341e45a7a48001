package io.slowburn.engine;

import io.slowburn.model.MetricSample;
import java.util.Map;

/**
 * The series ids of recent samples, by the very objects that name their series: a reader hands on the same source,
 * metric and labels objects for every sample of a series ({@link MetricRecordReader}), so the id built for the first
 * sample serves the next ones instead of being built again for every sample (with a string hash each time it is
 * looked up). A fixed table: each slot keeps the last series that hashed to it; a sample whose objects are not the
 * kept ones (another series, or a reader that made new ones) gets its id built as before. For one stage's thread.
 *
 * <p>An entry can also carry what its user keeps of the series ({@link #attached}, {@link #attach}), under an epoch the
 * user moves on whenever all it kept is forgotten: the series stage finds a series' rules there without a map lookup.
 *
 * @param <V> what is attached to an entry
 */
final class RecentSeriesIds<V> {

    private static final int SLOTS = 4096;

    private final String[] sources = new String[SLOTS];
    private final String[] metrics = new String[SLOTS];
    private final Object[] labels = new Object[SLOTS];
    private final String[] ids = new String[SLOTS];
    private final Object[] values = new Object[SLOTS];
    private final long[] epochs = new long[SLOTS];
    /** The entry of the last sample given to {@link #of}. */
    private int last;

    /** The sample's {@link MetricSample#seriesId()}. */
    String of(MetricSample sample) {
        String source = sample.source();
        String metric = sample.metric();
        Map<String, String> named = sample.labels();
        int h = (31 * System.identityHashCode(source) + System.identityHashCode(metric)) * 31 + System.identityHashCode(named);
        int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
        last = slot;
        if (sources[slot] == source && metrics[slot] == metric && labels[slot] == named) {
            return ids[slot];
        }
        String id = sample.seriesId();
        sources[slot] = source;
        metrics[slot] = metric;
        labels[slot] = named;
        ids[slot] = id;
        values[slot] = null;
        return id;
    }

    /** What was attached to the last sample's series under {@code epoch}; null when nothing (or under another epoch). */
    @SuppressWarnings("unchecked")
    V attached(long epoch) {
        return epochs[last] == epoch ? (V) values[last] : null;
    }

    /** Attaches {@code value} to the last sample's series under {@code epoch}. */
    void attach(V value, long epoch) {
        values[last] = value;
        epochs[last] = epoch;
    }
}
