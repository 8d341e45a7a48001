package io.slowburn.detector.topology;

import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.DetectorMetrics;
import io.slowburn.detector.service.StageSettings;
import io.slowburn.engine.ExperimentCatalog;
import io.slowburn.engine.IntakeClock;
import io.slowburn.engine.InternalCodec;
import io.slowburn.engine.MetricRecordReader;
import io.slowburn.engine.Routed;
import io.slowburn.engine.RuleBook;
import io.slowburn.engine.SeriesStage;
import io.slowburn.engine.WriteBackState;
import io.slowburn.model.InvalidRecordException;
import io.slowburn.model.MetricSample;
import io.slowburn.verdict.SanctionPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The series stage in the topology, partitioned by series id: parses metric samples (malformed ones to the dead-letter
 * topic) and hands them to the engine's {@link SeriesStage} over this task's stores. A sample's key is taken as bytes
 * and made a string only for the dead-letter topic, as the string deserializer would have made it.
 */
final class SeriesStageProcessor implements Processor<byte[], byte[], String, Routed> {

    /** How many keys of the series index and of the counters' last values a task keeps in memory (tens of bytes each). */
    private static final int CACHED_KEYS = 65_536;

    private final RuleBook rules;
    private final InternalCodec codec;
    private final DetectorMetrics metrics;
    private final DetectorConfig config;
    private final ExperimentCatalog catalog;
    private final Dlq dlq;
    private final MetricRecordReader reader;
    private final IntakeClock.Registry clocks;
    private final AtomicLong registryVersion;
    private ProcessorContext<String, Routed> context;
    private SeriesStage stage;
    private WriteBackState index;
    private WriteBackState counters;

    SeriesStageProcessor(RuleBook rules, InternalCodec codec, DetectorMetrics metrics, DetectorConfig config,
                         ExperimentCatalog catalog, IntakeClock.Registry clocks, AtomicLong registryVersion) {
        this.rules = rules;
        this.codec = codec;
        this.metrics = metrics;
        this.config = config;
        this.catalog = catalog;
        this.dlq = new Dlq(codec, metrics);
        this.reader = new MetricRecordReader(codec.records());
        this.clocks = clocks;
        this.registryVersion = registryVersion;
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
        // Read for every sample, written for many: in memory between commits, written into their stores before each.
        this.index = new WriteBackState(new StoreState(context.getStateStore(StoreNames.SERIES_INDEX)), CACHED_KEYS);
        this.counters = new WriteBackState(new StoreState(context.getStateStore(StoreNames.COUNTER_LAST)), CACHED_KEYS);
        IntakeClock clock = clocks.join(context.taskId().toString(), "series-stage", StageSettings.intakeClock(config),
                new StoreState(context.getStateStore(StoreNames.INTAKE_CLOCK)), true);
        this.stage = new SeriesStage(rules, codec, metrics, catalog,
                new SanctionPolicy(Duration.ofMillis(config.getLong(DetectorConfig.EXPERIMENT_GRACE_MS))),
                new SeriesStage.Settings(config.getLong(DetectorConfig.STATE_SERIES_TTL_MS),
                        config.getInt(DetectorConfig.LIMITS_SERIES_PER_SOURCE),
                        config.getInt(DetectorConfig.STATE_CACHE_RULE_STATES)),
                new StoreState(context.getStateStore(StoreNames.SERIES_STATE)),
                index, counters, new RegistryStore(context, registryVersion), clock,
                IntakeHeartbeats.schedule(context, clock, metrics, config));
        PreCommitStore.beforeFlush(context, StoreNames.SERIES_STATE, stage::flush);
        PreCommitStore.beforeFlush(context, StoreNames.SERIES_INDEX, index::flush);
        // The stage keeps each counter's last value with its series and hands the changed ones over here, in this commit.
        PreCommitStore.beforeFlush(context, StoreNames.COUNTER_LAST, () -> {
            stage.flushCounters();
            counters.flush();
        });
        // The clock changes at almost every record: its source clocks are written before each commit, not at each change.
        PreCommitStore.beforeFlush(context, StoreNames.INTAKE_CLOCK, clock::flush);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        metrics.recordIn("metrics");
        MetricSample sample = null;
        try {
            sample = reader.read(record.value());
        } catch (InvalidRecordException e) {
            dlq.send(context, withTextKey(record), e.getMessage());
        }
        if (sample != null) {
            String rejected = stage.accept(sample, ArrivalTime.of(record.headers()));
            if (rejected != null) {
                dlq.send(context, withTextKey(record), rejected);
            }
        }
        stage.duties();
    }

    /** The record with its key decoded as {@code Serdes.String()} decodes it (UTF-8; null stays null). */
    static Record<String, byte[]> withTextKey(Record<byte[], byte[]> record) {
        byte[] key = record.key();
        return record.withKey(key == null ? null : new String(key, StandardCharsets.UTF_8));
    }

    /** The intake clock's reach, from the configuration (shared with the event intake and {@code backtest}). */

    @Override
    public void close() {
        if (stage != null) {
            stage.close();
            index.flush();
            counters.flush();
        }
    }
}
