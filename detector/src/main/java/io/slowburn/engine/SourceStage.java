package io.slowburn.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.slowburn.analysis.Keying;
import io.slowburn.detector.service.DetectorMetrics;
import io.slowburn.model.InvalidRecordException;
import io.slowburn.model.MetricSample;
import io.slowburn.model.Observation;
import io.slowburn.model.Stream;
import io.slowburn.rules.Rule;
import java.nio.ByteBuffer;

/**
 * The second stage, by source: events, derived counter resets and the samples of source-keyed rules (retry storms read
 * two counters of one source) meet here and are evaluated against per-source state. They come from every intake task
 * at its own pace, so they wait in an event-time ordered buffer until the low watermark ({@link Watermarks}) has passed
 * them: each source's observations are then evaluated in event-time order, live as in a backtest. Kafka-free: the
 * topology's {@code SourceStageProcessor} and {@code backtest} both drive it.
 */
public final class SourceStage {

    /** Where the next tick and sweep are kept, with the state they belong to, so a restart resumes the same grid. */
    private static final String SCHEDULE_KEY = "~schedule";
    /** The bookkeeping keys kept in memory: the schedule and one per intake task (beyond that, written through). */
    private static final int BOOKKEEPING_KEYS = 1_024;

    /**
     * What the stage needs to know of its configuration; {@code cachedStates}: how many rule states stay objects in
     * memory between observations ({@link RuleEvaluator#RuleEvaluator(KeyValueState, DetectorMetrics, int)}).
     */
    public record Settings(long tickMs, long sweepMs, long ttlMs, long watermarkIdleMs, int intakeTasks, int cachedStates) {
    }

    private final RuleBook rules;
    private final InternalCodec codec;
    private final DetectorMetrics metrics;
    private final Settings settings;
    /**
     * Where the stage's own bookkeeping (each intake task's progress, the schedule) is written: in front of
     * {@code state}, written into it at {@link #flush()}. They change at nearly every heartbeat and are read back only
     * when a stage starts, so written through, each cost a store write and a changelog record per heartbeat (live,
     * 72 h bench: hundreds of thousands); written back, one per commit.
     */
    private final WriteBackState bookkeeping;
    private final RuleEvaluator evaluator;
    private final EventTimeGate gate;
    private final String task;
    private final String heartbeatKey;
    private final Emitter out;
    private long nextTick = Long.MIN_VALUE;
    private long nextSweep = Long.MIN_VALUE;

    /**
     * @param task this stage's name among its peers (its heartbeats carry it)
     * @param wallNow the wall-clock time now (for how long an intake task has been silent; constant offline)
     */
    public SourceStage(RuleBook rules, InternalCodec codec, DetectorMetrics metrics, Settings settings, KeyValueState state,
                       HeldBuffer buffer, String task, long wallNow, Emitter out) {
        this.rules = rules;
        this.codec = codec;
        this.metrics = metrics;
        this.settings = settings;
        this.bookkeeping = new WriteBackState(state, BOOKKEEPING_KEYS);
        this.out = out;
        byte[] schedule = bookkeeping.get(SCHEDULE_KEY);
        if (schedule != null) {
            ByteBuffer b = ByteBuffer.wrap(schedule);
            nextTick = b.getLong();
            nextSweep = b.getLong();
        }
        this.evaluator = new RuleEvaluator(state, metrics, settings.cachedStates());
        this.gate = new EventTimeGate(buffer, new Watermarks(bookkeeping, settings.watermarkIdleMs(), settings.intakeTasks(), wallNow));
        this.task = task;
        this.heartbeatKey = Watermarks.KEY_PREFIX + task;
    }

    /** One input record: an intake task's heartbeat, or an observation (JSON) for the source {@code key}. */
    public void process(String key, byte[] value, long ts, long wallNow) {
        if (Watermarks.isHeartbeat(key)) {
            gate.watermarks().heartbeat(value, wallNow).ifPresent(this::release);
        } else if (!gate.hold(key, ts, value)) {
            evaluate(value, ts); // behind the watermark already (an idle task woke up)
        }
    }

    /** As wall-clock time passes, a silent intake task stops holding the watermark back. */
    public void wallClock(long wallNow) {
        gate.watermarks().advance(wallNow).ifPresent(this::release);
    }

    /**
     * Evaluates, in event-time order, everything the watermark has passed, with the silence judged at every tick of a
     * fixed event-time grid in between (so ticks fall at the same times however the watermark advances: in small
     * steps offline, in jumps live); then tells the verdict stage how far this task has come.
     */
    private void release(long low) {
        long tickBefore = nextTick;
        long sweepBefore = nextSweep;
        for (EventTimeGate.Held h : gate.release(low)) {
            tickUntil(h.ts());
            evaluate(h.value(), h.ts());
        }
        tickUntil(low + 1);
        // Idle state is swept on the watermark too, never on Kafka's stream time, which any record's timestamp moves.
        if (nextSweep == Long.MIN_VALUE) {
            nextSweep = low + settings.sweepMs();
        } else if (low >= nextSweep) {
            nextSweep = low + settings.sweepMs();
            evaluator.sweep(low - settings.ttlMs());
        }
        if (nextTick != tickBefore || nextSweep != sweepBefore) {
            bookkeeping.put(SCHEDULE_KEY, ByteBuffer.allocate(16).putLong(nextTick).putLong(nextSweep).array());
        }
        metrics.watermark("source", task, low);
        out.emit(heartbeatKey, Route.FINDING, Watermarks.heartbeat(task, low), low);
    }

    /** Writes the rule states and the bookkeeping changed since the last flush into the store: live, before every commit. */
    public void flush() {
        evaluator.flush();
        bookkeeping.flush();
    }

    /** Flushes (a task suspended for a rebalance commits after its processors closed), and stops its gauges. */
    public void close() {
        flush();
        metrics.watermarkGone("source", task);
    }

    /** Runs every grid tick before {@code ts}. */
    private void tickUntil(long ts) {
        long tickMs = settings.tickMs();
        if (nextTick == Long.MIN_VALUE) {
            nextTick = Math.floorDiv(ts, tickMs) * tickMs + tickMs;
        }
        while (nextTick < ts) {
            long tick = nextTick;
            for (FindingTransition t : evaluator.tick(rules.rules(), tick)) {
                emit(t, tick);
            }
            nextTick += tickMs;
        }
    }

    private void evaluate(byte[] value, long ts) {
        Observation observation = observation(value);
        for (Rule rule : rules.rules().matching(observation)) {
            if (observation instanceof MetricSample && rule.analysis().keying() != Keying.SOURCE) {
                continue; // series-keyed metric rules were evaluated in the series stage
            }
            evaluator.evaluate(rule, rule.stateKey(observation), observation).ifPresent(t -> emit(t, ts));
        }
    }

    /** A metric sample in binary ({@link ObservationBytes}), or an event (or, from before an upgrade, a sample) as JSON. */
    private Observation observation(byte[] value) {
        if (ObservationBytes.isMetric(value)) {
            return ObservationBytes.readMetric(value);
        }
        try {
            JsonNode n = codec.records().readTree(value);
            return codec.records().streamOf(n, null) == Stream.METRIC ? codec.records().toMetric(n) : codec.records().toEvent(n);
        } catch (InvalidRecordException e) {
            throw new IllegalStateException("corrupt observation on the internal topic: " + e.getMessage(), e);
        }
    }

    private void emit(FindingTransition t, long ts) {
        metrics.recordOut(Route.FINDING);
        out.emit(VerdictDesk.FLEET, Route.FINDING, codec.write(t), ts);
    }
}
