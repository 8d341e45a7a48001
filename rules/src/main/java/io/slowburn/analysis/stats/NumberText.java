package io.slowburn.analysis.stats;

import java.util.Locale;

/** Short human forms of numbers for summaries: {@code 2.1e7}, {@code 0.0003}, {@code 8.4}. */
public final class NumberText {

    private NumberText() {
    }

    public static String compact(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return String.valueOf(v);
        }
        double a = Math.abs(v);
        if (a == 0) {
            return "0";
        }
        if (a >= 0.001 && a < 10_000) {
            String s = String.format(Locale.ROOT, "%.2g", v);
            return s.contains("e") ? scientific(v) : s;
        }
        return scientific(v);
    }

    private static String scientific(double v) {
        String s = String.format(Locale.ROOT, "%.1e", v);
        int e = s.indexOf('e');
        String mantissa = s.substring(0, e);
        int exponent = Integer.parseInt(s.substring(e + 1));
        return mantissa + "e" + exponent;
    }

    /** A duration in seconds as {@code 8.4h}, {@code 35m} or {@code 2.3d}. */
    public static String duration(double seconds) {
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%.0fm", seconds / 60);
        }
        if (seconds < 2 * 86_400) {
            return String.format(Locale.ROOT, "%.1fh", seconds / 3600);
        }
        return String.format(Locale.ROOT, "%.1fd", seconds / 86_400);
    }
}
