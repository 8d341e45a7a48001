package io.slowburn.analysis.anomaly;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Reads the timestamps of one file into epoch milliseconds and says how it read them. Accepted: ISO-8601 with a
 * zone or an offset ({@code 2014-04-01T00:00:00Z}, {@code 2014-04-01T02:00:00+02:00}), ISO-8601 without a zone
 * and {@code YYYY-MM-DD HH:MM:SS[.fff]} (both read as UTC), and epoch numbers. Whether epoch numbers are seconds
 * or milliseconds is decided once per file from the first one's magnitude (below 1e11 is seconds: 1e11 seconds is
 * the year 5138 while 1e11 milliseconds is 1973); a later number of the other magnitude is an error, as are
 * numbers of 1e14 and more (microseconds and nanoseconds are not read) and a file mixing numbers and dates.
 * One instance per file; not thread-safe.
 */
public final class TimestampReader {

    /** Epoch numbers below this are seconds, from this up to {@link #MAX_MILLIS} milliseconds. */
    static final double SECONDS_BELOW = 1e11;
    static final double MAX_MILLIS = 1e14;

    private enum Kind { UNKNOWN, EPOCH_SECONDS, EPOCH_MILLIS, DATE_UTC, DATE_ZONED, DATE_MIXED }

    private Kind kind = Kind.UNKNOWN;
    private String first;

    /**
     * Epoch milliseconds of one timestamp.
     *
     * @throws IllegalArgumentException with the problem (without a line number)
     */
    public long read(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("the timestamp is empty");
        }
        if (isNumber(t)) {
            return readEpoch(t);
        }
        if (kind == Kind.EPOCH_SECONDS || kind == Kind.EPOCH_MILLIS) {
            throw new IllegalArgumentException("expected an epoch number like the earlier timestamps ('" + first + "'), got '"
                + abbreviate(t) + "'");
        }
        String iso = t.length() > 10 && t.charAt(10) == ' ' ? t.substring(0, 10) + 'T' + t.substring(11).trim() : t;
        long ms;
        boolean zoned = hasZone(iso);
        try {
            if (!zoned) {
                ms = LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC).toEpochMilli();
            } else if (iso.endsWith("]")) {
                ms = ZonedDateTime.parse(iso).toInstant().toEpochMilli();
            } else {
                ms = OffsetDateTime.parse(iso).toInstant().toEpochMilli();
            }
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expected a timestamp (YYYY-MM-DD HH:MM:SS, ISO-8601, epoch seconds or "
                + "epoch milliseconds), got '" + abbreviate(t) + "'", e);
        }
        Kind k = zoned ? Kind.DATE_ZONED : Kind.DATE_UTC;
        if (kind == Kind.UNKNOWN) {
            kind = k;
            first = abbreviate(t);
        } else if (kind != k) {
            kind = Kind.DATE_MIXED;
        }
        return ms;
    }

    private long readEpoch(String t) {
        double v;
        try {
            v = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a timestamp, got '" + abbreviate(t) + "'", e);
        }
        double magnitude = Math.abs(v);
        if (!(magnitude < MAX_MILLIS)) {
            throw new IllegalArgumentException("epoch timestamp '" + abbreviate(t) + "' is too large for milliseconds "
                + "(microseconds and nanoseconds are not read)");
        }
        Kind k = magnitude < SECONDS_BELOW ? Kind.EPOCH_SECONDS : Kind.EPOCH_MILLIS;
        if (kind == Kind.UNKNOWN) {
            kind = k;
            first = abbreviate(t);
        } else if (kind == Kind.EPOCH_SECONDS || kind == Kind.EPOCH_MILLIS) {
            if (kind != k) {
                throw new IllegalArgumentException("epoch timestamp '" + abbreviate(t) + "' looks like " + unit(k)
                    + " but this file's first one ('" + first + "') was read as " + unit(kind));
            }
        } else {
            throw new IllegalArgumentException("expected a date-time like the earlier timestamps ('" + first + "'), got '"
                + abbreviate(t) + "'");
        }
        return Math.round(k == Kind.EPOCH_SECONDS ? v * 1000 : v);
    }

    private static String unit(Kind k) {
        return k == Kind.EPOCH_SECONDS ? "epoch seconds" : "epoch milliseconds";
    }

    /** How the timestamps were read, for the user: one line, or null before the first timestamp. */
    public String describe() {
        return switch (kind) {
            case UNKNOWN -> null;
            case EPOCH_SECONDS -> "timestamps are epoch seconds (first " + first + ", below 1e11), read as seconds";
            case EPOCH_MILLIS -> "timestamps are epoch milliseconds (first " + first + ", 1e11 or more)";
            case DATE_UTC -> "timestamps are date-times without a zone (first '" + first + "'), read as UTC";
            case DATE_ZONED -> "timestamps are date-times with a zone or offset (first '" + first + "')";
            case DATE_MIXED -> "timestamps are date-times, some without a zone (read as UTC), some with one";
        };
    }

    /** Whether a date-time names its zone: Z, an offset or a region after the time of day. */
    private static boolean hasZone(String iso) {
        int time = iso.indexOf('T');
        if (time < 0) {
            return false;
        }
        for (int i = time + 1; i < iso.length(); i++) {
            char c = iso.charAt(i);
            if (c == 'Z' || c == 'z' || c == '+' || c == '-' || c == '[') {
                return true;
            }
        }
        return false;
    }

    private static boolean isNumber(String t) {
        int i = t.charAt(0) == '-' || t.charAt(0) == '+' ? 1 : 0;
        if (i == t.length()) {
            return false;
        }
        boolean digit = false;
        for (; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c != '.') {
                return false;
            }
        }
        return digit && t.indexOf('.') == t.lastIndexOf('.');
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    /** Epoch milliseconds of one timestamp on its own (epoch numbers by magnitude), for callers without a file. */
    public static long parse(String text) {
        return new TimestampReader().read(text);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "TimestampReader[%s]", kind);
    }
}
