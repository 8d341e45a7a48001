package io.slowburn.cli;

import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.DetectorSetup;
import io.slowburn.detector.service.RuleSources;
import io.slowburn.detector.service.TrustedKeySource;
import io.slowburn.engine.RuleBook;
import io.slowburn.rules.RuleLoadResult;
import io.slowburn.verdict.TrustedKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What {@code run} and {@code backtest} both assemble from a configuration: rules, trusted keys, verdict policy. */
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

    /** For the service: keys re-read when the directory changes (rotation without a restart). */
    static DetectorSetup live(DetectorConfig config) {
        Path dir = keysDir(config);
        TrustedKeySource keys = dir == null ? TrustedKeySource.fixed(TrustedKeys.empty())
                : TrustedKeySource.watching(dir, 2_000, System::currentTimeMillis);
        return DetectorSetup.of(config, rules(config), keys);
    }

    /** For a replay: keys read once, so the output depends on the input alone. */
    static DetectorSetup offline(DetectorConfig config) {
        try {
            return DetectorSetup.of(config, rules(config), TrustedKeySource.loadOnce(keysDir(config)));
        } catch (IOException e) {
            throw new ExitCodes.BadInputException("cannot read trusted keys: " + e.getMessage(), e);
        }
    }

    private static Path keysDir(DetectorConfig config) {
        String dir = config.getString(DetectorConfig.TRUSTED_KEYS_DIR);
        if (dir.isBlank()) {
            return null;
        }
        Path p = Path.of(dir);
        if (!Files.isDirectory(p)) {
            throw new ExitCodes.BadInputException("trusted keys directory '" + dir + "' does not exist");
        }
        return p;
    }
}
