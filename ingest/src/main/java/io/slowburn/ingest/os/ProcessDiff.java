package io.slowburn.ingest.os;

import io.slowburn.model.Event;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns two process snapshots into contract events. Polling sees only the state at each poll, so:
 * <ul>
 * <li>a process that started AND exited between two polls is never seen;</li>
 * <li>{@code process.exit} cannot tell the exit code or signal (the kernel reaps the status into the parent, not
 *     /proc): it says so with {@code exit_code: null, signal: null} and claims neither a clean exit nor a kill;</li>
 * <li>a new process is reported as {@code process.start} and, since it runs the image it exec'd into by now,
 *     also as {@code exec}; a known process whose executable changed is reported as {@code exec} alone;</li>
 * <li>a pid reused by a new process (different kernel start time) is an exit plus a start.</li>
 * </ul>
 * What is not an execution gets no {@code exec}: a kernel thread (it runs no binary; {@code kworker}s rename
 * themselves after the work they pick up), a process that only changed its name ({@code prctl(PR_SET_NAME)}, a
 * kernel thread's rename: the executable is the same), and a zombie (exited, waiting for its parent; its exe is gone).
 * Kernel threads still get {@code process.start} and {@code process.exit}, marked {@code kernel_thread: true}.
 */
final class ProcessDiff {

    private ProcessDiff() {
    }

    static List<Event> between(Map<Integer, ProcessInfo> before, Map<Integer, ProcessInfo> after, long ts, String source) {
        List<Event> events = new ArrayList<>();
        for (ProcessInfo old : before.values()) {
            ProcessInfo now = after.get(old.pid());
            if (!old.sameProcessAs(now)) {
                events.add(exit(old, ts, source));
            }
        }
        for (ProcessInfo now : after.values()) {
            ProcessInfo old = before.get(now.pid());
            if (!now.sameProcessAs(old)) {
                events.add(new Event(ts, source, Event.PROCESS_START, attrs(now)));
                if (now.runsABinary()) {
                    events.add(new Event(ts, source, Event.EXEC, attrs(now)));
                }
            } else if (executed(old, now)) {
                Map<String, Object> attrs = attrs(now);
                attrs.put("previous_exe", old.exe());
                attrs.put("previous_comm", old.comm());
                events.add(new Event(ts, source, Event.EXEC, attrs));
            }
        }
        return events;
    }

    /**
     * {@code after}, where a process that became a zombie since {@code before} keeps the executable it was seen
     * running (a zombie's exe link is gone, so its own reading is only its comm): its {@code process.exit}, once it is
     * reaped, then names the binary that ran.
     */
    static Map<Integer, ProcessInfo> keepExecutablesOfZombies(Map<Integer, ProcessInfo> before, Map<Integer, ProcessInfo> after) {
        Map<Integer, ProcessInfo> out = after;
        for (ProcessInfo now : after.values()) {
            ProcessInfo old = before.get(now.pid());
            if (now.zombie() && now.sameProcessAs(old) && !old.exe().equals(now.exe())) {
                if (out == after) {
                    out = new LinkedHashMap<>(after);
                }
                out.put(now.pid(), new ProcessInfo(now.pid(), now.ppid(), now.comm(), old.exe(), old.exeSource(), now.uid(), now.user(),
                        now.startTicks(), now.kernelThread(), true));
            }
        }
        return out;
    }

    /**
     * Whether a process seen in both polls exec'd a binary in between. Compared like with like: two exe links, or two
     * first arguments. When the source changed (the exe link became unreadable, say after the process dropped its
     * dumpable flag) the two texts are not comparable; an execve also sets the comm to the new file's name, so it
     * counts only when the comm changed too.
     */
    static boolean executed(ProcessInfo old, ProcessInfo now) {
        if (!old.runsABinary() || !now.runsABinary()) {
            return false;
        }
        if (old.exeSource().equals(now.exeSource())) {
            return !old.exe().equals(now.exe());
        }
        return !old.comm().equals(now.comm()) && !old.exe().equals(now.exe());
    }

    private static Event exit(ProcessInfo p, long ts, String source) {
        Map<String, Object> attrs = attrs(p);
        // Unknown, not "0" nor "killed": the exit status went to the parent's wait(), /proc never shows it.
        attrs.put("exit_code", null);
        attrs.put("signal", null);
        return new Event(ts, source, Event.PROCESS_EXIT, attrs);
    }

    private static Map<String, Object> attrs(ProcessInfo p) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("pid", p.pid());
        a.put("ppid", p.ppid());
        a.put("exe", p.exe());
        a.put("exe_source", p.exeSource());
        a.put("comm", p.comm());
        a.put("user", p.user());
        if (p.uid() >= 0) {
            a.put("uid", p.uid());
        }
        if (p.kernelThread()) {
            a.put("kernel_thread", true);
        }
        return a;
    }
}
