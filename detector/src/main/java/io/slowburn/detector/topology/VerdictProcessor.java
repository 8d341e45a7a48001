package io.slowburn.detector.topology;

import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.DetectorMetrics;
import io.slowburn.detector.service.StageSettings;
import io.slowburn.engine.ExperimentCatalog;
import io.slowburn.engine.InternalCodec;
import io.slowburn.engine.Routed;
import io.slowburn.engine.RuleBook;
import io.slowburn.engine.VerdictDesk;
import io.slowburn.engine.VerdictPolicy;
import io.slowburn.engine.Watermarks;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.IntSupplier;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The verdict stage in the topology: one task sees every finding transition of the fleet and hands it to the engine's
 * {@link VerdictDesk} over the task's stores; every second of wall-clock time it tells the desk that time passed.
 */
final class VerdictProcessor implements Processor<byte[], byte[], String, Routed> {

    private final InternalCodec codec;
    private final VerdictPolicy policy;
    private final ExperimentCatalog catalog;
    private final DetectorMetrics metrics;
    private final DetectorConfig config;
    private final RuleBook rules;
    private final IntSupplier intakePartitions;
    private ProcessorContext<String, Routed> context;
    private VerdictDesk desk;

    /** With the rule book whose named exceptions suppress findings (none when {@code rules} is null). */
    VerdictProcessor(InternalCodec codec, VerdictPolicy policy, ExperimentCatalog catalog, DetectorMetrics metrics,
                     DetectorConfig config, RuleBook rules, IntSupplier intakePartitions) {
        this.rules = rules;
        this.intakePartitions = intakePartitions;
        this.codec = codec;
        this.policy = policy;
        this.catalog = catalog;
        this.metrics = metrics;
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
        // Upstream: every intake task (series findings, declarations) and every source-stage task (one per partition
        // of the observations repartition topic, as many as the intake's).
        this.desk = new VerdictDesk(codec, policy, catalog, metrics, rules,
                StageSettings.verdictDesk(config, 2 * intakePartitions.getAsInt()),
                new StoreState(context.getStateStore(StoreNames.INCIDENTS)),
                new StoreState(context.getStateStore(StoreNames.VERDICT_BUFFER)),
                "verdict-" + context.taskId(), context.currentSystemTimeMs(),
                (key, route, value, ts) -> context.forward(new Record<>(key, new Routed(route, value), ts)));
        context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, desk::wallClock);
    }


    @Override
    public void process(Record<byte[], byte[]> record) {
        desk.process(keyOf(record.key()), record.value(), record.timestamp(), context.currentSystemTimeMs());
    }

    /**
     * The key as the desk reads it: decoded as {@code Serdes.String()} decodes it, except a heartbeat's (most of this
     * stage's records), which the desk reads no further than its prefix ({@link Watermarks#isHeartbeat}), so the prefix
     * stands for it: known by its first bytes, which are that ASCII prefix exactly when the decoded key starts with it.
     */
    static String keyOf(byte[] key) {
        if (key == null) {
            return null;
        }
        return Watermarks.isHeartbeat(key) ? Watermarks.KEY_PREFIX : new String(key, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (desk != null) {
            desk.close();
        }
    }
}
