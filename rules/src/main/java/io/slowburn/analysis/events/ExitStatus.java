package io.slowburn.analysis.events;

import java.util.Locale;
import java.util.Set;

/**
 * What an event's {@code signal} and {@code exit_code} attributes say about how a process ended. Each answer is one
 * of three: it was killed or crashed ({@link #CRASH}), it was not ({@link #NO_CRASH}), or the attribute does not say
 * ({@link #UNKNOWN}: absent, {@code null}, {@code "unknown"}, a word that is not a signal). Collectors that poll
 * {@code /proc} never learn an exit status, and must not have it read as a kill.
 */
enum ExitStatus {
    CRASH,
    NO_CRASH,
    UNKNOWN;

    /**
     * Signals whose default action does not end the process (signal(7): Ign, Stop, Cont), by name without "SIG".
     * Every other signal of signal(7) ends it (Term or Core).
     */
    private static final Set<String> HARMLESS = Set.of("CHLD", "CLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "WINCH");
    private static final Set<String> ENDING = Set.of("HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "IOT", "BUS", "EMT", "FPE",
        "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "XCPU", "XFSZ", "VTALRM", "PROF", "IO", "POLL", "PWR",
        "LOST", "SYS", "UNUSED", "RTMIN", "RTMAX");
    /** Linux x86 and ARM numbers of the signals in {@link #HARMLESS} (17 CHLD ... 28 WINCH). */
    private static final Set<Integer> HARMLESS_NUMBERS = Set.of(17, 18, 19, 20, 21, 22, 23, 28);
    private static final int MAX_SIGNAL = 64;
    /** Shells and most runtimes report death by signal n as exit code 128 + n. */
    private static final long SIGNALLED_ABOVE = 128;

    /**
     * A signal attribute: a name ({@code SIGKILL}, {@code KILL}, {@code sigterm}, {@code SIGRTMIN+3}) or a number
     * (Linux numbering; 0, the null signal, is not a kill). {@code CRASH} when the signal's default action ends the
     * process.
     */
    static ExitStatus ofSignal(Object signal) {
        if (signal instanceof Number n) {
            return ofSignalNumber(n.doubleValue());
        }
        if (signal == null) {
            return UNKNOWN;
        }
        String s = String.valueOf(signal).strip().toUpperCase(Locale.ROOT);
        if (s.isEmpty()) {
            return UNKNOWN;
        }
        if (s.chars().allMatch(Character::isDigit) && s.length() <= 3) {
            return ofSignalNumber(Integer.parseInt(s));
        }
        if (s.startsWith("SIG")) {
            s = s.substring(3);
        }
        if (s.startsWith("RTMIN") || s.startsWith("RTMAX")) {
            return CRASH;
        }
        if (ENDING.contains(s)) {
            return CRASH;
        }
        return HARMLESS.contains(s) ? NO_CRASH : UNKNOWN;
    }

    private static ExitStatus ofSignalNumber(double n) {
        if (n != Math.rint(n) || n < 0 || n > MAX_SIGNAL) {
            return UNKNOWN;
        }
        if (n == 0 || HARMLESS_NUMBERS.contains((int) n)) {
            return NO_CRASH;
        }
        return CRASH;
    }

    /**
     * An exit code attribute (a number, or a number as text). {@code CRASH} above 128 (128 + n: killed by signal n, as
     * shells and most runtimes report it; 255 included) and below 0 (a runtime's "killed by signal": Python's -n,
     * Go's -1); {@code NO_CRASH} for 0 to 128: the process ended by itself, well or with an error. An error exit is
     * not counted: the count is per source, not per program, and on any host {@code grep} or {@code test} exit 1
     * many times an hour.
     */
    static ExitStatus ofExitCode(Object code) {
        Long c = null;
        if (code instanceof Number n) {
            c = n.doubleValue() == Math.rint(n.doubleValue()) ? n.longValue() : null;
        } else if (code != null) {
            try {
                c = Long.parseLong(String.valueOf(code).strip());
            } catch (NumberFormatException e) {
                c = null;
            }
        }
        if (c == null) {
            return UNKNOWN;
        }
        return c > SIGNALLED_ABOVE || c < 0 ? CRASH : NO_CRASH;
    }

    /** A {@code process.exit}: a crash when either attribute says so, unknown when neither says anything. */
    static ExitStatus ofExit(Object signal, Object code) {
        ExitStatus s = ofSignal(signal);
        ExitStatus c = ofExitCode(code);
        if (s == CRASH || c == CRASH) {
            return CRASH;
        }
        return s == UNKNOWN && c == UNKNOWN ? UNKNOWN : NO_CRASH;
    }
}
