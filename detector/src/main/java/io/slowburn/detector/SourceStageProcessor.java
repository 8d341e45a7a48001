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
 * (retry storms read two counters of one source) meet here and are evaluated against per-source state.
 */
final class SourceStageProcessor implements Processor<String, byte[], String, Routed> {

    private final RuleBook rules;
    private final InternalCodec codec;
    private final DetectorMetrics metrics;
    private final DetectorConfig config;
    private ProcessorContext<String, Routed> context;
    private RuleEvaluator evaluator;
    private Watermarks watermarks;

    SourceStageProcessor(RuleBook rules, InternalCodec codec, DetectorMetrics metrics, DetectorConfig config) {
        this.rules = rules;
        this.codec = codec;
        this.metrics = metrics;
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
        this.evaluator = new RuleEvaluator(context.getStateStore(StoreNames.SOURCE_STATE), metrics);
        long ttl = config.getLong(DetectorConfig.STATE_SERIES_TTL_MS);
        context.schedule(Duration.ofMillis(config.getLong(DetectorConfig.STATE_SWEEP_INTERVAL_MS)), PunctuationType.STREAM_TIME,
                streamTime -> evaluator.sweep(streamTime - ttl));
        this.watermarks = new Watermarks(context.getStateStore(StoreNames.SOURCE_STATE),
                config.getLong(DetectorConfig.TICK_INTERVAL_MS));
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (Watermarks.isHeartbeat(record.key())) {
            watermarks.heartbeat(record.value()).ifPresent(
                    low -> evaluator.tick(rules.rules(), low).forEach(t -> emit(t, low)));
            return;
        }
        Observation observation;
        try {
            JsonNode n = codec.records().readTree(record.value());
            observation = codec.records().streamOf(n, null) == Stream.METRIC
                    ? codec.records().toMetric(n) : codec.records().toEvent(n);
        } catch (InvalidRecordException e) {
            throw new IllegalStateException("corrupt observation on the internal topic: " + e.getMessage(), e);
        }
        for (Rule rule : rules.rules().matching(observation)) {
            if (observation instanceof MetricSample && rule.analysis().keying() != Keying.SOURCE) {
                continue; // series-keyed metric rules were evaluated in the series stage
            }
            evaluator.evaluate(rule, rule.stateKey(observation), observation).ifPresent(t -> emit(t, record.timestamp()));
        }
    }

    private void emit(FindingTransition t, long ts) {
        metrics.recordOut(Route.FINDING);
        context.forward(new Record<>(DetectorTopology.FLEET, new Routed(Route.FINDING, codec.write(t)), ts));
    }
}
