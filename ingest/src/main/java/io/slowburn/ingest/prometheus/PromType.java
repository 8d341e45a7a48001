package io.slowburn.ingest.prometheus;

import java.util.Locale;

/** The metric family types of {@code # TYPE} lines (text format 0.0.4 and OpenMetrics 1.0). */
public enum PromType {
    COUNTER, GAUGE, SUMMARY, HISTOGRAM, GAUGEHISTOGRAM, INFO, STATESET, UNKNOWN;

    /** The type of a {@code # TYPE} line; {@code untyped} (0.0.4) and anything unknown are {@link #UNKNOWN}. */
    static PromType parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }
}
