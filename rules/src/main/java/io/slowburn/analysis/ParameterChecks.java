package io.slowburn.analysis;

import java.time.Duration;

/**
 * Reads parameters with range checks, reporting problems through {@link Parameters#problem} with the bad value quoted
 * ({@code must be between '1s' and '7d', got '10d'}); a parameter out of range falls back to its default so that the
 * other parameters are still checked. Every analysis checks its parameters here; {@link ParameterBounds} holds the
 * bounds every parameter obeys whatever its analysis.
 */
public final class ParameterChecks {

    private ParameterChecks() {
    }

    /** A duration strictly greater than zero (and no less than {@code min} when given). */
    public static Duration positive(Parameters p, String key, Duration defaultValue) {
        Duration d = p.duration(key, defaultValue);
        if (d.isNegative() || d.isZero()) {
            p.problem(key, "must be greater than zero, got '" + Durations.format(d) + "'");
            return defaultValue;
        }
        return d;
    }

    /** A duration of zero or more. */
    public static Duration nonNegative(Parameters p, String key, Duration defaultValue) {
        Duration d = p.duration(key, defaultValue);
        if (d.isNegative()) {
            p.problem(key, "must not be negative, got '" + Durations.format(d) + "'");
            return defaultValue;
        }
        return d;
    }

    /** A number in the open interval (low, high). */
    public static double openRange(Parameters p, String key, double defaultValue, double low, double high) {
        double v = p.number(key, defaultValue);
        if (!(v > low && v < high)) {
            p.problem(key, "must be between " + low + " and " + high + " (exclusive), got '" + v + "'");
            return defaultValue;
        }
        return v;
    }

    /** A number strictly greater than {@code low}. */
    public static double above(Parameters p, String key, double defaultValue, double low) {
        double v = p.number(key, defaultValue);
        if (!(v > low)) {
            p.problem(key, "must be greater than " + low + ", got '" + v + "'");
            return defaultValue;
        }
        return v;
    }

    /** A number of at least {@code low}. */
    public static double atLeast(Parameters p, String key, double defaultValue, double low) {
        double v = p.number(key, defaultValue);
        if (!(v >= low)) {
            p.problem(key, "must be at least " + low + ", got '" + v + "'");
            return defaultValue;
        }
        return v;
    }

    /** A duration in {@code [min, max]}. */
    public static Duration durationBetween(Parameters p, String key, Duration defaultValue, Duration min, Duration max) {
        Duration d = p.duration(key, defaultValue);
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            p.problem(key, "must be between '" + Durations.format(min) + "' and '" + Durations.format(max) + "', got '"
                    + Durations.format(d) + "'");
            return defaultValue;
        }
        return d;
    }

    /** A duration of at most {@code max}. */
    public static Duration durationAtMost(Parameters p, String key, Duration defaultValue, Duration max) {
        Duration d = p.duration(key, defaultValue);
        if (d.compareTo(max) > 0) {
            p.problem(key, "must be at most '" + Durations.format(max) + "', got '" + Durations.format(d) + "'");
            return defaultValue;
        }
        return d;
    }

    /** A duration of at least {@code min}. */
    public static Duration durationAtLeast(Parameters p, String key, Duration defaultValue, Duration min) {
        Duration d = p.duration(key, defaultValue);
        if (d.compareTo(min) < 0) {
            p.problem(key, "must be at least '" + Durations.format(min) + "', got '" + Durations.format(d) + "'");
            return defaultValue;
        }
        return d;
    }

    /** A whole number in {@code [low, high]}. */
    public static long integerBetween(Parameters p, String key, long defaultValue, long low, long high) {
        long v = p.integer(key, defaultValue);
        if (v < low || v > high) {
            p.problem(key, "must be between " + low + " and " + high + ", got '" + v + "'");
            return defaultValue;
        }
        return v;
    }

    /** A number in the closed interval {@code [low, high]}. */
    public static double numberBetween(Parameters p, String key, double defaultValue, double low, double high) {
        double v = p.number(key, defaultValue);
        if (!(v >= low && v <= high)) {
            p.problem(key, "must be between " + low + " and " + high + ", got '" + v + "'");
            return defaultValue;
        }
        return v;
    }

    /** Checks that {@code larger} is a whole multiple of {@code unit}; reports against {@code key}. */
    public static boolean multipleOf(Parameters p, String key, Duration larger, Duration unit, String unitKey) {
        if (larger.toMillis() % unit.toMillis() != 0) {
            p.problem(key, "must be a whole multiple of " + unitKey + " '" + Durations.format(unit) + "', got '"
                    + Durations.format(larger) + "'");
            return false;
        }
        return true;
    }
}
