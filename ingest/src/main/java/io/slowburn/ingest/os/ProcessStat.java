package io.slowburn.ingest.os;

import java.util.Optional;

/**
 * The fields of {@code /proc/<pid>/stat} we need. {@code comm} is in parentheses and may itself contain spaces and
 * parentheses ({@code "(my (odd) name)"}), so it spans from the FIRST '(' to the LAST ')'; the numeric fields are
 * counted from there.
 *
 * @param startTicks start time after boot in clock ticks: with the pid, it identifies a process across pid reuse
 */
record ProcessStat(int pid, String comm, char state, int ppid, long startTicks) {

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
            // f[0] is field 3 (state), f[1] field 4 (ppid), f[19] field 22 (starttime).
            return Optional.of(new ProcessStat(pid, comm, f[0].charAt(0), Integer.parseInt(f[1]), Long.parseLong(f[19])));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
