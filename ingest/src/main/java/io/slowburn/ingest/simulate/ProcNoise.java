package io.slowburn.ingest.simulate;

import io.slowburn.model.Event;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The process events a real host's /proc differ reports that are nobody's doing ({@code PROC_NOISE}): short-lived
 * commands seen by one poll and gone at the next (their {@code process.exit} cannot know the status:
 * {@code exit_code: null, signal: "unknown"}), and kernel threads that appear or rename themselves (an {@code exec}
 * with {@code exe_source: comm}). The attributes are those {@code io.slowburn.ingest.os.ProcessDiff} writes, in its
 * order. It draws from its own generator and its own pid range, so adding it to a host changes none of that host's
 * other records.
 */
final class ProcNoise {

    private static final long HOUR = 3_600_000L;
    /** The os adapter's poll interval: a short-lived command is seen by one poll and missed by the next. */
    private static final long POLL_MS = 10_000L;
    private static final List<String> COMMANDS = List.of("/usr/bin/sleep", "/usr/bin/ls", "/usr/bin/cat", "/usr/bin/date",
            "/usr/bin/grep", "/usr/bin/ps", "/usr/bin/awk", "/usr/bin/sed");
    private static final List<String> KWORKER_SUFFIXES = List.of("-events", "-mm_percpu_wq", "-events_unbound", "H-kblockd",
            "-cgroup_destroy", "-events_power_efficient", "-flush-8:0", "-rcu_gp");

    private final Incident incident;
    private final RecordFactory records;
    private final SplittableRandom rng;
    private final long shellPid;
    private long nextPid;
    private long nextCommand = -1;
    private long nextKthread = -1;
    private final Map<Long, String> kthreads = new LinkedHashMap<>();

    ProcNoise(Incident incident, RecordFactory records, long seed, long shellPid) {
        this.incident = incident;
        this.records = records;
        this.rng = new SplittableRandom(seed);
        this.shellPid = shellPid;
        this.nextPid = 400_000 + rng.nextInt(100_000);
    }

    /** Events in {@code [t, t + step)}. */
    void tick(long t, long step, Consumer<ScenarioRecord> out) {
        if (!incident.activeAt(t)) {
            return;
        }
        long windowEnd = t + step;
        if (nextCommand < 0) {
            nextCommand = t + gap(incident.number("rate_per_hour"));
            nextKthread = t + gap(incident.number("kthreads_per_hour"));
        }
        while (nextCommand < windowEnd) {
            command(Math.max(t, Math.min(nextCommand, windowEnd - POLL_MS - 1)), windowEnd, out);
            nextCommand += gap(incident.number("rate_per_hour"));
        }
        while (nextKthread < windowEnd) {
            kthread(Math.max(t, nextKthread), out);
            nextKthread += gap(incident.number("kthreads_per_hour"));
        }
    }

    private long gap(double perHour) {
        if (!(perHour > 0)) {
            return Long.MAX_VALUE / 4;
        }
        return Math.max(1_000L, (long) (-Math.log(1 - rng.nextDouble()) * HOUR / perHour));
    }

    private void command(long at, long windowEnd, Consumer<ScenarioRecord> out) {
        String exe = COMMANDS.get(rng.nextInt(COMMANDS.size()));
        String comm = exe.substring(exe.lastIndexOf('/') + 1);
        long pid = nextPid++;
        out.accept(records.event(at, Event.PROCESS_START, attrs(pid, shellPid, exe, "exe", comm, "app", 1000)));
        out.accept(records.event(at, Event.EXEC, attrs(pid, shellPid, exe, "exe", comm, "app", 1000)));
        Map<String, Object> exit = attrs(pid, shellPid, exe, "exe", comm, "app", 1000);
        exit.put("exit_code", null);
        exit.put("signal", "unknown");
        out.accept(records.event(Math.min(at + POLL_MS, windowEnd - 1), Event.PROCESS_EXIT, exit));
    }

    /** A new kworker half of the time; otherwise a known one renames itself to the work it now does. */
    private void kthread(long at, Consumer<ScenarioRecord> out) {
        String name = "kworker/" + (rng.nextBoolean() ? "u16:" : rng.nextInt(8) + ":") + rng.nextInt(12)
                + KWORKER_SUFFIXES.get(rng.nextInt(KWORKER_SUFFIXES.size()));
        if (kthreads.isEmpty() || rng.nextBoolean()) {
            long pid = nextPid++;
            kthreads.put(pid, name);
            out.accept(records.event(at, Event.PROCESS_START, attrs(pid, 2, name, "comm", name, "root", 0)));
            out.accept(records.event(at, Event.EXEC, attrs(pid, 2, name, "comm", name, "root", 0)));
            return;
        }
        long pid = kthreads.keySet().stream().skip(rng.nextInt(kthreads.size())).findFirst().orElseThrow();
        String old = kthreads.put(pid, name);
        Map<String, Object> a = attrs(pid, 2, name, "comm", name, "root", 0);
        a.put("previous_exe", old);
        a.put("previous_comm", old);
        out.accept(records.event(at, Event.EXEC, a));
    }

    private static Map<String, Object> attrs(long pid, long ppid, String exe, String exeSource, String comm, String user, int uid) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("pid", pid);
        a.put("ppid", ppid);
        a.put("exe", exe);
        a.put("exe_source", exeSource);
        a.put("comm", comm);
        a.put("user", user);
        a.put("uid", uid);
        return a;
    }
}
