package io.slowburn.analysis.trend;

import java.util.Random;

/** Synthetic heap and memory series for the trend tests, deterministic given the seed. */
final class TrendScenarios {

    static final long T0 = 1_772_409_600_000L;
    static final long HOUR = 3_600_000L;

    private TrendScenarios() {
    }

    /** A value at an event time. */
    interface Shape {
        double at(long ts);
    }

    /** A young-gen sawtooth (allocation ramps, collection drops to the floor) over a floor that may rise. */
    static Shape sawtooth(double floor0, double floorSlopePerHour, long leakStartMs, double amplitude, long periodMs,
                          double floorNoise, long seed) {
        Random r = new Random(seed);
        return ts -> {
            double hoursLeaking = Math.max(0, ts - leakStartMs) / (double) HOUR;
            double floor = floor0 + floorSlopePerHour * hoursLeaking + floorNoise * r.nextGaussian();
            double phase = Math.floorMod(ts - T0, periodMs) / (double) periodMs;
            return floor + amplitude * phase;
        };
    }

    /**
     * A sawtooth as a bounded JVM heap draws it: collections bring the heap back to the floor, and they are
     * triggered when occupancy reaches {@code ceiling}, so the peaks stay put while a leak raises the floor.
     */
    static Shape sawtoothToCeiling(double floor0, double floorSlopePerHour, double ceiling, long periodMs, double floorNoise,
                                   long seed) {
        Random r = new Random(seed);
        return ts -> {
            double floor = floor0 + floorSlopePerHour * (ts - T0) / HOUR + floorNoise * r.nextGaussian();
            double phase = Math.floorMod(ts - T0, periodMs) / (double) periodMs;
            return floor + Math.max(0, ceiling - floor) * phase;
        };
    }

    /** Page cache: grows linearly for {@code growMs} each day from {@code base}, then the kernel reclaims it. */
    static Shape pageCache(double base, double growthPerHour, long growMs, double noise, long seed) {
        Random r = new Random(seed);
        return ts -> {
            long sinceDayStart = Math.floorMod(ts - T0, 24 * HOUR);
            double grown = growthPerHour * Math.min(sinceDayStart, growMs) / HOUR;
            if (sinceDayStart > growMs) {
                grown = 0;
            }
            return base + grown + noise * r.nextGaussian();
        };
    }
}
