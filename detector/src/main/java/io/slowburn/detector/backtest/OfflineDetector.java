package io.slowburn.detector.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.DetectorMetrics;
import io.slowburn.detector.service.DetectorSetup;
import io.slowburn.detector.service.StageSettings;
import io.slowburn.engine.Emitter;
import io.slowburn.engine.EventIntake;
import io.slowburn.engine.ExperimentIntake;
import io.slowburn.engine.ExperimentRegistryView;
import io.slowburn.engine.HeldBuffer;
import io.slowburn.engine.IntakeClock;
import io.slowburn.engine.InternalCodec;
import io.slowburn.engine.KeyValueState;
import io.slowburn.engine.LineRouting;
import io.slowburn.engine.MemoryState;
import io.slowburn.engine.MetricRecordReader;
import io.slowburn.engine.Route;
import io.slowburn.engine.RuleBook;
import io.slowburn.engine.RuleEvaluator;
import io.slowburn.engine.SeriesStage;
import io.slowburn.engine.SourceStage;
import io.slowburn.engine.VerdictDesk;
import io.slowburn.kafka.TopicNames;
import io.slowburn.model.Event;
import io.slowburn.model.EventTimePeek;
import io.slowburn.model.InvalidRecordException;
import io.slowburn.model.MetricSample;
import io.slowburn.model.RecordCodec;
import io.slowburn.model.Stream;
import io.slowburn.verdict.SanctionPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;

/**
 * The detector without a broker: the engine's stages (the very classes the topology's processors hand their records
 * to) wired to each other directly, in memory, in event time. Records go in in event-time order, one at a time; each
 * stage's output goes straight to the next stage, as it would through the topology's internal topics with one
 * partition each. Nothing reads the wall clock: the output depends on the input alone. {@code backtest}, rule tests
 * and the logic tests drive this.
 */
public final class OfflineDetector implements AutoCloseable {

    /** Offline, one intake task reads every input partition: the watermarks wait for that one. */
    private static final String INTAKE_TASK = "0_0";
    /** Wall-clock time never passes offline: no upstream task is ever considered idle. */
    private static final long WALL = 0L;

    private final LineRouting routing = new LineRouting();
    private final DetectorMetrics metrics;
    private final InternalCodec codec;
    private final TopicNames topics;
    private final SeriesStage series;
    private final EventIntake events;
    private final ExperimentIntake experiments;
    private final SourceStage source;
    private final VerdictDesk verdict;
    private final MemoryState registry = new MemoryState();
    /** Bumped at every change of {@link #registry}: the series stage re-reads it only then. */
    private long registryVersion;
    private final Map<String, long[]> offsets = new TreeMap<>();
    private final List<KeyValue<String, byte[]>> alerts = new ArrayList<>();
    private final List<KeyValue<String, byte[]>> audit = new ArrayList<>();
    private final List<KeyValue<String, byte[]>> control = new ArrayList<>();
    private final List<KeyValue<String, byte[]>> dlq = new ArrayList<>();
    private final MetricRecordReader metricReader;

    public OfflineDetector(DetectorConfig config, DetectorSetup setup, DetectorMetrics detectorMetrics) {
        this(config, setup, detectorMetrics, true);
    }

    /**
     * With {@code objectStates}, rule states stay objects between observations (the default offline: no
     * serialization around every sample); without, they are serialized into the stores around each one, as live.
     */
    OfflineDetector(DetectorConfig config, DetectorSetup setup, DetectorMetrics detectorMetrics, boolean objectStates) {
        this(config, setup, detectorMetrics, objectStates ? RuleEvaluator.ALL_IN_MEMORY : 0);
    }

