package io.slowburn.ingest.simulate;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The kinds of incident a scenario can inject, each with its parameters and their defaults (as a scenario file would
 * write them). {@code duration} is every kind's common parameter: how long the incident lasts (for a leak, until the
 * end of the scenario by default).
 */
public enum IncidentKind {

    /** The post-GC heap floor rises by {@code rate_per_hour} bytes an hour (capped just below the heap max). */
    HEAP_LEAK(Map.of("rate_per_hour", "120MB")),
    /** Open file descriptors rise by {@code rate_per_hour}. */
    FD_LEAK(Map.of("rate_per_hour", "1500")),
    /** The backlog's floor rises by {@code rate_per_hour} items: consumers no longer keep up. */
    QUEUE_BACKLOG(Map.of("rate_per_hour", "2500")),
    /** Retries jump to {@code ratio} of requests; host i of the list starts {@code stagger} x i later. */
    RETRY_STORM(Map.of("ratio", "0.25", "stagger", "0s", "latency_factor", "1.3")),
    /** The process is SIGKILLed every {@code interval} by {@code sender}: exits 137, counters reset. */
    KILL_STORM(Map.of("interval", "2m", "sender", "/usr/local/bin/chaos-agent", "signal", "SIGKILL")),
    /** Process count rises by {@code rate_per_minute} and {@code exe} runs as {@code user} (a binary never seen). */
    FORK_BOMB(Map.of("rate_per_minute", "40", "exe", "/tmp/.x/kworkerd", "user", "nobody")),
    /** The JVM spends {@code fraction} of its time in GC, reached linearly over {@code ramp} (0s: at once). */
    GC_THRASH(Map.of("fraction", "0.45", "ramp", "0s")),
    /** p99 latency drifts up to {@code factor} times its normal value over {@code ramp}, then stays there. */
    LATENCY_DRIFT(Map.of("factor", "1.8", "ramp", "2h")),
    /** Each host restarts once, host i of the list at {@code spacing} x i: SIGTERM from init, exit 143. Benign. */
    DEPLOY(Map.of("spacing", "2m", "sender", "/sbin/init")),
    /** Host memory ({@code os.memory.used}) rises by {@code rate_per_hour} bytes: a leaking daemon, a growing tmpfs. */
    MEMORY_LEAK(Map.of("rate_per_hour", "150MB")),
    /** Process count rises by {@code rate_per_hour}: children that are never reaped. */
    PROCESS_LEAK(Map.of("rate_per_hour", "60")),
    /** Host memory climbs linearly to {@code target} of its total within {@code ramp}, and stays there until the end. */
    MEMORY_RAMP(Map.of("target", "0.93", "ramp", "40m")),
    /** {@code app.errors} jump to {@code ratio} of requests (needs a baseline {@code error_ratio} above 0). */
    ERROR_BURST(Map.of("ratio", "0.1")),
    /** {@code exe} runs once as {@code user}: a binary this host has never run, and nothing else. */
    UNEXPECTED_EXEC(Map.of("exe", "/dev/shm/.cache/upd", "user", "nobody")),
    /** Benign: a weekly cycle on traffic, latency and CPU, and a mild daily cycle on host memory and the heap floor. */
    CYCLES(Map.of("weekly", "0.15", "memory_daily", "300MB", "heap_daily", "60MB")),
    /** Benign: a cache warms up ({@code amount} bytes, most of it within {@code ramp}), then plateaus; {@code metric}
     * is {@code os.memory.used} or {@code jvm.memory.used} (the heap floor). */
    CACHE_WARMUP(Map.of("metric", "os.memory.used", "amount", "2GB", "ramp", "4h")),
    /** Benign: after a deploy or config change the level of {@code metric} ({@code jvm.memory.used} floor,
     * {@code os.memory.used} or {@code os.fd.open}) steps {@code direction} ({@code up}/{@code down}) by {@code amount}
     * and stays flat. */
    LEVEL_STEP(Map.of("metric", "jvm.memory.used", "amount", "500MB", "direction", "up")),
    /** Benign: the fleet scales, each host's request rate steps to {@code factor} times what it was and stays. */
    AUTOSCALE(Map.of("factor", "0.7")),
    /** Benign: {@code size} items land on the queue every {@code every}; the consumers drain them within minutes. */
    QUEUE_BURST(Map.of("size", "3000", "every", "2h")),
    /** Benign: requests jump to {@code factor} times; retries stay the same share; p99 rises a little. */
    LOAD_SPIKE(Map.of("factor", "3")),
    /** Benign: what a real /proc shows: {@code rate_per_hour} short-lived commands (their exit status unknown) and
     * {@code kthreads_per_hour} kernel threads renaming themselves ({@code exec} with {@code exe_source: comm}). */
    PROC_NOISE(Map.of("rate_per_hour", "30", "kthreads_per_hour", "4"));

    private final Map<String, String> defaults;

    IncidentKind(Map<String, String> defaults) {
        this.defaults = new LinkedHashMap<>(defaults);
    }

    /** Parameter name to default text. */
    public Map<String, String> defaults() {
        return defaults;
    }

    /** The scenario file's name of this kind: {@code heap_leak}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind for a file's name, or {@code null}. */
    public static IncidentKind fromWire(String text) {
        return Arrays.stream(values()).filter(k -> k.wire().equals(text)).findFirst().orElse(null);
    }

    /** Benign kinds: behaviour a healthy fleet shows, which must not alert (the truth calls them confounders). */
    public boolean benign() {
        return switch (this) {
            case DEPLOY, CYCLES, CACHE_WARMUP, LEVEL_STEP, AUTOSCALE, QUEUE_BURST, LOAD_SPIKE, PROC_NOISE -> true;
            default -> false;
        };
    }

    /** Default duration when a file gives none: storms are short, leaks last until the scenario ends. */
    long defaultDurationMs(long untilEnd) {
        return switch (this) {
            case KILL_STORM, FORK_BOMB, UNEXPECTED_EXEC -> 20 * 60_000L;
            case LOAD_SPIKE, ERROR_BURST -> 45 * 60_000L;
            case MEMORY_RAMP -> 2 * 3_600_000L;
            case RETRY_STORM, GC_THRASH -> 45 * 60_000L;
            default -> untilEnd;
        };
    }
}
