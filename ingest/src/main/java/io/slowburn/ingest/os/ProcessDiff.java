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
 *     /proc): it carries {@code exit_code: null, signal: "unknown"};</li>
 * <li>a new process is reported as {@code process.start} and, since it runs the image it exec'd into by now,
 *     also as {@code exec}; a known process whose exe or comm changed is reported as {@code exec} alone;</li>
 * <li>a pid reused by a new process (different kernel start time) is an exit plus a start.</li>
 * </ul>
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
                events.add(new Event(ts, source, Event.EXEC, attrs(now)));
            } else if (!now.exe().equals(old.exe()) || !now.comm().equals(old.comm())) {
                Map<String, Object> attrs = attrs(now);
                attrs.put("previous_exe", old.exe());
                attrs.put("previous_comm", old.comm());
                events.add(new Event(ts, source, Event.EXEC, attrs));
            }
        }
        return events;
    }

    private static Event exit(ProcessInfo p, long ts, String source) {
        Map<String, Object> attrs = attrs(p);
        attrs.put("exit_code", null);
        attrs.put("signal", "unknown");
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
        return a;
    }
}