    /**
     * With at most {@code cachedStates} rule states kept as objects, the others written into the stores
     * ({@link RuleEvaluator#RuleEvaluator(KeyValueState, DetectorMetrics, int)}).
     */
    OfflineDetector(DetectorConfig config, DetectorSetup setup, DetectorMetrics detectorMetrics, int cachedStates) {
        this.metrics = detectorMetrics;
        this.codec = new InternalCodec(new RecordCodec());
        this.metricReader = new MetricRecordReader(codec.records());
        this.topics = config.topics();
        RuleBook rules = setup.rules();
        IntakeClock clock = new IntakeClock.Registry().join(INTAKE_TASK, "offline", StageSettings.intakeClock(config),
                new MemoryState(), true);
        Emitter intake = this::fromIntake;
        this.verdict = new VerdictDesk(codec, setup.policy(), setup.experiments(), metrics, rules, StageSettings.verdictDesk(config, 2),
                new MemoryState(), new MemoryState(), "verdict-offline", WALL, this::fromVerdict);
        this.source = new SourceStage(rules, codec, metrics, StageSettings.sourceStage(config, 1, cachedStates), new MemoryState(),
                HeldBuffer.inMemory(), "source-offline", WALL, this::toVerdict);
        ExperimentRegistryView view = new ExperimentRegistryView() {
            @Override
            public boolean isEmpty() {
                return registry.approximateSize() == 0;
            }

            @Override
            public long version() {
                return registryVersion;
            }

            @Override
            public byte[] get(String id) {
                return registry.get(id);
            }

            @Override
            public Map<String, byte[]> all() {
                Map<String, byte[]> out = new TreeMap<>();
                registry.all().forEach(e -> out.put(e.getKey(), e.getValue()));
                return out;
            }
        };
        this.series = new SeriesStage(rules, codec, metrics, setup.experiments(),
                new SanctionPolicy(Duration.ofMillis(config.getLong(DetectorConfig.EXPERIMENT_GRACE_MS))),
                new SeriesStage.Settings(config.getLong(DetectorConfig.STATE_SERIES_TTL_MS),
                        config.getInt(DetectorConfig.LIMITS_SERIES_PER_SOURCE), cachedStates),
                new MemoryState(), new MemoryState(), new MemoryState(), view, clock, intake);
        this.events = new EventIntake(codec, metrics, clock, intake);
        this.experiments = new ExperimentIntake(codec, setup.experiments(), metrics, view, intake);
    }

    public void pipeMetric(String key, byte[] value, long ts) {
        pipeMetric(key, value, ts, null);
    }

    /** As {@link #pipeMetric(String, byte[], long)}, with the record already parsed when {@code tree} is not null. */
    private void pipeMetric(String key, byte[] value, long ts, JsonNode tree) {
        metrics.recordIn("metrics");
        long[] at = arrive(topics.metrics(), value, ts, true);
        String rejected;
        try {
            // Read as the series stage reads it live (MetricRecordReader), unless the caller parsed it already.
            MetricSample sample = tree == null ? metricReader.read(value) : codec.records().toMetric(tree);
            rejected = series.accept(sample);
        } catch (InvalidRecordException e) {
            rejected = e.getMessage();
        }
        if (rejected != null) {
            deadLetter(rejected, topics.metrics(), at, key == null && tree != null ? LineRouting.keyOf(Stream.METRIC, tree) : key,
                    value);
        }
        series.duties();
    }

    /** As {@link #pipeMetric(String, byte[], long, JsonNode)}, for a metric line the fast reader read whole. */
    private void pipeMetric(byte[] value, MetricSample sample) {
        metrics.recordIn("metrics");
        // Its event time is its ts, as EventTimePeek reads it: one top-level 'ts', whole and within bounds.
        long[] at = arrive(topics.metrics(), sample.ts());
        String rejected = series.accept(sample);
        if (rejected != null) {
            // The key an ingest adapter gives it (LineRouting.keyOf): the series id.
            deadLetter(rejected, topics.metrics(), at, sample.seriesId(), value);
        }
        series.duties();
    }

    public void pipeEvent(String key, byte[] value, long ts) {
        pipeEvent(key, value, ts, null);
    }

    private void pipeEvent(String key, byte[] value, long ts, JsonNode tree) {
        metrics.recordIn("events");
        long[] at = arrive(topics.events(), value, ts, true);
        String rejected;
        try {
            Event event = tree == null ? codec.records().readEvent(value) : codec.records().toEvent(tree);
            rejected = events.accept(event);
        } catch (InvalidRecordException e) {
            rejected = e.getMessage();
        }
        if (rejected != null) {
            deadLetter(rejected, topics.events(), at, key, value);
        }
        events.duties();
    }

    public void pipeExperiment(String key, byte[] value, long ts) {
        metrics.recordIn("experiments");
        long[] at = arrive(topics.experiments(), value, ts, false);
        String rejected = experiments.accept(key, value, at[1]);
        if (rejected != null) {
            deadLetter(rejected, topics.experiments(), at, key, value);
        }
    }

    /**
     * Pipes one JSON Lines record to the stage its {@code stream} field names, keyed as ingest adapters key it.
     * A record that is malformed past that point still goes in, so it lands on the dead-letter topic as it would
     * on a broker.
     *
     * @throws InvalidRecordException when the line is not a JSON object or names no stream
     */
    public void pipeLine(String line) throws InvalidRecordException {
        pipeLine(line.getBytes(StandardCharsets.UTF_8));
    }

