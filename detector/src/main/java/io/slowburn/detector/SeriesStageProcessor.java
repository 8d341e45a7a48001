package io.slowburn.detector;

import io.slowburn.analysis.Keying;
import io.slowburn.model.Event;
import io.slowburn.model.InvalidRecordException;
import io.slowburn.model.MetricSample;
import io.slowburn.model.MetricType;
import io.slowburn.rules.Rule;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The first stage, partitioned by series id: parses metric samples (malformed ones to the dead-letter topic),
 * evaluates series-keyed rules against their compact state, watches counters for resets, and passes samples of
 * source-keyed rules on to the source stage. New series beyond a source's limit are dropped and reported once.
 */
final class SeriesStageProcessor implements Processor<String, byte[], String, Routed> {

    private final RuleBook rules;
    private final InternalCodec codec;
    private final DetectorMetrics metrics;
    private final DetectorConfig config;
    private final Dlq dlq;
    private final IntakeClock.Registry clocks;
    private IntakeClock clock;
    private long ttl;
    private final ExperimentCatalog catalog;
    private final io.slowburn.verdict.SanctionPolicy sanctions;
    private final java.util.Set<String> abortsTriggered = new java.util.HashSet<>();
    private ProcessorContext<String, Routed> context;
    private RegistryStore registry;
    private RuleEvaluator evaluator;
    private KeyValueStore<String, byte[]> index;
    private KeyValueStore<String, byte[]> counters;
    private CardinalityLimiter limiter;

    SeriesStageProcessor(RuleBook rules, InternalCodec codec, DetectorMetrics metrics, DetectorConfig config,
                         ExperimentCatalog catalog, IntakeClock.Registry clocks) {
        this.catalog = catalog;
        this.sanctions = new io.slowburn.verdict.SanctionPolicy(Duration.ofMillis(config.getLong(DetectorConfig.EXPERIMENT_GRACE_MS)));
        this.rules = rules;
        this.codec = codec;
        this.metrics = metrics;
        this.config = config;
        this.dlq = new Dlq(codec, metrics);
        this.clocks = clocks;
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
        this.evaluator = new RuleEvaluator(context.getStateStore(StoreNames.SERIES_STATE), metrics);
        this.index = context.getStateStore(StoreNames.SERIES_INDEX);
        this.counters = context.getStateStore(StoreNames.COUNTER_LAST);
        this.registry = new RegistryStore(context);
        this.limiter = new CardinalityLimiter(index, config.getInt(DetectorConfig.LIMITS_SERIES_PER_SOURCE));
        long ttl = config.getLong(DetectorConfig.STATE_SERIES_TTL_MS);
        this.ttl = ttl;
        this.clock = clocks.join(context.taskId(), "series-stage", config.getLong(DetectorConfig.MAX_FUTURE_SKEW_MS),
                config.getLong(DetectorConfig.WATERMARK_INTERVAL_MS), config.getLong(DetectorConfig.STATE_SWEEP_INTERVAL_MS));
    }

    @Override
    public void process(Record<String, byte[]> record) {
        processSample(record);
        clockDuties(context, clock, metrics, this::forward, ttl, this::sweep);
    }

    /**
     * What the intake task owes the later stages as its accepted event time moves: a heartbeat (its progress, for
     * their watermark) every {@code watermark.interval.ms}, and a sweep of idle state every
     * {@code state.sweep.interval.ms}.
     */
    static void clockDuties(ProcessorContext<String, Routed> context, IntakeClock clock, DetectorMetrics metrics,
                            Forwarder forward, long ttl, java.util.function.LongConsumer sweep) {
        if (clock.heartbeatDue()) {
            long at = clock.accepted();
            metrics.watermark("intake", clock.task(), at);
            String key = Watermarks.KEY_PREFIX + clock.task();
            forward.forward(key, Route.BY_SOURCE, clock.heartbeat(), at);
            forward.forward(key, Route.FINDING, clock.heartbeat(), at);
        }
        if (sweep != null && clock.sweepDue()) {
            sweep.accept(clock.accepted() - ttl);
        }
    }

    /** Forwards one routed record. */
    @FunctionalInterface
    interface Forwarder {
        void forward(String key, Route route, byte[] value, long ts);
    }

