package io.slowburn.detector;

import com.fasterxml.jackson.databind.JsonNode;
import io.slowburn.analysis.Keying;
import io.slowburn.model.InvalidRecordException;
import io.slowburn.model.MetricSample;
import io.slowburn.model.Observation;
import io.slowburn.model.Stream;
import io.slowburn.rules.Rule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The second stage, partitioned by source: events, derived counter resets and the samples of source-keyed rules
 * (retry storms read two counters of one source) meet here and are evaluated against per-source state. They come
 * from every intake task at its own pace, so they wait in an event-time ordered buffer until the low watermark
 * ({@link Watermarks}) has passed them: each source's observations are then evaluated in event-time order, live as
 * in a backtest.
 */
final class SourceStageProcessor implements Processor<String, byte[], String, Routed> {

    private static final long WALL_CHECK_MS = 1_000;

    private final RuleBook rules;
    private final InternalCodec codec;
    private final DetectorMetrics metrics;
    private final DetectorConfig config;
    private final long tickMs;
    private ProcessorContext<String, Routed> context;
    private RuleEvaluator evaluator;
    private Watermarks watermarks;
    private KeyValueStore<String, byte[]> buffer;
    private long nextTick = Long.MIN_VALUE;

    SourceStageProcessor(RuleBook rules, InternalCodec codec, DetectorMetrics metrics, DetectorConfig config) {
        this.rules = rules;
        this.codec = codec;
        this.metrics = metrics;
        this.config = config;
        this.tickMs = config.getLong(DetectorConfig.TICK_INTERVAL_MS);
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
        KeyValueStore<String, byte[]> state = context.getStateStore(StoreNames.SOURCE_STATE);
        this.evaluator = new RuleEvaluator(state, metrics);
        this.buffer = context.getStateStore(StoreNames.SOURCE_BUFFER);
        this.watermarks = new Watermarks(state, config.getLong(DetectorConfig.WATERMARK_IDLE_MS), context.currentSystemTimeMs());
        long ttl = config.getLong(DetectorConfig.STATE_SERIES_TTL_MS);
        context.schedule(Duration.ofMillis(config.getLong(DetectorConfig.STATE_SWEEP_INTERVAL_MS)), PunctuationType.STREAM_TIME,
                streamTime -> evaluator.sweep(streamTime - ttl));
        context.schedule(Duration.ofMillis(WALL_CHECK_MS), PunctuationType.WALL_CLOCK_TIME,
                wall -> watermarks.advance(wall).ifPresent(this::release));
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (Watermarks.isHeartbeat(record.key())) {
            watermarks.heartbeat(record.value(), context.currentSystemTimeMs()).ifPresent(this::release);
            return;
        }
        if (record.timestamp() <= watermarks.low()) {
            evaluate(record.value(), record.timestamp()); // behind the watermark already (an idle task woke up)
            return;
        }
        buffer.put(bufferKey(record), record.value());
    }

    /** Evaluates, in event-time order, everything the watermark has passed; then judges the silence at the watermark. */
    private void release(long low) {
        List<KeyValue<String, byte[]>> ready = new ArrayList<>();
        try (var it = buffer.range(null, String.format(Locale.ROOT, "%019d~", low))) {
            it.forEachRemaining(ready::add);
        }
        for (KeyValue<String, byte[]> kv : ready) {
            buffer.delete(kv.key);
            evaluate(kv.value, Long.parseLong(kv.key.substring(0, 19)));
        }
        if (nextTick == Long.MIN_VALUE) {
            nextTick = low + tickMs;
        } else if (low >= nextTick) {
            nextTick = low + tickMs;
            evaluator.tick(rules.rules(), low).forEach(t -> emit(t, low));
        }
    }

    /** Event time first; then the source and a digest of the record, so equal times order the same on every run. */
    private static String bufferKey(Record<String, byte[]> record) {
        byte[] digest;
        try {
            digest = java.security.MessageDigest.getInstance("SHA-256").digest(record.value());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return String.format(Locale.ROOT, "%019d|%s|%s", record.timestamp(), record.key(), HexFormat.of().formatHex(digest, 0, 8));
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
