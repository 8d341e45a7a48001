package io.slowburn.engine;

import io.slowburn.model.Finding;
import io.slowburn.verdict.Decision;
import io.slowburn.verdict.SanctionPolicy;
import io.slowburn.verdict.VerifiedExperiment;
import java.time.Duration;
import java.util.Collection;

/**
 * Decides whether a finding is explained by a sanctioned experiment. The verdict stage calls it once per firing
 * finding with the experiments of the registry, verified against the keys trusted now, and the blast radius so far.
 */
@FunctionalInterface
public interface VerdictPolicy {

    Decision decide(Finding finding, Collection<VerifiedExperiment> experiments, SanctionPolicy.Context blastRadius);

    /** The checks of {@code rules/VERDICTS.md}: authentic, in scope, in window (+ grace), in envelope, ... */
    static VerdictPolicy sanctions(Duration grace) {
        SanctionPolicy policy = new SanctionPolicy(grace);
        return policy::decide;
    }
}
