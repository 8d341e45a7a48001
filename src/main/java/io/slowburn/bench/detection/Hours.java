package io.slowburn.bench.detection;

import java.util.Locale;

/** Event-time offsets and delays as people read them: {@code +26h05m}, {@code 4.5 h}, {@code 7 min}. */
final class Hours {

    private Hours() {
    }

    static String offset(long ms) {
        long m = Math.abs(ms) / 60_000;
        return String.format(Locale.ROOT, "%s%dh%02dm", ms < 0 ? "-" : "+", m / 60, m % 60);
    }

    static String delay(double ms) {
        if (Double.isNaN(ms)) {
            return "-";
        }
        double min = ms / 60_000.0;
        if (Math.abs(min) < 10) {
            return String.format(Locale.ROOT, "%.1f min", min);
        }
        return Math.abs(min) < 90 ? String.format(Locale.ROOT, "%.0f min", min) : String.format(Locale.ROOT, "%.1f h", min / 60);
    }
}
