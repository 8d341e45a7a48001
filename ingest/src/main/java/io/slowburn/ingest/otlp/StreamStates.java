package io.slowburn.ingest.otlp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the conversion remembers per OTLP stream (resource, metric, attributes): the running total of a delta sum, the
 * previous point of a histogram. Bounded: beyond {@code maxStreams} the least recently seen stream is forgotten. A
 * forgotten delta sum starts again from zero, which the detector reads as a counter reset (a restart), not as a
 * drop in traffic; a forgotten histogram skips one interval.
 */
final class StreamStates {

    /** A delta sum accumulated to a cumulative one. */
    static final class Total {
        double value;
        long lastTimeNanos = Long.MIN_VALUE;
    }

    /** The last point of a histogram or summary stream (cumulative: as received; delta: accumulated). */
    static final class Last {
        HistogramPoint point;
        long startTimeNanos;
        long lastTimeNanos = Long.MIN_VALUE;
    }

    private final int maxStreams;
    private final Map<String, Object> states;
    private long evicted;

    StreamStates(int maxStreams) {
        if (maxStreams < 1) {
            throw new IllegalArgumentException("maxStreams must be at least 1, got " + maxStreams);
        }
        this.maxStreams = maxStreams;
        this.states = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
                boolean full = size() > StreamStates.this.maxStreams;
                if (full) {
                    evicted++;
                }
                return full;
            }
        };
    }

    Total total(String key) {
        return state(key, Total.class, Total::new);
    }

    Last last(String key) {
        return state(key, Last.class, Last::new);
    }

    /** The stream's state of that kind; a fresh one when it has none or one of another kind (its type changed). */
    private <T> T state(String key, Class<T> type, Supplier<T> fresh) {
        Object o = states.get(key);
        if (type.isInstance(o)) {
            return type.cast(o);
        }
        T t = fresh.get();
        states.put(key, t);
        return t;
    }

    int size() {
        return states.size();
    }

    long evicted() {
        return evicted;
    }
}
