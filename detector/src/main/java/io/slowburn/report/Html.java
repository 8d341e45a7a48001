package io.slowburn.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Escaping and formatting for the report. Every text that comes from a record (sources, labels, rule names, summaries,
 * reasons) is attacker-controlled: it goes into the page only through {@link #text}, which escapes it for element
 * content and for double-quoted attribute values alike.
 */
public final class Html {

    private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Html() {
    }

    /** Escapes {@code & < > " '} (and drops control characters other than tab and newline). */
    public static String text(Object value) {
        String s = value == null ? "" : String.valueOf(value);
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t') {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    /** An event time as {@code 2026-03-02 02:50:00Z}. */
    public static String time(long ts) {
        return FULL.format(Instant.ofEpochMilli(ts));
    }

    /** A short axis label: {@code HH:mm}, or {@code MM-dd HH:mm} when the axis spans days. */
    static String tick(long ts, boolean withDay) {
        return (withDay ? DAY : CLOCK).format(Instant.ofEpochMilli(ts));
    }

    /** A number in 3 significant digits, with k/M/G suffixes for large values. */
    public static String number(double v) {
        if (!Double.isFinite(v)) {
            return String.valueOf(v);
        }
        double a = Math.abs(v);
        if (a >= 1e9) {
            return String.format(Locale.ROOT, "%.3gG", v / 1e9);
        }
        if (a >= 1e6) {
            return String.format(Locale.ROOT, "%.3gM", v / 1e6);
        }
        if (a >= 1e4) {
            return String.format(Locale.ROOT, "%.3gk", v / 1e3);
        }
        if (a == Math.rint(a) && a < 1e4) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /** A duration in the largest fitting unit: {@code 45 s}, {@code 12 min}, {@code 3.4 h}, {@code 2.1 d}. */
    public static String duration(double seconds) {
        if (seconds < 120) {
            return String.format(Locale.ROOT, "%.0f s", seconds);
        }
        if (seconds < 7200) {
            return String.format(Locale.ROOT, "%.0f min", seconds / 60);
        }
        if (seconds < 172_800) {
            return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
        }
        return String.format(Locale.ROOT, "%.1f d", seconds / 86400);
    }
}
