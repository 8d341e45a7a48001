package io.slowburn.analysis;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints durations the way rule files write them: {@code 500ms}, {@code 30s}, {@code 15m}, {@code 6h}, {@code 7d}. */
public final class Durations {

    private static final Pattern FORM = Pattern.compile("(\\d+)(ms|s|m|h|d|w)");

    private Durations() {
    }

    /** Parses {@code 90s}, {@code 1h30m} and the like; throws with the offending text quoted. */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("expected a duration such as '15m' or '7d', got '" + excerpt(text) + "'");
        }
        Matcher m = FORM.matcher(text.trim());
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                break;
            }
            try {
                long n = Long.parseLong(m.group(1));
                total = total.plus(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    case "d" -> Duration.ofDays(n);
                    case "w" -> Duration.ofDays(Math.multiplyExact(7, n));
                    default -> throw new IllegalStateException(m.group(2));
                });
                total.toMillis(); // throws when it does not fit a long of milliseconds
            } catch (ArithmeticException | NumberFormatException e) {
                throw new IllegalArgumentException("duration '" + excerpt(text) + "' is too long");
            }
            end = m.end();
        }
        if (end == 0 || end != text.trim().length()) {
            throw new IllegalArgumentException("expected a duration such as '15m' or '7d', got '" + excerpt(text) + "'");
        }
        return total;
    }

    private static String excerpt(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }

    /** The shortest exact form: {@code 7d}, {@code 90m}, {@code 1500ms}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        long[] units = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (ms != 0 && ms % units[i] == 0) {
                return ms / units[i] + names[i];
            }
        }
        return ms + "ms";
    }
}
