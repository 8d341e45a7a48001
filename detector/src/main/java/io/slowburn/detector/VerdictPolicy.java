package io.slowburn.detector;

import io.slowburn.model.Finding;
import java.util.Map;

/**
 * Decides whether a finding is explained by a sanctioned experiment. The verdict stage calls it once per firing
 * finding with the experiment registry as it stands (accepted declarations by id, as JSON bytes).
 */
@FunctionalInterface
public interface VerdictPolicy {

    VerdictDecision decide(Finding finding, Map<String, byte[]> registry);

    /** Without a valid matching experiment every finding is suspicious: the policy when no experiment can sanction. */
    static VerdictPolicy unsanctioned() {
        return (finding, registry) -> VerdictDecision.suspicious(Map.of("sanctioned", false),
                registry.isEmpty() ? "no experiment declared" : "no valid experiment explains it");
    }
}
