package io.slowburn.ingest.simulate;

import io.slowburn.model.Event;
import io.slowburn.model.RecordCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * One simulated host: a healthy JVM service plus whatever incidents hit it. {@link #tick} advances it by one step
 * of event time and hands over that step's records: every metric at the step's start, events anywhere inside it.
 * All randomness comes from the host's own generator, seeded from the scenario seed and the host's position, in a
 * fixed order of draws: the same scenario always produces the same values.
 */
final class HostModel {

    private static final long HOUR = 3_600_000L;
    private static final long MINUTE = 60_000L;
    private static final double DAY = 86_400_000.0;
    /** Restarts land this long before the next sample, so the counter resets that sample shows fall within the
     * crash-loop rule's 5 s dedupe of the exit: one restart counts once (a deploy must not look like a loop). */
    private static final long RESTART_LEAD_MS = 3_000L;
    private static final String JAVA = "/usr/bin/java";

    private final String host;
    private final Baseline b;
    private final long step;
    private final SplittableRandom rng;
    private final RecordFactory records;
    private final List<Incident> incidents;
    private final List<Restart> restarts;
    private final Map<String, String> app;
    private final Map<String, String> heapLabels;
    private final Map<String, String> queueLabels;

    // the host's own character, drawn once
    private final double heapFloor;
    private final double heapAmplitude;
    private final double allocPerMs;
    private final double memBase;
    private final double cacheMin;
    private final double cacheMax;
    private final double cachePerMs;
    private final double fdBase;
    private final double processBase;
    private final double trafficShare;
    private final double latencyShare;

    // state
    private double heap;
    private double leak;
    private double gcSeconds;
    private double requests;
    private double retries;
    private double cache;
    private double fdLeak;
    private double queue;
    private double queueFloor;
    private double forkExtra;
    private double memLeak;
    private double procLeak;
    private double errors;
    private final List<ProcNoise> procNoise = new ArrayList<>();
    private long nextPid;
    private long appPid;
    private long nextExec;
    private long nextChore;
    private int initialExecs;
    private int restartIndex;
    private final boolean[] forkSeen;

    /** A scheduled restart: who sends which signal, the exit code. */
    private record Restart(long at, String signal, String sender, int exitCode) {
    }

    HostModel(String host, int index, Scenario s, RecordCodec codec) {
        this.host = host;
        this.b = s.baseline();
        this.step = s.stepMs();
        this.rng = new SplittableRandom(mix(s.seed(), index));
        this.records = new RecordFactory(codec, host);
        this.incidents = s.incidents().stream().filter(i -> i.affects(host)).toList();
        this.forkSeen = new boolean[incidents.size()];
        this.restarts = restarts(incidents, host);
        this.app = Map.of("service", b.service());
        this.heapLabels = Map.of("area", "heap", "service", b.service());
        this.queueLabels = Map.of("queue", "work", "service", b.service());

        heapFloor = b.heapFloor() * between(0.9, 1.1);
        heapAmplitude = Math.min(b.heapMax() * 0.3, b.heapMax() * 0.95 - heapFloor);
        allocPerMs = heapAmplitude / between(150_000, 210_000); // a GC every 2.5 to 3.5 minutes: every 5m bucket sees a floor
        memBase = b.memoryTotal() * between(0.12, 0.18);
        cacheMin = b.memoryTotal() * 0.05;
        cacheMax = b.memoryTotal() * between(0.13, 0.16);
        cachePerMs = (cacheMax - cacheMin) / between(60 * MINUTE, 90 * MINUTE); // cache fills and is reclaimed hourly-ish
        fdBase = b.fdOpen() * between(0.9, 1.1);
        processBase = b.processes() * between(0.95, 1.05);
        trafficShare = between(0.8, 1.2);
        latencyShare = between(0.9, 1.1);

        heap = heapFloor;
        cache = cacheMin + (cacheMax - cacheMin) * rng.nextDouble();
        queue = 0;
        nextPid = 2_000 + rng.nextInt(20_000);
        appPid = nextPid++;
        nextExec = s.start() + rng.nextLong(4 * MINUTE);
        nextChore = s.start() + 10 * MINUTE + rng.nextLong(30 * MINUTE);
        for (Incident i : incidents) {
            if (i.kind() == IncidentKind.PROC_NOISE) {
                // its own generator (not a draw from rng): the host's other records stay as they were without it
                procNoise.add(new ProcNoise(i, records, mix(s.seed() ^ 0x5DEECE66DL, index * 31 + procNoise.size()), appPid));
            }
        }
    }

    /** A well-spread seed per host (SplitMix64 finalizer), so neighbouring hosts do not draw correlated noise. */
    static long mix(long seed, int index) {
        long z = seed * 0x9E3779B97F4A7C15L + (index + 1) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static List<Restart> restarts(List<Incident> incidents, String host) {
        List<Restart> out = new ArrayList<>();
        for (Incident i : incidents) {
            if (i.kind() == IncidentKind.DEPLOY) {
                out.add(new Restart(i.start() + i.order(host) * i.millis("spacing"), "SIGTERM", i.text("sender"), 143));
            } else if (i.kind() == IncidentKind.KILL_STORM) {
                long every = Math.max(1_000L, i.millis("interval"));
                int code = "SIGKILL".equals(i.text("signal")) ? 137 : 128 + 15;
                for (long t = i.start(); t < i.end(); t += every) {
                    out.add(new Restart(t, i.text("signal"), i.text("sender"), code));
                }
            }
        }
        out.sort(java.util.Comparator.comparingLong(Restart::at));
        return out;
    }

    private double between(double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    /** Advances one step from {@code t}: metrics at {@code t}, events in {@code [t, t + step)}. */
    void tick(long t, Consumer<ScenarioRecord> out) {
        HostEffects fx = HostEffects.at(t, step, host, incidents);
        double stepS = step / 1000.0;
        double diurnal = 1 + 0.35 * Math.sin(2 * Math.PI * ((t % (long) DAY) - 8 * HOUR) / DAY);

        // JVM heap: a sawtooth whose post-GC floor is flat, unless a leak raises it. A leak ends the way one does on a
        // real host (the limit reached, the process restarted or OOM-killed): what it held is freed when it ends, as
        // a queue backlog drains; a resource left at its limit after its incident's end would be an incident too.
        leak = fx.leakPerHour > 0 ? leak + fx.leakPerHour * step / HOUR : 0;
        double floor = Math.min(heapFloor + leak + fx.heapExtra, b.heapMax() * 0.96);
        double top = Math.min(floor + heapAmplitude, b.heapMax() * 0.985);
        heap += allocPerMs * step * between(0.7, 1.3);
        if (heap > top || heap < floor) {
            heap = floor * between(1.0, 1.015);
        }
        gcSeconds += stepS * Math.max(b.gcFraction() * between(0.6, 1.4), fx.gcFraction * between(0.9, 1.1));
        out.accept(records.gauge(t, "jvm.memory.used", heapLabels, Math.round(heap), b.heapMax(), "bytes"));
        out.accept(records.counter(t, "jvm.gc.time", app, round(gcSeconds, 1e3), "seconds"));

        // host: page cache grows and is reclaimed; committed heap counts in full
        cache += cachePerMs * step * between(0.5, 1.5);
        if (cache > cacheMax) {
            cache = cacheMin * between(0.9, 1.1);
        }
        double mem = memBase + b.heapMax() + cache + between(-3e7, 3e7);
        memLeak = fx.memLeakPerHour > 0 ? memLeak + fx.memLeakPerHour * step / HOUR : 0;
        mem += memLeak + fx.memExtra;
        if (fx.memRampTarget > 0) {
            mem += (fx.memRampTarget * b.memoryTotal() - mem) * fx.memRampProgress;
        }
        mem = Math.min(mem, b.memoryTotal() * 0.995);
        out.accept(records.gauge(t, "os.memory.used", Map.of(), Math.round(mem), b.memoryTotal(), "bytes"));
        double cpu = 0.22 + 0.12 * (diurnal - 1) / 0.35 + between(-0.03, 0.03) + (fx.forking ? 0.5 : 0) + fx.gcFraction * 0.5
                + fx.cpuExtra;
        out.accept(records.gauge(t, "os.cpu.utilization", Map.of(), round(Math.max(0, Math.min(1, cpu)), 1e4), null, null));
        fdLeak = fx.fdPerHour > 0 ? fdLeak + fx.fdPerHour * step / HOUR : 0;
        double fds = Math.min(b.fdLimit(), Math.max(0, Math.round(fdBase + fdLeak + between(-8, 8) + fx.fdExtra)));
        out.accept(records.gauge(t, "os.fd.open", Map.of(), fds, b.fdLimit(), null));
        forkExtra = fx.forkPerMinute > 0 ? forkExtra + fx.forkPerMinute * step / MINUTE : 0;
        procLeak = fx.procLeakPerHour > 0 ? procLeak + fx.procLeakPerHour * step / HOUR : 0;
        double procs = Math.min(b.pidMax(), Math.round(processBase + between(-3, 3) + forkExtra + procLeak));
        out.accept(records.gauge(t, "os.process.count", Map.of(), procs, b.pidMax(), null));

        // traffic: requests follow the day; retries are a small, steady share of them
        double served = b.requestRate() * trafficShare * diurnal * stepS * between(0.95, 1.05) * fx.traffic;
        requests += served;
        retries += served * Math.max(b.retryRatio() * between(0.7, 1.3), fx.retryRatio * between(0.9, 1.1));
        out.accept(records.counter(t, "app.requests", app, Math.floor(requests), null));
        out.accept(records.counter(t, "app.retries", app, Math.floor(retries), null));
        if (b.errorRatio() > 0) {
            errors += served * Math.max(b.errorRatio() * between(0.7, 1.3), fx.errorRatio * between(0.9, 1.1));
            out.accept(records.counter(t, "app.errors", app, Math.floor(errors), null));
        }
        double p99 = b.latencyP99() * latencyShare * diurnal * (1 + 0.05 * rng.nextGaussian()) * fx.latencyFactor;
        out.accept(records.gauge(t, "app.latency.p99", app, round(Math.max(0.001, p99), 1e4), null, "seconds"));

        // the work queue: bursts that drain within minutes; a backlog raises its floor
        queueFloor = fx.queuePerHour > 0 ? queueFloor + fx.queuePerHour * step / HOUR : 0;
        queue = Math.max(0, queue - 4.0 * step / 1000 * between(0.8, 1.2)) + rng.nextInt(6);
        if (rng.nextDouble() < 0.02 * step / 30_000.0) {
            queue += 150 + rng.nextInt(350);
        }
        queue += fx.queueBurst;
        queue = Math.max(queue, queueFloor + rng.nextInt(20));
        out.accept(records.gauge(t, "app.queue.depth", queueLabels, Math.min(b.queueLimit(), Math.round(queue)), b.queueLimit(), null));

        events(t, fx, out);
    }

    private void events(long t, HostEffects fx, Consumer<ScenarioRecord> out) {
        long windowEnd = t + step;
        // routine execs: every known binary once in the first half hour (the learning hour sees them all), then now and then
        while (nextExec < windowEnd) {
            String exe = initialExecs < b.binaries().size() ? b.binaries().get(initialExecs++)
                    : b.binaries().get(rng.nextInt(b.binaries().size()));
            out.accept(exec(nextExec, nextPid++, exe, userOf(exe)));
            long gap = initialExecs < b.binaries().size() ? Math.max(MINUTE, 25 * MINUTE / b.binaries().size())
                    : 10 * MINUTE + rng.nextLong(30 * MINUTE);
            nextExec += gap;
        }
        // chores: a short-lived helper starts and exits cleanly (exit 0 counts as nothing)
        while (nextChore < windowEnd) {
            long pid = nextPid++;
            out.accept(records.event(nextChore, Event.PROCESS_START, attrs("pid", pid, "exe", "/bin/sh", "user", "app", "ppid", appPid)));
            long exit = Math.min(windowEnd - 1, nextChore + 2_000);
            out.accept(records.event(exit, Event.PROCESS_EXIT, attrs("pid", pid, "exe", "/bin/sh", "user", "app", "exit_code", 0)));
            nextChore += 20 * MINUTE + rng.nextLong(40 * MINUTE);
        }
        // an intruder's binary runs when a fork bomb starts
        for (int k = 0; k < incidents.size(); k++) {
            Incident i = incidents.get(k);
            boolean runsBinary = i.kind() == IncidentKind.FORK_BOMB || i.kind() == IncidentKind.UNEXPECTED_EXEC;
            if (runsBinary && !forkSeen[k] && i.activeAt(t)) {
                forkSeen[k] = true;
                long pid = nextPid++;
                long at = Math.min(windowEnd - 1, Math.max(t, i.start()) + 1_000);
                out.accept(records.event(at, Event.PROCESS_START, attrs("pid", pid, "exe", i.text("exe"), "user", i.text("user"),
                        "ppid", 1)));
                out.accept(exec(at, pid, i.text("exe"), i.text("user")));
                nextPid += 50;
            }
        }
        for (ProcNoise p : procNoise) {
            p.tick(t, step, out);
        }
        // the JVM runs out of heap: the kernel kills it
        if (heapFloor + leak >= b.heapMax() * 0.95) {
            out.accept(records.event(t + 1_000, Event.OOM_KILL, attrs("pid", appPid, "exe", JAVA, "user", "app")));
            restart(t, new Restart(t, "SIGKILL", null, 137), out);
        }
        while (restartIndex < restarts.size() && restarts.get(restartIndex).at() < windowEnd) {
            Restart r = restarts.get(restartIndex++);
            if (r.at() >= t) {
                restart(t, r, out);
            }
        }
    }

    /** Stops and starts the service just before the next sample, which then shows its counters reset. */
    private void restart(long t, Restart r, Consumer<ScenarioRecord> out) {
        long at = step > 2 * RESTART_LEAD_MS ? t + step - RESTART_LEAD_MS : t + step / 2;
        if (r.sender() != null) {
            out.accept(records.event(at, Event.SIGNAL, attrs("pid", appPid, "signal", r.signal(), "sender", r.sender(),
                    "target_exe", JAVA)));
        }
        out.accept(records.event(at + 200, Event.PROCESS_EXIT, attrs("pid", appPid, "exe", JAVA, "user", "app",
                "signal", r.signal(), "exit_code", r.exitCode())));
        appPid = nextPid++;
        out.accept(records.event(at + 1_500, Event.PROCESS_START, attrs("pid", appPid, "exe", JAVA, "user", "app", "ppid", 1)));
        out.accept(exec(at + 1_600, appPid, JAVA, "app"));
        requests = rng.nextInt(50);
        retries = 0;
        errors = 0;
        gcSeconds = 0;
        heap = heapFloor;
        leak = 0;
        fdLeak = 0;
    }

    private ScenarioRecord exec(long ts, long pid, String exe, String user) {
        return records.event(ts, Event.EXEC, attrs("pid", pid, "exe", exe, "user", user));
    }

    private static String userOf(String exe) {
        return exe.startsWith("/usr/sbin/") || exe.startsWith("/sbin/") ? "root" : "app";
    }

    private static Map<String, Object> attrs(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static double round(double v, double scale) {
        return Math.round(v * scale) / scale;
    }
}
