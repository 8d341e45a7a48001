package io.slowburn.ingest.os;

/**
 * One process as seen in one poll.
 *
 * @param exe the executable: {@code readlink /proc/<pid>/exe}, else the first word of the command line, else the comm
 * @param exeSource where {@code exe} came from: {@code exe}, {@code cmdline} or {@code comm}
 * @param uid real uid from {@code /proc/<pid>/status}, or -1 when unreadable
 * @param user user name for {@code uid} (the uid as text when not in the passwd file), or {@code null}
 * @param kernelThread a kernel thread (the {@code PF_KTHREAD} flag of its stat): it executes no binary
 * @param zombie exited and not yet reaped: what is left of it has no executable either
 */
record ProcessInfo(int pid, int ppid, String comm, String exe, String exeSource, int uid, String user, long startTicks,
                   boolean kernelThread, boolean zombie) {

    /** Same process (not a reused pid): the kernel start time differs for a new process with the same pid. */
    boolean sameProcessAs(ProcessInfo other) {
        return other != null && pid == other.pid && startTicks == other.startTicks;
    }

    /** Whether what it runs is a binary an {@code exec} event may name: not a kernel thread, not a zombie's remains. */
    boolean runsABinary() {
        return !kernelThread && !zombie;
    }
}
