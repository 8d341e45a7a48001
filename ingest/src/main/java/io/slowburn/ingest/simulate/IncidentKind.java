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
    /** The JVM spends {@code fraction} of its time in GC. */
    GC_THRASH(Map.of("fraction", "0.45")),
    /** p99 latency drifts up to {@code factor} times its normal value over {@code ramp}, then stays there. */
    LATENCY_DRIFT(Map.of("factor", "1.8", "ramp", "2h")),
    /** Each host restarts once, host i of the list at {@code spacing} x i: SIGTERM from init, exit 143. Benign. */
    DEPLOY(Map.of("spacing", "2m", "sender", "/sbin/init"));

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

    /** Default duration when a file gives none: storms are short, leaks last until the scenario ends. */
    long defaultDurationMs(long untilEnd) {
        return switch (this) {
            case KILL_STORM, FORK_BOMB -> 20 * 60_000L;
            case RETRY_STORM, GC_THRASH -> 45 * 60_000L;
            default -> untilEnd;
        };
    }
}
