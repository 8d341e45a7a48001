package io.slowburn.engine;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The event time of an intake task, decided by more than one record. Heartbeats (the later stages' watermark) and
 * idle-state sweeps follow the task's progress, never Kafka's stream time, which any record's timestamp moves: one
 * forged sample dated next year must not make every series look idle (and be swept) or resolve every open incident,
 * and one sample dated 2000 must not make every later record look "too far ahead".
 *
 * <p>Each source has its own clock ({@link SourceClocks}); the task's progress is the time a quorum of its sources has
 * reached. A record that does not fit goes to the dead-letter topic and moves no clock:
 * <ul>
 *   <li>dated more than {@code max.future.skew.ms} after the broker received it (live, where topics stamp records with
 *       {@code LogAppendTime}): nothing legitimate comes from the future;</li>
 *   <li>dated more than {@code max.future.skew.ms} ahead of the task's progress: a source steps at most that far
 *       ahead of the quorum, however many steps it takes;</li>
 *   <li>a new source's first record more than {@code state.series.ttl.ms} behind the task's progress, once
 *       {@link SourceClocks#QUORUM} sources are known: anything older would be swept at once.</li>
 * </ul>
 * A record the broker received within {@code max.future.skew.ms} of its event time is on time by the one clock no
 * writer controls, and is never rejected by the others (so a task whose other sources all fell silent keeps going).
 *
 * <p>While fewer than {@link SourceClocks#QUORUM} sources are known, a task cannot outvote its first source: new
 * sources that agree with each other and disagree with every known one are rejected until they outnumber the known
 * ones; then the task re-bases on them. A single record dated 2000 at the head of a partition costs the first records
 * of two sources (in the dead-letter topic), not the rest of the run.
 *
 * <p>Source clocks are kept in the task's {@code intake-clock} store, so a restarted task resumes the progress it
 * committed instead of trusting its first record again. The metrics and the events processors of a task share one
 * clock.
 */
public final class IntakeClock {

    /**
     * How far the most advanced source may lead the quorum's time and take the task's progress with it, by moving on
     * while the quorum's time stands still (the other hosts fell silent: a crash loop stopped, a host is the only one
     * with something to say for a while). The lead is earned by the steps that move the most advanced clock on; a step
     * larger than this bound (a jump) earns none, and the lead lapses as soon as the quorum's time moves. A forger
     * moves the task no further than this ahead of its sources.
     */
    public static final long MAX_LEAD_MS = 60 * 60_000L;

    /** An arrival time that is not known (offline, or a topic stamped with the producer's time). */
    public static final long NO_ARRIVAL = Long.MIN_VALUE;

    /**
     * Where {@link #flush()} keeps the progress of the last heartbeat owed (outside the source clocks' prefix, which is
     * all that earlier versions read of this store).
     */
    static final String LAST_OWED_KEY = "h|owed";

    /** How far the clock reaches: skew ahead, lag behind (for new sources), heartbeat and sweep intervals. */
    public record Settings(long maxSkewMs, long maxLagMs, long heartbeatMs, long sweepMs) {
    }

    /**
     * One clock per incarnation of an intake task, shared by that task's processors. A task that Kafka Streams closes
     * and revives (after a crash, or corrupted state under exactly-once) reprocesses from its committed offsets; its
     * clock is restored from the store, which holds what was committed with those offsets. A processor that joins its
     * task's clock a second time is the first sign of a new incarnation.
     */
    public static final class Registry {
        private final Map<String, IntakeClock> clocks = new ConcurrentHashMap<>();

        /** Joins the task's clock, which writes every change of a source clock into {@code store} at once. */
        public IntakeClock join(String task, String processor, Settings settings, KeyValueState store) {
            return join(task, processor, settings, store, false);
        }

        /**
         * Joins the task's clock; with {@code writeBehind}, a new clock keeps the changes of its source clocks in
         * memory until {@link IntakeClock#flush()} (live: before every commit, so they join the transaction of the
         * offsets that produced them) instead of writing the store at every change, which is at almost every record.
         */
        public IntakeClock join(String task, String processor, Settings settings, KeyValueState store, boolean writeBehind) {
            return clocks.compute(task, (t, clock) -> {
                IntakeClock current = clock == null || clock.members.contains(processor)
                        ? new IntakeClock(t, settings, store, writeBehind) : clock;
                current.members.add(processor);
                return current;
            });
        }
    }

    private final String task;
    private final Settings settings;
    private final SourceClocks sources;
    private final Set<String> members = ConcurrentHashMap.newKeySet();
    /** New sources rejected for disagreeing with the first ones, while fewer than a quorum are known. */
    private final Map<String, Long> dissenters = new LinkedHashMap<>();
    /** The quorum's time when last seen, and the lead earned since. */
    private long quorumSeen = Long.MIN_VALUE;
    private long lead;
    private long accepted = Long.MIN_VALUE;
    private long nextHeartbeat = Long.MIN_VALUE;
    private long nextSweep = Long.MIN_VALUE;
    private final KeyValueState store;
    /** The progress the last heartbeat owed carried, and whether it changed since the last {@link #flush()}. */
    private long lastOwed = Long.MIN_VALUE;
    private boolean lastOwedUnwritten;
    /** What the previous incarnation of this task owed last, as its last commit left it; until taken. */
    private long resumed;

    private IntakeClock(String task, Settings settings, KeyValueState store, boolean writeBehind) {
        this.task = "intake-" + task;
        this.settings = settings;
        this.store = store;
        this.sources = new SourceClocks(store, writeBehind);
        this.accepted = progress();
        byte[] owed = store.get(LAST_OWED_KEY);
        this.resumed = owed == null ? Long.MIN_VALUE : ByteBuffer.wrap(owed).getLong();
    }

    public String task() {
        return task;
    }

    /**
     * Admits a record of {@code source} dated {@code ts}, received by the broker at {@code arrival} (or
     * {@link #NO_ARRIVAL}): moves the source's clock and returns {@code null}, or returns why it does not fit (for the
     * dead-letter topic) and moves nothing.
     */
    public synchronized String admit(String source, long ts, long arrival) {
        long skew = settings.maxSkewMs();
        if (arrival != NO_ARRIVAL && ts > arrival + skew) {
            return "event time " + Instant.ofEpochMilli(ts) + " is " + Duration.ofMillis(ts - arrival)
                    + " after the broker received the record (" + Instant.ofEpochMilli(arrival) + "); max.future.skew.ms exceeded";
        }
        boolean onTime = arrival != NO_ARRIVAL && ts >= arrival - skew;
        long progress = progress();
        Long own = sources.clockOf(source);
        if (!onTime && progress != Long.MIN_VALUE) {
            String misfit = misfit(source, ts, progress, own);
            if (misfit != null) {
                return misfit;
            }
        }
        long newestBefore = sources.newest();
        sources.advance(source, ts);
        long quorum = sources.progress();
        if (quorum != quorumSeen) {
            quorumSeen = quorum;
            lead = 0;
        }
        long step = newestBefore == Long.MIN_VALUE ? 0 : sources.newest() - newestBefore;
        if (step <= MAX_LEAD_MS) {
            lead = Math.min(MAX_LEAD_MS, lead + step);
        }
        accepted = Math.max(accepted, progress());
        return null;
    }

    /** The quorum's time, and the lead its most advanced source earned since it last moved. */
    private long progress() {
        long quorum = sources.progress();
        if (quorum == Long.MIN_VALUE || quorum != quorumSeen) {
            return quorum;
        }
        return Math.min(sources.newest(), quorum + lead);
    }

    private String misfit(String source, long ts, long progress, Long own) {
        long skew = settings.maxSkewMs();
        if (ts > progress + skew) {
            if (own == null && sources.size() < SourceClocks.QUORUM && outvotes(source, ts)) {
                return null; // re-based on the sources that outvoted the first ones
            }
            return "event time " + Instant.ofEpochMilli(ts) + " is " + Duration.ofMillis(ts - progress)
                    + " ahead of what this partition has seen (" + Instant.ofEpochMilli(progress) + ", the time "
                    + quorumText() + " reached); max.future.skew.ms exceeded";
        }
        if (own == null && sources.size() >= SourceClocks.QUORUM && ts < progress - settings.maxLagMs()) {
            return "first record of source '" + source + "' is dated " + Instant.ofEpochMilli(ts) + ", "
                    + Duration.ofMillis(progress - ts) + " behind what this partition has seen ("
                    + Instant.ofEpochMilli(progress) + "); state.series.ttl.ms exceeded";
        }
        return null;
    }

    /**
     * Whether the new sources that disagree with every known one, this one included, now outnumber the known ones and
     * agree with each other; if so, forgets the known sources and adopts those. Only while fewer than a quorum are
     * known: once a quorum is, outvoting it takes more than new names.
     */
    private boolean outvotes(String source, long ts) {
        dissenters.put(source, ts);
        if (dissenters.size() > SourceClocks.QUORUM) {
            dissenters.remove(dissenters.keySet().iterator().next());
        }
        Map<String, Long> agreeing = new LinkedHashMap<>();
        dissenters.forEach((s, t) -> {
            if (Math.abs(t - ts) <= settings.maxSkewMs()) {
                agreeing.put(s, t);
            }
        });
        if (agreeing.size() <= sources.size()) {
            return false;
        }
        sources.forgetAll();
        dissenters.clear();
        agreeing.forEach((s, t) -> {
            if (!s.equals(source)) {
                sources.advance(s, t);
            }
        });
        return true;
    }

    private static String quorumText() {
        return "a quorum of its sources";
    }

    /** The task's progress: what the heartbeats carry (never back). */
    public synchronized long accepted() {
        return accepted;
    }

    /**
     * Whether a heartbeat is due at the accepted time (and, if so, schedules the next one). Heartbeats and sweeps fall
     * due on a fixed event-time grid, so a task that restarts from its committed offsets keeps the same rhythm.
     */
    public synchronized boolean heartbeatDue() {
        if (accepted == Long.MIN_VALUE || accepted < nextHeartbeat) {
            return false;
        }
        nextHeartbeat = nextOnGrid(accepted, settings.heartbeatMs());
        lastOwed = accepted;
        lastOwedUnwritten = true;
        return true;
    }

    /**
     * The progress of the last heartbeat the previous incarnation of this task owed, as its last commit recorded it,
     * once (then {@code Long.MIN_VALUE}; that too when there was none, or a version that did not record it wrote it).
     * Live, a heartbeat owed is sent a little later than the record that made it due ({@code HeldHeartbeats}); a commit
     * that ends an incarnation (a rebalance, a clean shutdown) can come in between and carry the offsets of that record
     * without the heartbeat. Sending it again when the task resumes keeps the later stages' watermark from waiting for
     * the task's next record; a receiver takes a heartbeat it already has as news of nothing but the task's liveness.
     */
    public synchronized long takeResumedHeartbeat() {
        long owed = resumed;
        resumed = Long.MIN_VALUE;
        return owed;
    }

    /**
     * Whether an idle-state sweep is due at the accepted time (never at the first record: nothing can be idle yet).
     * Source clocks idle for {@code ttlMs} are forgotten with it.
     */
    public synchronized boolean sweepDue(long ttlMs) {
        if (accepted == Long.MIN_VALUE) {
            return false;
        }
        if (nextSweep == Long.MIN_VALUE) {
            nextSweep = nextOnGrid(accepted, settings.sweepMs());
            return false;
        }
        if (accepted < nextSweep) {
            return false;
        }
        nextSweep = nextOnGrid(accepted, settings.sweepMs());
        if (ttlMs > 0) {
            sources.forgetBefore(accepted - ttlMs);
        }
        return true;
    }

    private static long nextOnGrid(long time, long step) {
        return Math.floorDiv(time, step) * step + step;
    }

    /** Writes the source clocks changed since the last flush into the store (a clock that writes behind). */
    public synchronized void flush() {
        sources.flush();
        if (lastOwedUnwritten) {
            store.put(LAST_OWED_KEY, ByteBuffer.allocate(Long.BYTES).putLong(lastOwed).array());
            lastOwedUnwritten = false;
        }
    }

    public byte[] heartbeat() {
        return Watermarks.heartbeat(task, accepted());
    }
}