    private void processSample(Record<String, byte[]> record) {
        metrics.recordIn("metrics");
        MetricSample sample;
        try {
            sample = codec.records().readMetric(record.value());
        } catch (InvalidRecordException e) {
            dlq.send(context, record, e.getMessage());
            return;
        }
        if (clock.tooFarAhead(sample.ts())) {
            dlq.send(context, record, clock.reason(sample.ts()));
            return;
        }
        clock.accept(sample.ts());
        String series = sample.seriesId();
        CardinalityLimiter.Admission admission = limiter.admit(sample.source(), series, sample.ts());
        if (admission == CardinalityLimiter.Admission.REJECTED || admission == CardinalityLimiter.Admission.REJECTED_FIRST) {
            metrics.overLimit();
            if (admission == CardinalityLimiter.Admission.REJECTED_FIRST) {
                forward(DetectorTopology.FLEET, Route.FINDING, codec.write(limiter.finding(sample)), sample.ts());
            }
            return;
        }
        checkAbortConditions(sample);
        if (sample.type() == MetricType.COUNTER && rules.wantsCounterResets()) {
            watchCounter(sample, series);
        }
        boolean passedOn = false;
        for (Rule rule : rules.rules().matching(sample)) {
            if (rule.analysis().keying() == Keying.SOURCE) {
                if (!passedOn) {
                    forward(sample.source(), Route.BY_SOURCE, codec.records().bytes(withStream(sample)), sample.ts());
                    passedOn = true;
                }
                continue;
            }
            Optional<FindingTransition> t = evaluator.evaluate(rule, rule.stateKey(sample), sample);
            t.ifPresent(f -> forward(DetectorTopology.FLEET, Route.FINDING, codec.write(f), sample.ts()));
        }
    }

    /** Metric abort_when conditions of running experiments: each met one is sent (once per task) to the verdict stage. */
    private void checkAbortConditions(MetricSample sample) {
        if (registry.isEmpty()) {
            return; // the common case: no experiment declared
        }
        java.util.Map<String, byte[]> declared = registry.all();
        if (declared.isEmpty()) {
            return;
        }
        for (var trigger : sanctions.abortTriggers(sample, catalog.verified(declared))) {
            if (abortsTriggered.add(trigger.experimentId())) {
                forward(DetectorTopology.FLEET, Route.FINDING,
                        codec.abortTrigger(trigger.experimentId(), sample.source(), trigger.reason(), sample.ts()), sample.ts());
            }
        }
    }

    private com.fasterxml.jackson.databind.node.ObjectNode withStream(MetricSample s) {
        var n = codec.records().toJson(s);
        n.put("stream", "metric");
        return n;
    }

    /** A counter that drops is a process restart: a derived counter.reset event for the source stage. */
    private void watchCounter(MetricSample sample, String series) {
        byte[] last = counters.get(series);
        counters.put(series, ByteBuffer.allocate(16).putLong(sample.ts()).putDouble(sample.value()).array());
        if (last == null) {
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(last);
        long lastTs = b.getLong();
        double lastValue = b.getDouble();
        if (sample.ts() >= lastTs && sample.value() < lastValue) {
            Map<String, Object> attrs = new LinkedHashMap<>();
            attrs.put("metric", sample.metric());
            attrs.put("series", series);
            attrs.put("previous", lastValue);
            attrs.put("value", sample.value());
            var n = codec.records().toJson(new Event(sample.ts(), sample.source(), Event.COUNTER_RESET, attrs));
            n.put("stream", "event");
            forward(sample.source(), Route.BY_SOURCE, codec.records().bytes(n), sample.ts());
        }
    }

    private void forward(String key, Route route, byte[] value, long ts) {
        metrics.recordOut(route);
        context.forward(new Record<>(key, new Routed(route, value), ts));
    }

    @Override
    public void close() {
        if (clock != null) {
            metrics.watermarkGone("intake", clock.task());
        }
    }

    private void sweep(long cutoff) {
        evaluator.sweep(cutoff);
        limiter.sweep(cutoff);
        java.util.List<String> stale = new java.util.ArrayList<>();
        try (var it = counters.all()) {
            while (it.hasNext()) {
                var kv = it.next();
                if (ByteBuffer.wrap(kv.value).getLong() < cutoff) {
                    stale.add(kv.key);
                }
            }
        }
        stale.forEach(counters::delete);
    }
}
