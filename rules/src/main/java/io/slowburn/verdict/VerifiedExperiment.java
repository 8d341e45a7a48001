package io.slowburn.verdict;

import java.util.Objects;

/** A declaration together with the outcome of verifying its approvals: what {@link SanctionPolicy} weighs. */
public record VerifiedExperiment(ExperimentDeclaration declaration, Authenticity authenticity) {

    public VerifiedExperiment {
        Objects.requireNonNull(declaration, "declaration");
        Objects.requireNonNull(authenticity, "authenticity");
    }

    public String id() {
        return declaration.id();
    }

    public boolean authentic() {
        return authenticity.valid();
    }
}
