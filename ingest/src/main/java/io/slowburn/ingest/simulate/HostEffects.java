package io.slowburn.ingest.simulate;

import java.util.List;

/**
 * What the incidents active at one instant do to a host: rates of the leaks, levels added to a metric, multipliers of
 * traffic and latency. Every field's neutral value (0 or 1) leaves the host's records exactly as they were without
 * it, so a scenario without the newer kinds generates the same bytes as before they existed. No randomness here.
 */
final class HostEffects {

    private static final long HOUR = 3_600_000L;
    private static final double DAY = 86_400_000.0;
    private static final double WEEK = 7 * DAY;

    double leakPerHour;
    double fdPerHour;
    double queuePerHour;
    double gcFraction;
    double retryRatio;
    double latencyFactor = 1;
    double forkPerMinute;
    boolean forking;
    double memLeakPerHour;
    double procLeakPerHour;
    /** Host memory is pulled toward {@code memRampTarget} x total by {@code memRampProgress} (0..1); 0: no ramp. */
    double memRampTarget;
    double memRampProgress;
    double errorRatio;
    double traffic = 1;
    double cpuExtra;
    double heapExtra;
    double memExtra;
    double fdExtra;
    double queueBurst;

    /** The effects at {@code t} of {@code incidents} on {@code host}, for a step of {@code step} ms. */
    static HostEffects at(long t, long step, String host, List<Incident> incidents) {
        HostEffects fx = new HostEffects();
        for (Incident i : incidents) {
            if (i.activeAt(t)) {
                fx.add(i, t, step, host);
            }
        }
        return fx;
    }

    private void add(Incident i, long t, long step, String host) {
        long since = t - i.start();
        switch (i.kind()) {
            case HEAP_LEAK -> leakPerHour += i.number("rate_per_hour");
            case FD_LEAK -> fdPerHour += i.number("rate_per_hour");
            case QUEUE_BACKLOG -> queuePerHour += i.number("rate_per_hour");
            case GC_THRASH -> gcFraction = Math.max(gcFraction, i.millis("ramp") <= 0 ? i.number("fraction")
                    : i.number("fraction") * Math.min(1, since / (double) i.millis("ramp")));
            case RETRY_STORM -> {
                if (t >= i.start() + i.order(host) * i.millis("stagger")) {
                    retryRatio = Math.max(retryRatio, i.number("ratio"));
                    latencyFactor *= i.number("latency_factor");
                }
            }
            case LATENCY_DRIFT -> {
                double ramp = Math.max(1, i.millis("ramp"));
                latencyFactor *= 1 + (i.number("factor") - 1) * Math.min(1, since / ramp);
            }
            case FORK_BOMB -> {
                forkPerMinute += i.number("rate_per_minute");
                forking = true;
            }
            case MEMORY_LEAK -> memLeakPerHour += i.number("rate_per_hour");
            case PROCESS_LEAK -> procLeakPerHour += i.number("rate_per_hour");
            case MEMORY_RAMP -> {
                memRampTarget = Math.max(memRampTarget, i.number("target"));
                memRampProgress = Math.max(memRampProgress, Math.min(1, since / (double) Math.max(1, i.millis("ramp"))));
            }
            case ERROR_BURST -> errorRatio = Math.max(errorRatio, i.number("ratio"));
            case CYCLES -> cycles(i, t);
            case CACHE_WARMUP -> level(i.text("metric"), i.number("amount") * (1 - Math.exp(-3.0 * since / Math.max(1, i.millis("ramp")))));
            case LEVEL_STEP -> level(i.text("metric"), ("down".equals(i.text("direction")) ? -1 : 1) * i.number("amount"));
            case AUTOSCALE -> traffic *= i.number("factor");
            case QUEUE_BURST -> {
                if (since % Math.max(step, i.millis("every")) < step) {
                    queueBurst += i.number("size");
                }
            }
            case LOAD_SPIKE -> {
                traffic *= i.number("factor");
                latencyFactor *= 1 + 0.1 * (i.number("factor") - 1);
                cpuExtra += 0.08 * (i.number("factor") - 1);
            }
            default -> {
                // deploys and kill storms are scheduled restarts; unexpected execs and /proc noise are events
            }
        }
    }

    /** A weekly cycle on traffic (latency and CPU follow it), a mild daily one on host memory and the heap floor. */
    private void cycles(Incident i, long t) {
        double weekly = i.number("weekly") * Math.sin(2 * Math.PI * (t % (long) WEEK) / WEEK);
        traffic *= 1 + weekly;
        latencyFactor *= 1 + 0.5 * weekly;
        cpuExtra += 0.3 * weekly;
        double daily = Math.sin(2 * Math.PI * ((t % (long) DAY) - 8 * HOUR) / DAY);
        memExtra += i.number("memory_daily") * daily;
        heapExtra += i.number("heap_daily") * daily;
    }

    private void level(String metric, double amount) {
        switch (metric) {
            case "jvm.memory.used" -> heapExtra += amount;
            case "os.fd.open" -> fdExtra += amount;
            default -> memExtra += amount;
        }
    }
}
