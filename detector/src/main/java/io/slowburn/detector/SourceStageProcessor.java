package io.slowburn.detector;

import com.fasterxml.jackson.databind.JsonNode;
import io.slowburn.analysis.Keying;
import io.slowburn.model.InvalidRecordException;
import io.slowburn.model.MetricSample;
import io.slowburn.model.Observation;
import io.slowburn.model.Stream;
import io.slowburn.rules.Rule;
import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The second stage, partitioned by source: events, derived counter resets and the samples of source-keyed rules
 * (retry storms read two counters of one source) meet here and are evaluated against per-source state. They come
 * from every intake task at its own pace, so they wait in an event-time ordered buffer until the low watermark
 * ({@link Watermarks}) has passed them: each source's observations are then evaluated in event-time order, live as
 * in a backtest.
 */
final class SourceStageProcessor implements Processor<String, byte[], String, Routed> {

    private static final long WALL_CHECK_MS = 1_000;
    /** Where the next tick and sweep are kept, with the state they belong to, so a restart resumes the same grid. */
    private static final String SCHEDULE_KEY = "~schedule";

    private final RuleBook rules;
    private final InternalCodec codec;
    private final DetectorMetrics metrics;
    private final DetectorConfig config;
    private final long tickMs;
    private ProcessorContext<String, Routed> context;
    private org.apache.kafka.streams.state.KeyValueStore<String, byte[]> state;
    private RuleEvaluator evaluator;
    private EventTimeGate gate;
    private final java.util.function.IntSupplier intakePartitions;
    private String heartbeatKey;
    private long nextTick = Long.MIN_VALUE;
    private long nextSweep = Long.MIN_VALUE;
    private final long sweepMs;
    private final long ttlMs;

    SourceStageProcessor(RuleBook rules, InternalCodec codec, DetectorMetrics metrics, DetectorConfig config,
                         java.util.function.IntSupplier intakePartitions) {
        this.intakePartitions = intakePartitions;
        this.rules = rules;
        this.codec = codec;
        this.metrics = metrics;
        this.config = config;
        this.tickMs = config.getLong(DetectorConfig.TICK_INTERVAL_MS);
        this.sweepMs = config.getLong(DetectorConfig.STATE_SWEEP_INTERVAL_MS);
        this.ttlMs = config.getLong(DetectorConfig.STATE_SERIES_TTL_MS);
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
        this.state = context.getStateStore(StoreNames.SOURCE_STATE);
        byte[] schedule = state.get(SCHEDULE_KEY);
        if (schedule != null) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(schedule);
            nextTick = b.getLong();
            nextSweep = b.getLong();
        }
        this.evaluator = new RuleEvaluator(state, metrics);
        this.gate = new EventTimeGate(context.getStateStore(StoreNames.SOURCE_BUFFER), new Watermarks(state,
                config.getLong(DetectorConfig.WATERMARK_IDLE_MS), intakePartitions.getAsInt(),
                context.currentSystemTimeMs()));
        this.heartbeatKey = Watermarks.KEY_PREFIX + "source-" + context.taskId();
        context.schedule(Duration.ofMillis(WALL_CHECK_MS), PunctuationType.WALL_CLOCK_TIME,
                wall -> gate.watermarks().advance(wall).ifPresent(this::release));
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (Watermarks.isHeartbeat(record.key())) {
            gate.watermarks().heartbeat(record.value(), context.currentSystemTimeMs()).ifPresent(this::release);
        } else if (!gate.hold(record)) {
            evaluate(record.value(), record.timestamp()); // behind the watermark already (an idle task woke up)
        }
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
            nextSweep = low + sweepMs;
        } else if (low >= nextSweep) {
            nextSweep = low + sweepMs;
            evaluator.sweep(low - ttlMs);
        }
        if (nextTick != tickBefore || nextSweep != sweepBefore) {
            state.put(SCHEDULE_KEY, java.nio.ByteBuffer.allocate(16).putLong(nextTick).putLong(nextSweep).array());
        }
        String task = heartbeatKey.substring(Watermarks.KEY_PREFIX.length());
        metrics.watermark("source", task, low);
        context.forward(new Record<>(heartbeatKey, new Routed(Route.FINDING, Watermarks.heartbeat(task, low)), low));
    }

    @Override
    public void close() {
        if (heartbeatKey != null) {
            metrics.watermarkGone("source", heartbeatKey.substring(Watermarks.KEY_PREFIX.length()));
        }
    }

    /** Runs every grid tick before {@code ts}. */
    private void tickUntil(long ts) {
        if (nextTick == Long.MIN_VALUE) {
            nextTick = Math.floorDiv(ts, tickMs) * tickMs + tickMs;
        }
        while (nextTick < ts) {
            long tick = nextTick;
            evaluator.tick(rules.rules(), tick).forEach(t -> emit(t, tick));
            nextTick += tickMs;
        }
    }

    private void evaluate(byte[] value, long ts) {
        Observation observation;
        try {
            JsonNode n = codec.records().readTree(value);
            observation = codec.records().streamOf(n, null) == Stream.METRIC
                    ? codec.records().toMetric(n) : codec.records().toEvent(n);
        } catch (InvalidRecordException e) {
            throw new IllegalStateException("corrupt observation on the internal topic: " + e.getMessage(), e);
        }
        for (Rule rule : rules.rules().matching(observation)) {
            if (observation instanceof MetricSample && rule.analysis().keying() != Keying.SOURCE) {
                continue; // series-keyed metric rules were evaluated in the series stage
            }
            evaluator.evaluate(rule, rule.stateKey(observation), observation).ifPresent(t -> emit(t, ts));
        }
    }

    private void emit(FindingTransition t, long ts) {
        metrics.recordOut(Route.FINDING);
        context.forward(new Record<>(DetectorTopology.FLEET, new Routed(Route.FINDING, codec.write(t)), ts));
    }
}
