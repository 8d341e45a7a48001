package io.slowburn.analysis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link Parameters} over a plain map of values (numbers, strings, booleans, lists). Problems are collected,
 * not thrown, so that every one can be reported; {@link #unread()} names keys nobody asked for.
 */
public final class MapParameters implements Parameters {

    private final Map<String, ?> values;
    private final List<String> problems = new ArrayList<>();
    private final Set<String> read = new HashSet<>();
    private final Map<String, Duration> durations = new HashMap<>();

    public MapParameters(Map<String, ?> values) {
        this.values = values == null ? Map.of() : values;
    }

    public static MapParameters of(Map<String, ?> values) {
        return new MapParameters(values);
    }

    /** Every problem so far, and the spans over {@link ParameterBounds#MAX_BUCKETS_PER_SERIES} among what was read. */
    public List<String> problems() {
        List<String> all = new ArrayList<>(problems);
        ParameterBounds.stateSize(durations).forEach(e -> all.add(e.key() + ": " + e.message()));
        return List.copyOf(all);
    }

    /** Keys present in the map that no accessor read: usually a typo in a rule file. */
    public Set<String> unread() {
        Set<String> unread = new HashSet<>(values.keySet());
        unread.removeAll(read);
        return unread;
    }

    private Object get(String key) {
        read.add(key);
        return values.get(key);
    }

    @Override
    public Duration duration(String key, Duration defaultValue) {
        Object v = get(key);
        Duration d = defaultValue;
        if (v != null) {
            try {
                d = Durations.parse(String.valueOf(v));
                String outOfBounds = ParameterBounds.check(key, d);
                if (outOfBounds != null) {
                    problem(key, outOfBounds);
                    d = defaultValue;
                }
            } catch (IllegalArgumentException e) {
                problem(key, e.getMessage());
            }
        }
        if (d != null) {
            durations.put(key, d);
        }
        return d;
    }

    @Override
    public double number(String key, double defaultValue) {
        Object v = get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
            return n.doubleValue();
        }
        problem(key, "expected a finite number, got '" + v + "'");
        return defaultValue;
    }

    @Override
    public long integer(String key, long defaultValue) {
        Object v = get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        problem(key, "expected an integer, got '" + v + "'");
        return defaultValue;
    }

    @Override
    public boolean flag(String key, boolean defaultValue) {
        Object v = get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        problem(key, "expected true or false, got '" + v + "'");
        return defaultValue;
    }

    @Override
    public String text(String key, String defaultValue) {
        Object v = get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof String s) {
            return s;
        }
        problem(key, "expected text, got '" + v + "'");
        return defaultValue;
    }

    @Override
    public List<String> texts(String key, List<String> defaultValue) {
        Object v = get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof List<?> list) {
            List<String> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(String.valueOf(o));
            }
            return out;
        }
        problem(key, "expected a list, got '" + v + "'");
        return defaultValue;
    }

    @Override
    public void problem(String key, String message) {
        problems.add(key + ": " + message);
    }
}
