package io.slowburn.ingest.simulate;

import io.slowburn.analysis.Durations;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the quantities scenario files write: sizes ({@code 150MB}, {@code 4GiB}, {@code 2.5e8}) and points in
 * event time ({@code +20h} after the scenario start, an ISO-8601 instant, or epoch milliseconds).
 */
final class Quantities {

    private static final Pattern SIZE = Pattern.compile("([0-9]+(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)\\s*([KMGT]i?B|B)?");

    private Quantities() {
    }

    /** A size or plain number: decimal suffixes (KB, MB, GB, TB) are powers of 1000, binary ones (KiB...) of 1024. */
    static double size(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a number or a size such as '150MB' or '4GiB', got '" + text + "'");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2);
        if (unit == null || "B".equals(unit)) {
            return n;
        }
        int power = "KMGT".indexOf(unit.charAt(0)) + 1;
        double base = unit.contains("i") ? 1024 : 1000;
        return n * Math.pow(base, power);
    }

    /**
     * A point in event time: {@code +20h} or {@code 20h} (after {@code start}), {@code -30m} (before it), an ISO-8601
     * instant, or epoch milliseconds.
     */
    static long time(String text, long start) {
        String s = text.trim();
        if (s.matches("[0-9]{12,}")) {
            return Long.parseLong(s);
        }
        if (s.startsWith("+") || s.startsWith("-") || Character.isDigit(s.charAt(0)) && !s.contains("T")) {
            boolean negative = s.startsWith("-");
            String body = s.startsWith("+") || negative ? s.substring(1) : s;
            long offset = "0".equals(body) ? 0 : Durations.parse(body).toMillis();
            return negative ? start - offset : start + offset;
        }
        return instant(s);
    }

    /** An absolute instant: ISO-8601 or epoch milliseconds. */
    static long instant(String text) {
        String s = text.trim();
        if (s.matches("[0-9]+")) {
            return Long.parseLong(s);
        }
        try {
            return Instant.parse(s).toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(s).toInstant().toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("expected an ISO-8601 instant such as '2026-03-02T00:00:00Z' or epoch "
                        + "milliseconds, got '" + text + "'");
            }
        }
    }

    /** A duration as scenario files write it, for messages. */
    static String offset(long ms) {
        return (ms < 0 ? "-" : "+") + Durations.format(java.time.Duration.ofMillis(Math.abs(ms))).toLowerCase(Locale.ROOT);
    }
}
