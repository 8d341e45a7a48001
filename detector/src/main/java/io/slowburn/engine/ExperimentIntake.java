package io.slowburn.engine;

import io.slowburn.detector.service.DetectorMetrics;
import io.slowburn.model.InvalidRecordException;
import io.slowburn.verdict.ExperimentDeclaration;
import io.slowburn.verdict.ExperimentRegistry;
import io.slowburn.verdict.VerifiedExperiment;

/**
 * Admits experiment declarations into the registry. A malformed one is rejected (to the dead-letter topic) with its
 * reason and sanctions nothing. A well-formed one replaces the registered declaration of the same id only when the
 * registry's rule allows it (a later declaration replaces an authentic one only when it is itself validly signed and
 * not older); either way the audit trail says what happened and why. Whether a registered declaration is authentic is
 * decided again at verdict time, against the keys trusted then. A tombstone removes a declaration. The audit records
 * go through the verdict stage, which links them into the audit chain ({@link AuditRelay}). Kafka-free.
 */
public final class ExperimentIntake {

    private final InternalCodec codec;
    private final ExperimentCatalog catalog;
    private final DetectorMetrics metrics;
    private final AuditRecords audit;
    private final ExperimentRegistryView registry;
    private final Emitter out;

    public ExperimentIntake(InternalCodec codec, ExperimentCatalog catalog, DetectorMetrics metrics, ExperimentRegistryView registry,
                            Emitter out) {
        this.codec = codec;
        this.catalog = catalog;
        this.metrics = metrics;
        this.audit = new AuditRecords(codec);
        this.registry = registry;
        this.out = out;
    }

    /** One record of the experiments topic; returns why it is rejected (for the dead-letter topic), or {@code null}. */
    public String accept(String key, byte[] value, long ts) {
        if (value == null) {
            if (key != null) {
                if (registry.get(key) != null) {
                    relay(key, audit.withdrawn(key, ts), ts);
                }
                emit(key, Route.REGISTRY, new byte[0], ts);
                emit(VerdictDesk.FLEET, Route.FINDING, codec.declaration(key, null), ts);
            }
            return null;
        }
        ExperimentDeclaration candidate;
        try {
            candidate = catalog.parse(value);
        } catch (InvalidRecordException e) {
            return "experiment declaration: " + e.getMessage();
        }
        VerifiedExperiment current = current(candidate.id());
        ExperimentRegistry.Admission admission = ExperimentRegistry.decide(current, catalog.verifier().check(candidate));
        if (admission.accepted()) {
            emit(candidate.id(), Route.REGISTRY, value, ts);
            emit(VerdictDesk.FLEET, Route.FINDING, codec.declaration(candidate.id(), value), ts);
            if (current != null) {
                relay(candidate.id(), audit.superseded(current, admission.experiment().authentic(), ts), ts);
            }
            relay(candidate.id(), audit.accepted(candidate.id(), admission.experiment().authentic(), admission.reason(), ts), ts);
        } else {
            relay(candidate.id(), audit.rejected(candidate.id(), admission.reason(), ts), ts);
        }
        return null;
    }

    /**
     * An audit record, sent to the verdict stage to be linked into the audit chain ({@link AuditRelay}); it counts as
     * an audit record out where the verdict stage writes it.
     */
    private void relay(String auditKey, byte[] record, long ts) {
        out.emit(AuditRelay.key(auditKey), Route.FINDING, record, ts);
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

    private void emit(String key, Route route, byte[] value, long ts) {
        metrics.recordOut(route);
        out.emit(key, route, value, ts);
    }
}