    /** As {@link #pipeLine(String)}, for a line as UTF-8 bytes (as {@link Backtest} reads them). */
    public void pipeLine(byte[] bytes) throws InvalidRecordException {
        // Most lines are well-formed metric records: read straight into a sample, without a tree. Anything else, valid or
        // not, takes the tree below, which routes, reads and words rejections as ever.
        MetricSample sample = metricReader.fastLine(bytes);
        if (sample != null) {
            pipeMetric(bytes, sample);
            return;
        }
        JsonNode tree = codec.records().readTree(bytes);
        Stream stream = routing.streamOf(tree);
        long ts = routing.timestampOf(tree);
        switch (stream) {
            case METRIC -> pipeMetric(null, bytes, ts, tree); // its key (the series id) only if it is a dead letter
            case EVENT -> pipeEvent(LineRouting.keyOf(stream, tree), bytes, ts, tree);
            case EXPERIMENT -> pipeExperiment(LineRouting.keyOf(stream, tree), bytes, ts);
            default -> throw new IllegalStateException("unknown stream " + stream);
        }
    }

    public List<KeyValue<String, byte[]>> drainAlerts() {
        return drain(alerts);
    }

    public List<KeyValue<String, byte[]>> drainAudit() {
        return drain(audit);
    }

    public List<KeyValue<String, byte[]>> drainControl() {
        return drain(control);
    }

    public List<KeyValue<String, byte[]>> drainDlq() {
        return drain(dlq);
    }

    @Override
    public void close() {
        series.close();
        source.close();
        verdict.close();
    }

    private static List<KeyValue<String, byte[]>> drain(List<KeyValue<String, byte[]>> records) {
        if (records.isEmpty()) {
            return List.of(); // the common case, after every line of a backtest
        }
        List<KeyValue<String, byte[]>> out = new ArrayList<>(records);
        records.clear();
        return out;
    }

    /**
     * A record's offset on its (one-partition) topic and its timestamp as the topology sees it: telemetry by its event
     * time ({@code EventTimeExtractor}: the record's {@code ts}, else the partition's time so far), declarations by
     * the given timestamp.
     */
    private long[] arrive(String topic, byte[] value, long ts, boolean eventTime) {
        long[] topicState = offsets.computeIfAbsent(topic, t -> new long[] {0, -1});
        long offset = topicState[0]++;
        long timestamp;
        if (eventTime) {
            long peeked = value == null ? EventTimePeek.NONE : EventTimePeek.of(value);
            timestamp = peeked != EventTimePeek.NONE ? peeked : topicState[1] >= 0 ? topicState[1] : Math.max(0, ts);
        } else {
            timestamp = ts >= 0 ? ts : Math.max(0, topicState[1]);
        }
        topicState[1] = Math.max(topicState[1], timestamp);
        return new long[] {offset, timestamp};
    }

    /** As {@link #arrive(String, byte[], long, boolean)}, for a record whose event time is known to be {@code eventTime}. */
    private long[] arrive(String topic, long eventTime) {
        long[] topicState = offsets.computeIfAbsent(topic, t -> new long[] {0, -1});
        long offset = topicState[0]++;
        topicState[1] = Math.max(topicState[1], eventTime);
        return new long[] {offset, eventTime};
    }

    private void deadLetter(String reason, String topic, long[] at, String key, byte[] value) {
        metrics.recordOut(Route.DLQ);
        dlq.add(KeyValue.pair(key, codec.deadLetter(reason, topic, 0, at[0], at[1], key, value)));
    }

    /** What the intake stages send on: to the source stage, the verdict stage (audit records too) or the registry. */
    private void fromIntake(String key, Route route, byte[] value, long ts) {
        switch (route) {
            case BY_SOURCE -> source.process(key, value, ts, WALL);
            case FINDING -> toVerdict(key, route, value, ts);
            case REGISTRY -> {
                registryVersion++;
                if (value.length == 0) {
                    registry.delete(key);
                } else {
                    registry.put(key, value);
                }
            }
            case DLQ -> dlq.add(KeyValue.pair(key, value));
            default -> throw new IllegalStateException("an intake stage does not route to " + route);
        }
    }

    private void toVerdict(String key, Route route, byte[] value, long ts) {
        verdict.process(key, value, ts, WALL);
    }

    private void fromVerdict(String key, Route route, byte[] value, long ts) {
        switch (route) {
            case ALERT -> alerts.add(KeyValue.pair(key, value));
            case CONTROL -> control.add(KeyValue.pair(key, value));
            case AUDIT -> audit.add(KeyValue.pair(key, value));
            default -> throw new IllegalStateException("the verdict stage does not route to " + route);
        }
    }
}
