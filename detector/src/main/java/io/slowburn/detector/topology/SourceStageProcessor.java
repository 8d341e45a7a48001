package io.slowburn.detector.topology;

import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.DetectorMetrics;
import io.slowburn.detector.service.StageSettings;
import io.slowburn.engine.InternalCodec;
import io.slowburn.engine.GateBufferState;
import io.slowburn.engine.Routed;
import io.slowburn.engine.RuleBook;
import io.slowburn.engine.SourceStage;
import java.time.Duration;
import java.util.function.IntSupplier;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The source stage in the topology, partitioned by source: hands every record to the engine's {@link SourceStage}
 * over this task's stores, and tells it, every second of wall-clock time, that time passed (a silent intake task stops
 * holding the watermark back).
 */
final class SourceStageProcessor implements Processor<String, byte[], String, Routed> {

    private static final long WALL_CHECK_MS = 1_000;

    private final RuleBook rules;
    private final InternalCodec codec;
    private final DetectorMetrics metrics;
    private final DetectorConfig config;
    private final IntSupplier intakePartitions;
    private ProcessorContext<String, Routed> context;
    private SourceStage stage;
    private GateBufferState buffer;

    SourceStageProcessor(RuleBook rules, InternalCodec codec, DetectorMetrics metrics, DetectorConfig config,
                         IntSupplier intakePartitions) {
        this.intakePartitions = intakePartitions;
        this.rules = rules;
        this.codec = codec;
        this.metrics = metrics;
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
        // Held until the watermark passes, scanned at every heartbeat: in memory, written into its store in batches
        // before each commit.
        this.buffer = new GateBufferState(new StoreState(context.getStateStore(StoreNames.SOURCE_BUFFER)));
        this.stage = new SourceStage(rules, codec, metrics,
                StageSettings.sourceStage(config, intakePartitions.getAsInt(),
                        config.getInt(DetectorConfig.STATE_CACHE_RULE_STATES)),
                new StoreState(context.getStateStore(StoreNames.SOURCE_STATE)),
                buffer,
                "source-" + context.taskId(), context.currentSystemTimeMs(),
                (key, route, value, ts) -> context.forward(new Record<>(key, new Routed(route, value), ts)));
        PreCommitStore.beforeFlush(context, StoreNames.SOURCE_STATE, stage::flush);
        PreCommitStore.beforeFlush(context, StoreNames.SOURCE_BUFFER, buffer::flush);
        context.schedule(Duration.ofMillis(WALL_CHECK_MS), PunctuationType.WALL_CLOCK_TIME, stage::wallClock);
    }


    @Override
    public void process(Record<String, byte[]> record) {
        stage.process(record.key(), record.value(), record.timestamp(), context.currentSystemTimeMs());
    }

    @Override
    public void close() {
        if (stage != null) {
            stage.close();
            buffer.flush();
        }
    }
}
