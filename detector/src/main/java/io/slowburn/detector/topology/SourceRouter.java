package io.slowburn.detector.topology;

import io.slowburn.engine.Routed;
import io.slowburn.engine.Watermarks;
import io.slowburn.kafka.SourcePartitioner;
import java.util.function.IntSupplier;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Decides, in an intake task, where an observation for the source stage goes. The source stage runs in the intake task
 * itself and owns the sources that the repartition by source ({@link BroadcastTicks}) would send to this task's
 * partition; the ingest adapters place a host's telemetry on exactly that partition ({@link SourcePartitioner}), so
 * its observations stay in the task (to the child {@code local}): no topic, no second serialization. What a foreign
 * producer placed elsewhere, and every heartbeat (each source stage needs every intake task's progress), still go
 * through the repartition topic (to the child {@code remote}).
 *
 * <p>The source stage sees the same thing either way: an observation reaches it before the heartbeat of the intake
 * task that read it (through the topic, in one partition's order; locally, at once), and it evaluates everything in
 * event-time order behind the low watermark, so the path an observation took changes nothing it decides.
 */
final class SourceRouter implements Processor<String, Routed, String, byte[]> {

    private final IntSupplier partitions;
    private final String local;
    private final String remote;
    private ProcessorContext<String, byte[]> context;
    private int own;
    private int count;

    /**
     * @param partitions the repartition topic's partitions: as many as the telemetry topics ({@link IntakePartitions})
     * @param local the name of the child node that leads to this task's source stage
     * @param remote the name of the child node that leads to the repartition topic
     */
    SourceRouter(IntSupplier partitions, String local, String remote) {
        this.partitions = partitions;
        this.local = local;
        this.remote = remote;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.own = context.taskId().partition();
        this.count = partitions.getAsInt();
    }

    @Override
    public void process(Record<String, Routed> record) {
        context.forward(record.withValue(record.value().value()), isLocal(record.key(), own, count) ? local : remote);
    }

    /** Whether the source stage of partition {@code own} (of {@code count}) owns the observation keyed {@code key}. */
    static boolean isLocal(String key, int own, int count) {
        return key != null && !Watermarks.isHeartbeat(key) && SourcePartitioner.partitionOf(key, count) == own;
    }
}
