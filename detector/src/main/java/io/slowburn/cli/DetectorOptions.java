package io.slowburn.cli;

import io.slowburn.detector.service.DetectorConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/** Options shared by {@code run} and {@code backtest}: a config file, with flags that override its keys. */
final class DetectorOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file of detector settings (see README: Configuration).")
    Path configFile;

    @Option(names = "--rules", paramLabel = "DIR", description = "Rules directory layered on the default pack (rules.dir).")
    Path rulesDir;

    @Option(names = "--environment", paramLabel = "NAME",
            description = "Apply the rule files' 'environments: NAME' sections (rules.environment).")
    String environment;

    @Option(names = "--trusted-keys", paramLabel = "DIR",
            description = "Directory of *.pub keys trusted to approve experiments (trusted.keys.dir).")
    Path trustedKeys;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Sets one key, e.g. --set approvals.min=2 (repeatable).")
    Map<String, String> settings = new LinkedHashMap<>();

    /** The validated configuration, or exit 2 with every problem at once. */
    DetectorConfig config(Map<String, String> more) {
        Properties file = new Properties();
        if (configFile != null) {
            try (Reader r = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
                file.load(r);
            } catch (IOException e) {
                throw new ExitCodes.BadInputException(configFile + ": cannot read: " + e.getMessage(), e);
            }
        }
        Map<String, String> overrides = new LinkedHashMap<>(settings);
        if (rulesDir != null) {
            overrides.put(DetectorConfig.RULES_DIR, rulesDir.toString());
        }
        if (environment != null) {
            overrides.put(DetectorConfig.RULES_ENVIRONMENT, environment);
        }
        if (trustedKeys != null) {
            overrides.put(DetectorConfig.TRUSTED_KEYS_DIR, trustedKeys.toString());
        }
        overrides.putAll(more);
        try {
            return DetectorConfig.load(file, overrides);
        } catch (DetectorConfig.InvalidConfigException e) {
            String where = configFile == null ? "configuration" : configFile.toString();
            throw new ExitCodes.BadInputException(where + ": " + String.join("; ", e.problems()), e);
        }
    }
}
