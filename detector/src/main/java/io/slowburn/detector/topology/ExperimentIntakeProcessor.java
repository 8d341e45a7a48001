package io.slowburn.detector.topology;

import io.slowburn.detector.service.DetectorMetrics;
import io.slowburn.engine.ExperimentCatalog;
import io.slowburn.engine.ExperimentIntake;
import io.slowburn.engine.InternalCodec;
import io.slowburn.engine.Routed;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Hands experiment declarations to the engine's {@link ExperimentIntake}; rejected ones go to the dead-letter topic. */
final class ExperimentIntakeProcessor implements Processor<String, byte[], String, Routed> {

    private final InternalCodec codec;
    private final ExperimentCatalog catalog;
    private final DetectorMetrics metrics;
    private final Dlq dlq;
    private ProcessorContext<String, Routed> context;
    private ExperimentIntake intake;
    private final AtomicLong registryVersion;

    ExperimentIntakeProcessor(InternalCodec codec, ExperimentCatalog catalog, DetectorMetrics metrics, AtomicLong registryVersion) {
        this.registryVersion = registryVersion;
        this.codec = codec;
        this.catalog = catalog;
        this.metrics = metrics;
        this.dlq = new Dlq(codec, metrics);
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
        this.intake = new ExperimentIntake(codec, catalog, metrics, new RegistryStore(context, registryVersion),
                (key, route, value, ts) -> context.forward(new Record<>(key, new Routed(route, value), ts)));
    }

    @Override
    public void process(Record<String, byte[]> record) {
        metrics.recordIn("experiments");
        String rejected = intake.accept(record.key(), record.value(), record.timestamp());
        if (rejected != null) {
            dlq.send(context, record, rejected);
        }
    }
}
