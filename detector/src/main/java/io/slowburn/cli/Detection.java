package io.slowburn.cli;

import io.slowburn.detector.DetectorConfig;
import io.slowburn.detector.DeclarationCheck;
import io.slowburn.detector.RuleBook;
import io.slowburn.detector.RuleSources;
import io.slowburn.detector.VerdictPolicy;
import io.slowburn.rules.RuleLoadResult;

/** What {@code run} and {@code backtest} both assemble from a configuration: the rules and the verdict policy. */
final class Detection {

    private Detection() {
    }

    static RuleBook rules(DetectorConfig config) {
        RuleLoadResult loaded = RuleSources.load(config);
        if (!loaded.ok()) {
            throw new ExitCodes.BadInputException("rules rejected:\n" + loaded.report());
        }
        return new RuleBook(loaded.rules());
    }

    static VerdictPolicy policy(DetectorConfig config) {
        return VerdictPolicy.unsanctioned();
    }

    static DeclarationCheck declarations(DetectorConfig config) {
        return DeclarationCheck::requireId;
    }
}
