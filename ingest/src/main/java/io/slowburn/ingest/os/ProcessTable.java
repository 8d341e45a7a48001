package io.slowburn.ingest.os;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Reads every process under the proc root into a pid-ordered snapshot. A process that vanishes mid-read is skipped. */
final class ProcessTable {

    static final String EXE_FALLBACK_NOTE = "exe falls back to cmdline[0] or comm (exe_source says which)";

    private final ProcFs fs;
    private final PasswdUsers users;

    ProcessTable(ProcFs fs, PasswdUsers users) {
        this.fs = fs;
        this.users = users;
    }

    Map<Integer, ProcessInfo> snapshot() {
        Map<Integer, ProcessInfo> processes = new LinkedHashMap<>();
        for (int pid : fs.pids()) {
            read(pid).ifPresent(p -> processes.put(pid, p));
        }
        return processes;
    }

    Optional<ProcessInfo> read(int pid) {
        Optional<ProcessStat> stat = fs.read(pid + "/stat").flatMap(ProcessStat::parse);
        if (stat.isEmpty()) {
            return Optional.empty();
        }
        ProcessStat s = stat.get();
        // Kernel threads have neither an exe nor a command line: do not even ask (no permission note for them).
        String exe = s.kernelThread() ? null : fs.readLink(pid + "/exe", EXE_FALLBACK_NOTE).orElse(null);
        String exeSource = "exe";
        if (exe == null && !s.kernelThread()) {
            exe = firstArgument(pid);
            exeSource = "cmdline";
        }
        if (exe == null) {
            // Kernel threads, zombies, and processes whose exe and command line are both unreadable or empty.
            exe = s.comm();
            exeSource = "comm";
        }
        int uid = fs.read(pid + "/status").map(ProcessTable::realUid).orElse(-1);
        String user = uid < 0 ? null : users.name(uid);
        return Optional.of(new ProcessInfo(pid, s.ppid(), s.comm(), exe, exeSource, uid, user, s.startTicks(), s.kernelThread(),
                s.exited()));
    }

    private String firstArgument(int pid) {
        byte[] cmdline = fs.readBytes(pid + "/cmdline").orElse(new byte[0]);
        int end = 0;
        while (end < cmdline.length && cmdline[end] != 0) {
            end++;
        }
        if (end == 0) {
            return null;
        }
        String first = new String(cmdline, 0, end, StandardCharsets.UTF_8).strip();
        return first.isEmpty() ? null : first;
    }

    /** The first (real) uid of the {@code Uid:} line: real, effective, saved, filesystem. */
    static int realUid(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("Uid:")) {
                String[] f = line.substring(4).trim().split("\\s+");
                try {
                    return Integer.parseInt(f[0]);
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }
}
