package io.slowburn.analysis.events;

import io.slowburn.analysis.Analysis;
import io.slowburn.analysis.AnalysisState;
import io.slowburn.analysis.Assessment;
import io.slowburn.analysis.Keying;
import io.slowburn.analysis.ParameterChecks;
import io.slowburn.analysis.Parameters;
import io.slowburn.model.Event;
import io.slowburn.model.Observation;
import io.slowburn.verdict.Glob;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Type {@code novelty} (signal {@code unexpected_exec}): learns which binaries a source runs, then reports the
 * first {@code exec} of a binary it has never seen.
 *
 * <p>Reads {@code exec} events (attributes {@code exe}, {@code user}). Events that are not a binary being run say
 * {@code INSUFFICIENT_DATA} and are neither learnt nor judged (see {@link #notAnExecution}): {@code kernel_thread:
 * true}, {@code exe_source: comm} (the exe is only a process name), and renames ({@code previous_exe} equal to
 * {@code exe}). The parent being pid 2 ({@code kthreadd}) is not used: in a container's pid namespace pid 2 is an
 * ordinary process. During {@code learning} (event time from the source's first exec of a binary) it only
 * remembers binaries and says {@code INSUFFICIENT_DATA}. After that, an exec of a binary not remembered is
 * {@code ANOMALOUS} with evidence {@code exe}, {@code user}, {@code user_seen_before} and {@code known_binaries};
 * the binary is then remembered, so each new binary fires once.
 *
 * <p>A host runs far more ordinary tools than an hour shows ({@code grep}, {@code awk}, {@code tar} in a cron job a
 * week later). A binary first seen after learning under one of the {@code quiet_paths} (globs: {@code *} stops at
 * {@code /}; default the system's binary directories) whose name does not start with a dot, run by a user this
 * source has run binaries as before, is learnt silently ({@code NORMAL} with {@code quiet_path: true}); the same
 * binary run by a user never seen on the source is still reported. What is reported is what attackers drop: binaries
 * in {@code /tmp}, {@code /dev/shm}, home directories, hidden names, and the tools named in {@code always_report}
 * (basenames; default {@link #DEFAULT_ALWAYS_REPORT}: {@code nc}, {@code socat}, {@code nmap}, ...) wherever they
 * live. Set {@code quiet_paths: []} to report every new binary (at the price of one alert per ordinary tool a host
 * first runs).
 *
 * <p>Bounded: at most {@code max_entries} (512) binaries and {@code max_users} (64) users per source, kept as
 * 64-bit fingerprints (8 bytes each) in least-recently-seen order. When a set is full, the binary (or user) not
 * seen for the longest time is forgotten: if it runs again it is reported as new once more. Forgetting can thus
 * cause a repeat report of a rarely run binary, never a missed new one (save a 64-bit fingerprint collision,
 * about one in 10^16 for a full set). Size a source's set above the number of distinct binaries it legitimately
 * runs. Parameters: {@code learning} (1h), {@code max_entries} (512), {@code max_users} (64), {@code quiet_paths}
 * ({@link #DEFAULT_QUIET_PATHS}), {@code always_report} ({@link #DEFAULT_ALWAYS_REPORT}), {@code lateness} (10m).
 */
public final class NoveltyAnalysis implements Analysis {

    private static final byte VERSION = 1;
    /** The system's binary directories: a new tool from there, run by a known user, is ordinary. */
    public static final List<String> DEFAULT_QUIET_PATHS = List.of("/usr/bin/*", "/bin/*", "/usr/sbin/*", "/sbin/*",
            "/usr/local/bin/*", "/usr/local/sbin/*", "/usr/libexec/*/*", "/usr/lib/*/*");
    /** Tools an intruder reaches for first: reported when new wherever they live. */
    public static final List<String> DEFAULT_ALWAYS_REPORT = List.of("nc", "ncat", "netcat", "socat", "nmap", "masscan",
            "tcpdump", "telnet");

    private final long learningMs;
    private final int maxEntries;
    private final int maxUsers;
    private final long latenessMs;
    private final List<String> quietPaths;
    private final List<String> alwaysReport;

    private NoveltyAnalysis(Duration learning, int maxEntries, int maxUsers, List<String> quietPaths, List<String> alwaysReport,
                            Duration lateness) {
        this.learningMs = learning.toMillis();
        this.maxEntries = maxEntries;
        this.maxUsers = maxUsers;
        this.latenessMs = lateness.toMillis();
        this.quietPaths = List.copyOf(quietPaths);
        this.alwaysReport = List.copyOf(alwaysReport);
    }

    public static NoveltyAnalysis create(Parameters p) {
        Duration learning = ParameterChecks.durationAtMost(p, "learning", Duration.ofHours(1), Duration.ofDays(30));
        long maxEntries = ParameterChecks.integerBetween(p, "max_entries", 512, 8, 65_536);
        long maxUsers = ParameterChecks.integerBetween(p, "max_users", 64, 1, 4_096);
        Duration lateness = ParameterChecks.durationAtMost(p, "lateness", Duration.ofMinutes(10), Duration.ofDays(1));
        List<String> quietPaths = p.texts("quiet_paths", DEFAULT_QUIET_PATHS);
        for (String glob : quietPaths) {
            if (!glob.startsWith("/")) {
                p.problem("quiet_paths", "must be absolute paths or globs, got '" + Fingerprints.cap(glob, 64) + "'");
                quietPaths = DEFAULT_QUIET_PATHS;
                break;
            }
        }
        List<String> alwaysReport = p.texts("always_report", DEFAULT_ALWAYS_REPORT);
        return new NoveltyAnalysis(learning, (int) maxEntries, (int) maxUsers, quietPaths, alwaysReport, lateness);
    }

    /** Most binaries remembered per source. */
    public int maxEntries() {
        return maxEntries;
    }

    @Override
    public Keying keying() {
        return Keying.SOURCE;
    }

    @Override
    public AnalysisState newState() {
        return new State();
    }

    /**
     * None: the state is a list of fingerprints, least recently seen first, and the time of the first and newest
     * exec. {@link #readState} enforces the current max_entries and max_users (after lower bounds it forgets exactly
     * what a state kept at them would have forgotten); learning is measured from the stored first exec; lateness is
     * not stored.
     */
    @Override
    public String stateLayout() {
        return "";
    }

    @Override
    public AnalysisState readState(DataInput in) throws IOException {
        byte v = in.readByte();
        if (v != VERSION) {
            throw new IOException("novelty state version " + v + " is not " + VERSION);
        }
        State s = new State();
        s.firstTs = in.readLong();
        s.maxTs = in.readLong();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            touch(s.binaries, in.readLong(), maxEntries);
        }
        int m = in.readInt();
        for (int i = 0; i < m; i++) {
            touch(s.users, in.readLong(), maxUsers);
        }
        return s;
    }

    /**
     * Why an exec event does not report a binary being run, or {@code null} when it does: a kernel thread
     * ({@code kernel_thread: true}: it has no executable, and kworkers rename themselves after each work item), an
     * {@code exe} that is only the process name ({@code exe_source: comm}: the collector could read neither the exe
     * link nor a command line, as for kernel threads and zombies), or a rename ({@code previous_exe} equal to
     * {@code exe}: only the comm changed, the binary did not).
     */
    static String notAnExecution(Event e, String exe) {
        Object kernel = e.attrs().get("kernel_thread");
        if (Boolean.TRUE.equals(kernel) || "true".equalsIgnoreCase(String.valueOf(kernel))) {
            return "a kernel thread";
        }
        if ("comm".equals(e.attr("exe_source"))) {
            return "exe '" + Fingerprints.cap(exe, 64) + "' is only a process name (exe_source: comm)";
        }
        if (exe.equals(e.attr("previous_exe"))) {
            return "a rename of " + Fingerprints.cap(exe, 64) + " (previous_exe is the same binary)";
        }
        return null;
    }

    /** Whether a binary is an ordinary tool: under a quiet path, with a name that does not hide itself. */
    boolean quiet(String exe) {
        int slash = exe.lastIndexOf('/');
        if (slash < 0 || exe.startsWith(".", slash + 1) || alwaysReport.contains(exe.substring(slash + 1))) {
            return false;
        }
        for (String glob : quietPaths) {
            if (Glob.matches(glob, exe)) {
                return true;
            }
        }
        return false;
    }

    /** Marks a fingerprint as just seen (moves it to the young end) and evicts the oldest beyond {@code max}. */
    private static void touch(LinkedHashSet<Long> set, long fp, int max) {
        set.remove(fp);
        set.add(fp);
        Iterator<Long> it = set.iterator();
        while (set.size() > max && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    private final class State implements AnalysisState {
        private final LinkedHashSet<Long> binaries = new LinkedHashSet<>();
        private final LinkedHashSet<Long> users = new LinkedHashSet<>();
        private long firstTs = Long.MIN_VALUE;
        private long maxTs = Long.MIN_VALUE;

        /**
         * An unexpected exec is a single moment: once stream time has moved past it with nothing new, the source is
         * normal again (the alert resolves after the rule's {@code resolve_after}).
         */
        @Override
        public Assessment advance(long streamTime) {
            return maxTs == Long.MIN_VALUE || streamTime <= maxTs ? Assessment.insufficientData() : Assessment.normal();
        }

        @Override
        public Assessment observe(Observation observation) {
            if (!(observation instanceof Event e) || !Event.EXEC.equals(e.event())) {
                return Assessment.insufficientData("novelty reads exec events only");
            }
            String exe = e.attr("exe");
            if (exe == null || exe.isBlank()) {
                return Assessment.insufficientData("exec event without an 'exe' attribute");
            }
            String notABinary = notAnExecution(e, exe);
            if (notABinary != null) {
                return Assessment.insufficientData(notABinary + ": not an execution, ignored");
            }
            long ts = e.ts();
            if (maxTs != Long.MIN_VALUE && ts < maxTs - latenessMs) {
                return Assessment.late();
            }
            if (firstTs == Long.MIN_VALUE) {
                firstTs = ts;
            }
            maxTs = Math.max(maxTs, ts);
            String user = e.attr("user");
            long exeFp = Fingerprints.of(exe);
            boolean userSeen = user != null && users.contains(Fingerprints.of(user));
            if (user != null) {
                touch(users, Fingerprints.of(user), maxUsers);
            }
            long learningEnds = firstTs + learningMs;
            if (ts < learningEnds) {
                touch(binaries, exeFp, maxEntries);
                return Assessment.insufficientData("learning the binaries of " + e.source() + ": " + binaries.size()
                    + " so far, until " + java.time.Instant.ofEpochMilli(learningEnds));
            }
            boolean known = binaries.contains(exeFp);
            int knownCount = binaries.size();
            touch(binaries, exeFp, maxEntries);
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("exe", exe);
            if (user != null) {
                evidence.put("user", user);
            }
            evidence.put("user_seen_before", userSeen);
            evidence.put("known_binaries", knownCount);
            if (known) {
                return Assessment.normal(evidence);
            }
            if (userSeen && quiet(exe)) {
                evidence.put("quiet_path", true);
                return Assessment.normal(evidence);
            }
            return Assessment.anomalous(evidence, e.source() + " ran " + exe + (user == null ? "" : " as " + user)
                + ", a binary not seen before" + (userSeen || user == null ? "" : " (by a user not seen before either)")
                + "; " + knownCount + " binaries known");
        }

        @Override
        public void writeTo(DataOutput out) throws IOException {
            out.writeByte(VERSION);
            out.writeLong(firstTs);
            out.writeLong(maxTs);
            out.writeInt(binaries.size());
            for (long fp : binaries) {
                out.writeLong(fp);
            }
            out.writeInt(users.size());
            for (long fp : users) {
                out.writeLong(fp);
            }
        }
    }
}
