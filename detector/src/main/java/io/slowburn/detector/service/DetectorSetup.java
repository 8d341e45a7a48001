package io.slowburn.detector.service;

import io.slowburn.detector.audit.AuditSeals;
import io.slowburn.engine.ExperimentCatalog;
import io.slowburn.engine.RuleBook;
import io.slowburn.engine.VerdictPolicy;
import java.time.Duration;

/** What the topology is built with besides its configuration: the rules, the verdict policy and the experiments. */
public record DetectorSetup(RuleBook rules, VerdictPolicy policy, ExperimentCatalog experiments) {

    /** The sanction checks with the configured grace, and the experiments verified against {@code keys}. */
    public static DetectorSetup of(DetectorConfig config, RuleBook rules, TrustedKeySource keys) {
        AuditSeals.of(config); // a bad audit.signing.key fails the start here, not the verdict task later
        return new DetectorSetup(rules, VerdictPolicy.sanctions(Duration.ofMillis(config.getLong(DetectorConfig.EXPERIMENT_GRACE_MS))),
                ExperimentCatalog.of(config, keys));
    }
}
