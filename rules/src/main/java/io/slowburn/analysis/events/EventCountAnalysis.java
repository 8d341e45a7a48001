package io.slowburn.analysis.events;

import io.slowburn.analysis.Analysis;
import io.slowburn.analysis.AnalysisState;
import io.slowburn.analysis.Assessment;
import io.slowburn.analysis.Durations;
import io.slowburn.analysis.Keying;
import io.slowburn.analysis.ParameterChecks;
import io.slowburn.analysis.Parameters;
import io.slowburn.model.Event;
import io.slowburn.model.Observation;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Type {@code event_count} (signal {@code crash_loop}): counts process restarts per source in a sliding window of
 * event time and is anomalous when there are at least {@code min_count} of them.
 *
 * <p>What counts as a restart: a {@code process.exit} that carries a crash status, a {@code signal} event of a
 * signal that ends a process, an {@code oom_kill}, and a {@code counter.reset} (the detector derives it when a
 * counter of the source drops). A crash status is a {@code signal} attribute naming a signal whose default action
 * ends the process ({@code SIGKILL}, {@code SIGTERM}, {@code SIGSEGV}, {@code SIGABRT}, ... by name or Linux number;
 * not {@code SIGCHLD}, {@code SIGSTOP}, {@code SIGCONT}, {@code SIGWINCH} and the like), or an {@code exit_code}
 * above 128 (killed by signal n is reported as 128 + n) or below 0 (a runtime's "killed"). An exit code from 0 to 128
 * is the process ending by itself and counts nothing: the count is per source, and on any host short commands exit
 * 1 all the time. An exit whose status is unknown ({@code exit_code} and {@code signal} absent, {@code null}, or not
 * a signal, such as {@code "unknown"}: what a collector polling /proc sends for every short-lived command) counts
 * nothing and says {@code INSUFFICIENT_DATA}, which changes no alert; so does a {@code signal} event that names no
 * known signal. One restart usually shows up as several countable events (SIGTERM, exit 143, counters back to
 * zero); every countable event within {@code dedupe} of the first event of a restart is the same restart. So a fleet
 * deploy, where each host restarts once, counts one restart per host and does not fire; a process killed again and
 * again does. Other event kinds count nothing. Events whose {@code sender} attribute is listed in
 * {@code ignore_senders} (full path or file name) count nothing either.
 *
 * <p>Parameters: {@code window} (10m), {@code min_count} (3), {@code dedupe} (5s; set it to at least the metric
 * scrape interval if counter resets should merge with the exit that caused them), {@code ignore_senders} ([]),
 * {@code lateness} (2m). The window is kept as {@value #BUCKETS} buckets of event time, so it is exact to a tenth.
 * State: about 200 bytes per source.
 */
public final class EventCountAnalysis implements Analysis {

    static final int BUCKETS = 10;
    private static final byte VERSION = 1;
    private static final int MAX_TEXT = 128;

    private final long bucketMs;
    private final long minCount;
    private final long dedupeMs;
    private final long latenessMs;
    private final Set<String> ignoreSenders;
    private final String windowText;

    private EventCountAnalysis(Duration window, long minCount, Duration dedupe, List<String> ignoreSenders, Duration lateness) {
        this.bucketMs = Math.max(1, (window.toMillis() + BUCKETS - 1) / BUCKETS);
        this.minCount = minCount;
        this.dedupeMs = dedupe.toMillis();
        this.latenessMs = lateness.toMillis();
        this.ignoreSenders = Set.copyOf(new LinkedHashSet<>(ignoreSenders));
        this.windowText = Durations.format(window);
    }

    public static EventCountAnalysis create(Parameters p) {
        Duration window = ParameterChecks.durationBetween(p, "window", Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofDays(7));
        long minCount = ParameterChecks.integerBetween(p, "min_count", 3, 1, 100_000);
        Duration dedupe = p.duration("dedupe", Duration.ofSeconds(5));
        List<String> ignore = p.texts("ignore_senders", List.of());
        Duration lateness = p.duration("lateness", Duration.ofMinutes(2));
        if (dedupe.compareTo(window) >= 0) {
            p.problem("dedupe", "must be shorter than the window '" + Durations.format(window) + "', got '" + Durations.format(dedupe)
                    + "'");
            dedupe = Duration.ZERO;
        }
        if (lateness.compareTo(window) > 0) {
            p.problem("lateness", "must not exceed the window '" + Durations.format(window) + "', got '" + Durations.format(lateness)
                    + "'");
            lateness = window;
        }
        return new EventCountAnalysis(window, minCount, dedupe, ignore, lateness);
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
     * The window: the stored bucket indices count buckets of a tenth of it, so a state from another window would
     * be counted against the wrong buckets. There are always {@value #BUCKETS} of them. min_count only judges;
     * dedupe and ignore_senders only decide whether events still to come count; lateness is not stored.
     */
    @Override
    public String stateLayout() {
        return "window=" + windowText;
    }

    @Override
    public AnalysisState readState(DataInput in) throws IOException {
        State s = new State();
        byte v = in.readByte();
        if (v != VERSION) {
            throw new IOException("event_count state version " + v + " is not " + VERSION);
        }
        s.maxTs = in.readLong();
        s.restartStart = in.readLong();
        int n = in.readUnsignedByte();
        for (int i = 0; i < n; i++) {
            long idx = in.readLong();
            int count = in.readInt();
            if (i < BUCKETS) {
                s.index[i] = idx;
                s.counts[i] = count;
            }
        }
        s.lastSignal = in.readUTF();
        s.lastSender = in.readUTF();
        return s;
    }

    private boolean ignored(Event e) {
        String sender = e.attr("sender");
        if (sender == null || ignoreSenders.isEmpty()) {
            return false;
        }
        if (ignoreSenders.contains(sender)) {
            return true;
        }
        int slash = sender.lastIndexOf('/');
        return slash >= 0 && ignoreSenders.contains(sender.substring(slash + 1));
    }

    private final class State implements AnalysisState {
        private final long[] index = new long[BUCKETS];
        private final int[] counts = new int[BUCKETS];
        private long maxTs = Long.MIN_VALUE;
        private long restartStart = Long.MIN_VALUE;
        private String lastSignal = "";
        private String lastSender = "";

        State() {
            java.util.Arrays.fill(index, Long.MIN_VALUE);
        }

        @Override
        public Assessment observe(Observation observation) {
            if (!(observation instanceof Event e)) {
                return Assessment.insufficientData("event_count reads events, not metric samples");
            }
            long ts = e.ts();
            if (maxTs != Long.MIN_VALUE && ts < maxTs - latenessMs) {
                return Assessment.late();
            }
            ExitStatus status = status(e);
            if (status == ExitStatus.UNKNOWN) {
                return Assessment.insufficientData(e.event() + " without a known exit_code or signal: cannot tell a kill from "
                    + "a clean exit, counts nothing");
            }
            boolean countable = status == ExitStatus.CRASH;
            maxTs = Math.max(maxTs, ts);
            if (countable && !ignored(e)) {
                if (restartStart == Long.MIN_VALUE || Math.abs(ts - restartStart) > dedupeMs) {
                    add(ts);
                    restartStart = Math.max(restartStart, ts);
                }
                String sig = e.attr("signal");
                if (sig != null && ExitStatus.ofSignal(e.attrs().get("signal")) == ExitStatus.CRASH) {
                    lastSignal = Fingerprints.cap(sig, MAX_TEXT);
                }
                String sender = e.attr("sender");
                if (sender != null) {
                    lastSender = Fingerprints.cap(sender, MAX_TEXT);
                }
            }
            long restarts = count();
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("restarts", restarts);
            evidence.put("min_count", minCount);
            evidence.put("window", windowText);
            if (!lastSignal.isEmpty()) {
                evidence.put("last_signal", lastSignal);
            }
            if (!lastSender.isEmpty()) {
                evidence.put("last_sender", lastSender);
            }
            if (restartStart != Long.MIN_VALUE) {
                evidence.put("last_restart_ts", restartStart);
            }
            if (restarts >= minCount) {
                String by = lastSignal.isEmpty() ? "" : ", last by " + lastSignal + (lastSender.isEmpty() ? "" : " from " + lastSender);
                return Assessment.anomalous(evidence, restarts + " restarts of " + e.source() + " in " + windowText
                    + " (at least " + minCount + " is a crash loop)" + by).withOnset(firstCounted(maxTs));
            }
            return Assessment.normal(evidence);
        }

        /** Restarts counted in the window ending at stream time: a loop that stopped is normal again. */
        @Override
        public Assessment advance(long streamTime) {
            if (maxTs == Long.MIN_VALUE) {
                return Assessment.insufficientData();
            }
            long restarts = countAt(Math.max(maxTs, streamTime));
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("restarts", restarts);
            evidence.put("min_count", minCount);
            evidence.put("window", windowText);
            long now = Math.max(maxTs, streamTime);
            return restarts >= minCount
                ? Assessment.anomalous(evidence, restarts + " restarts in " + windowText).withOnset(firstCounted(now))
                : Assessment.normal(evidence);
        }

        /** Whether the event is a restart ({@code CRASH}), is not, or cannot tell ({@code UNKNOWN}). */
        private ExitStatus status(Event e) {
            return switch (e.event()) {
                case Event.OOM_KILL, Event.COUNTER_RESET -> ExitStatus.CRASH;
                case Event.SIGNAL -> ExitStatus.ofSignal(e.attrs().get("signal"));
                case Event.PROCESS_EXIT -> ExitStatus.ofExit(e.attrs().get("signal"), e.attrs().get("exit_code"));
                default -> ExitStatus.NO_CRASH;
            };
        }

        private void add(long ts) {
            long idx = Math.floorDiv(ts, bucketMs);
            long current = Math.floorDiv(maxTs, bucketMs);
            if (idx <= current - BUCKETS) {
                return;
            }
            int slot = (int) Math.floorMod(idx, (long) BUCKETS);
            if (index[slot] != idx) {
                index[slot] = idx;
                counts[slot] = 0;
            }
            counts[slot]++;
        }

        /**
         * The onset of what the window counts: the start of its oldest bucket holding a restart (the first counted
         * event, to a tenth of the window, never after it).
         */
        private long firstCounted(long now) {
            long current = Math.floorDiv(now, bucketMs);
            long oldest = Long.MAX_VALUE;
            for (int i = 0; i < BUCKETS; i++) {
                if (index[i] != Long.MIN_VALUE && index[i] > current - BUCKETS && index[i] <= current && counts[i] > 0) {
                    oldest = Math.min(oldest, index[i]);
                }
            }
            return oldest == Long.MAX_VALUE ? Assessment.NO_ONSET : oldest * bucketMs;
        }

        private long count() {
            return countAt(maxTs);
        }

        private long countAt(long now) {
            long current = Math.floorDiv(now, bucketMs);
            long total = 0;
            for (int i = 0; i < BUCKETS; i++) {
                if (index[i] != Long.MIN_VALUE && index[i] > current - BUCKETS && index[i] <= current) {
                    total += counts[i];
                }
            }
            return total;
        }

        @Override
        public void writeTo(DataOutput out) throws IOException {
            out.writeByte(VERSION);
            out.writeLong(maxTs);
            out.writeLong(restartStart);
            out.writeByte(BUCKETS);
            for (int i = 0; i < BUCKETS; i++) {
                out.writeLong(index[i]);
                out.writeInt(counts[i]);
            }
            out.writeUTF(lastSignal);
            out.writeUTF(lastSender);
        }
    }
}
