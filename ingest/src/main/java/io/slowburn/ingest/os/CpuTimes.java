package io.slowburn.ingest.os;

import java.util.Optional;

/**
 * The aggregate {@code cpu} line of {@code /proc/stat}, in clock ticks. Utilization needs two readings: it is the
 * share of non-idle ticks between them.
 */
record CpuTimes(long total, long idle) {

    static Optional<CpuTimes> parse(String stat) {
        for (String line : stat.split("\n")) {
            if (line.startsWith("cpu ")) {
                String[] f = line.trim().split("\\s+");
                try {
                    long total = 0;
                    // user nice system idle iowait irq softirq steal: guest and guest_nice are already in user/nice.
                    for (int i = 1; i < f.length && i <= 8; i++) {
                        total += Long.parseLong(f[i]);
                    }
                    long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
                    return Optional.of(new CpuTimes(total, idle));
                } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** Utilization in [0, 1] since {@code earlier}, or empty when no tick passed (or the counters went back). */
    Optional<Double> utilizationSince(CpuTimes earlier) {
        long dt = total - earlier.total;
        long di = idle - earlier.idle;
        if (dt <= 0 || di < 0) {
            return Optional.empty();
        }
        return Optional.of(Math.min(1.0, Math.max(0.0, 1.0 - (double) di / dt)));
    }
}
