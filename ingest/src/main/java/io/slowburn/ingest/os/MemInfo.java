package io.slowburn.ingest.os;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /proc/meminfo} in bytes. {@code available} comes from {@code MemAvailable} (Linux 3.14+); on older kernels
 * it is estimated as {@code MemFree + Buffers + Cached}, which overstates what is available (not all cache is
 * reclaimable) and is flagged by {@code estimated}.
 */
record MemInfo(long total, long available, boolean estimated) {

    long used() {
        return Math.max(0, total - available);
    }

    static Optional<MemInfo> parse(String text) {
        Map<String, Long> kb = new HashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String[] parts = line.substring(colon + 1).trim().split("\\s+");
            try {
                long v = Long.parseLong(parts[0]);
                // Values are in kB (KiB, in fact); a line without a unit (HugePages_Total) is a count.
                kb.put(line.substring(0, colon).trim(), parts.length > 1 && parts[1].equals("kB") ? v * 1024 : v);
            } catch (NumberFormatException e) {
                // An unexpected line: skip it, keep the rest.
            }
        }
        Long total = kb.get("MemTotal");
        if (total == null || total <= 0) {
            return Optional.empty();
        }
        Long available = kb.get("MemAvailable");
        if (available != null) {
            return Optional.of(new MemInfo(total, available, false));
        }
        Long free = kb.get("MemFree");
        if (free == null) {
            return Optional.empty();
        }
        long estimate = free + kb.getOrDefault("Buffers", 0L) + kb.getOrDefault("Cached", 0L);
        return Optional.of(new MemInfo(total, Math.min(total, estimate), true));
    }
}
