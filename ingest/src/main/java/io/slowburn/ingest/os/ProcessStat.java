package io.slowburn.ingest.os;

import java.util.Optional;

/**
 * The fields of {@code /proc/<pid>/stat} we need. {@code comm} is in parentheses and may itself contain spaces and
 * parentheses ({@code "(my (odd) name)"}), so it spans from the FIRST '(' to the LAST ')'; the numeric fields are
 * counted from there.
 *
 * @param state field 3: {@code R}, {@code S}, {@code D}, {@code Z} (zombie: exited, not yet reaped), ...
 * @param flags field 9, the kernel's {@code PF_*} flags of the task
 * @param startTicks start time after boot in clock ticks: with the pid, it identifies a process across pid reuse
 */
record ProcessStat(int pid, String comm, char state, int ppid, long flags, long startTicks) {

    /** {@code PF_KTHREAD} (include/linux/sched.h, since Linux 2.6.27): the task is a kernel thread. */
    static final long PF_KTHREAD = 0x00200000L;

    static Optional<ProcessStat> parse(String text) {
        int open = text.indexOf('(');
        int close = text.lastIndexOf(')');
        if (open <= 0 || close < open) {
            return Optional.empty();
        }
        try {
            int pid = Integer.parseInt(text.substring(0, open).trim());
            String comm = text.substring(open + 1, close);
            String[] f = text.substring(close + 1).trim().split("\\s+");
            // f[0] is field 3 (state), f[1] field 4 (ppid), f[6] field 9 (flags), f[19] field 22 (starttime).
            return Optional.of(new ProcessStat(pid, comm, f[0].charAt(0), Integer.parseInt(f[1]), Long.parseUnsignedLong(f[6]),
                    Long.parseLong(f[19])));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * A kernel thread ({@code kthreadd}, {@code kworker/0:1-events}, ...): it has no executable and no command line, and
     * it renames itself as it picks up work. Told by the kernel's own flag, not by the parent being pid 2: inside a pid
     * namespace (a container) pid 2 is an ordinary process.
     */
    boolean kernelThread() {
        return (flags & PF_KTHREAD) != 0;
    }

    /** Exited but not yet reaped by its parent ({@code Z}), or being torn down ({@code X}): it no longer runs anything. */
    boolean exited() {
        return state == 'Z' || state == 'X' || state == 'x';
    }
}
