package io.slowburn.detector;

import io.slowburn.model.InvalidRecordException;
import io.slowburn.verdict.ExperimentDeclaration;
import io.slowburn.verdict.ExperimentRegistry;
import io.slowburn.verdict.VerifiedExperiment;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Admits experiment declarations into the registry. A malformed one goes to the dead-letter topic with its reason
 * and sanctions nothing. A well-formed one replaces the registered declaration of the same id only when the
 * registry's rule allows it (a later declaration replaces an authentic one only when it is itself validly signed and
 * not older); either way the audit topic says what happened and why. Whether a registered declaration is authentic
 * is decided again at verdict time, against the keys trusted then. A tombstone removes a declaration.
 */
final class ExperimentIntakeProcessor implements Processor<String, byte[], String, Routed> {

    private final InternalCodec codec;
    private final ExperimentCatalog catalog;
    private final DetectorMetrics metrics;
    private final Dlq dlq;
    private final AuditRecords audit;
    private ProcessorContext<String, Routed> context;
    private RegistryStore registry;

    ExperimentIntakeProcessor(InternalCodec codec, ExperimentCatalog catalog, DetectorMetrics metrics) {
        this.codec = codec;
        this.catalog = catalog;
        this.metrics = metrics;
        this.dlq = new Dlq(codec, metrics);
        this.audit = new AuditRecords(codec);
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
        this.registry = new RegistryStore(context);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        metrics.recordIn("experiments");
        if (record.value() == null) {
            if (record.key() != null) {
                forward(record.key(), Route.REGISTRY, new byte[0], record.timestamp());
                forward(DetectorTopology.FLEET, Route.FINDING, codec.declaration(record.key(), null), record.timestamp());
            }
            return;
        }
        ExperimentDeclaration candidate;
        try {
            candidate = catalog.parse(record.value());
        } catch (InvalidRecordException e) {
            dlq.send(context, record, "experiment declaration: " + e.getMessage());
            return;
        }
        VerifiedExperiment current = current(candidate.id());
        ExperimentRegistry.Admission admission = ExperimentRegistry.decide(current, catalog.verifier().check(candidate));
        if (admission.accepted()) {
            forward(candidate.id(), Route.REGISTRY, record.value(), record.timestamp());
            forward(DetectorTopology.FLEET, Route.FINDING, codec.declaration(candidate.id(), record.value()), record.timestamp());
            forward(candidate.id(), Route.AUDIT, audit.accepted(candidate.id(), admission.experiment().authentic(),
                    admission.reason(), record.timestamp()), record.timestamp());
        } else {
            forward(candidate.id(), Route.AUDIT, audit.rejected(candidate.id(), admission.reason(), record.timestamp()),
                    record.timestamp());
        }
    }

    private VerifiedExperiment current(String id) {
        byte[] bytes = registry.get(id);
        if (bytes == null) {
            return null;
        }
        try {
            return catalog.verifier().check(catalog.parse(bytes));
        } catch (InvalidRecordException e) {
            return null;
        }
    }

    private void forward(String key, Route route, byte[] value, long ts) {
        metrics.recordOut(route);
        context.forward(new Record<>(key, new Routed(route, value), ts));
    }
}
