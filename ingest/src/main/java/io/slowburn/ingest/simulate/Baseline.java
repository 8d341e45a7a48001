package io.slowburn.ingest.simulate;

import java.util.List;

/**
 * How a healthy host behaves. Every host of a scenario shares it; each host draws its own jitter around these values
 * from the seed, so hosts differ a little but never in a way a default rule would call trouble.
 *
 * @param service the {@code service} label of the JVM and application metrics
 * @param heapMax heap limit (bytes); the sawtooth's post-GC floor sits near {@code heapFloor}
 * @param heapFloor post-GC heap floor of a healthy JVM (bytes)
 * @param memoryTotal host memory (bytes), the {@code limit} of {@code os.memory.used}
 * @param fdOpen typical open file descriptors; {@code fdLimit} their maximum
 * @param processes typical process count; {@code pidMax} the limit
 * @param requestRate requests per second at the daily mean
 * @param retryRatio retries per request in normal times
 * @param latencyP99 p99 latency in seconds at the daily mean (a daily cycle of plus or minus 35% goes around it)
 * @param gcFraction share of time a healthy JVM spends in GC
 * @param queueLimit capacity of the work queue
 * @param errorRatio errors per request in normal times; 0 (the default) emits no {@code app.errors} series at all
 * @param binaries the binaries a host runs routinely ({@code exec} events); all of them run in the first 30 minutes,
 *                 so the unexpected-exec rule learns them within its learning hour
 */
public record Baseline(String service, double heapMax, double heapFloor, double memoryTotal, double fdOpen, double fdLimit,
                       double processes, double pidMax, double requestRate, double retryRatio, double latencyP99,
                       double gcFraction, double queueLimit, double errorRatio, List<String> binaries) {

    public static final List<String> DEFAULT_BINARIES = List.of("/usr/bin/java", "/bin/sh", "/usr/bin/curl",
            "/usr/sbin/logrotate", "/usr/bin/python3");

    public Baseline {
        binaries = List.copyOf(binaries);
    }

    /** Without an {@code app.errors} series (what every scenario had before {@code error_ratio} existed). */
    public Baseline(String service, double heapMax, double heapFloor, double memoryTotal, double fdOpen, double fdLimit,
                    double processes, double pidMax, double requestRate, double retryRatio, double latencyP99,
                    double gcFraction, double queueLimit, List<String> binaries) {
        this(service, heapMax, heapFloor, memoryTotal, fdOpen, fdLimit, processes, pidMax, requestRate, retryRatio, latencyP99,
                gcFraction, queueLimit, 0, binaries);
    }

    public static Baseline defaults() {
        return new Baseline("checkout", 4.0 * (1L << 30), 1.1e9, 16.0 * (1L << 30), 420, 16_384, 180, 32_768, 60, 0.01, 0.18,
                0.015, 10_000, DEFAULT_BINARIES);
    }
}
