package io.slowburn.cli;

import io.slowburn.detector.Backtest;
import io.slowburn.detector.DetectorConfig;
import io.slowburn.detector.DetectorMetrics;
import io.slowburn.detector.OfflineDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code slowburn backtest}: the same topology over a JSON Lines file, offline, in event time. */
@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = "Replays a JSON Lines file of contract records through the detector, offline and in event time, "
                + "and writes the alerts as JSON Lines.")
final class BacktestCommand implements Callable<Integer> {

    @Mixin
    DetectorOptions options;

    @Option(names = "--input", required = true, description = "JSON Lines of metric, event and experiment records, in event-time order.")
    Path input;

    @Option(names = "--output", required = true, description = "Where to write the alerts (JSON Lines).")
    Path output;

    @Option(names = "--dlq", description = "Also write the dead letters (rejected records with their reasons) here.")
    Path dlq;

    @Override
    public Integer call() throws Exception {
        if (!Files.isReadable(input)) {
            throw new ExitCodes.BadInputException(input + ": cannot read the input file");
        }
        // In memory: a replay is rebuilt from its input, never restored from disk.
        DetectorConfig config = options.config(Map.of(DetectorConfig.STATE_STORE_TYPE, "memory"));
        try (OfflineDetector detector = new OfflineDetector(config, Detection.offline(config), DetectorMetrics.detached())) {
            Backtest.Summary s = new Backtest(detector, System.err).run(input, output, dlq);
            System.err.printf(java.util.Locale.ROOT, "backtest: %,d records in %.1f s (%.0f records/s): %,d alerts, "
                    + "%,d dead letters, %,d unroutable lines%n", s.lines(), s.seconds(), s.recordsPerSecond(), s.alerts(),
                    s.deadLetters(), s.rejectedLines());
        }
        return ExitCodes.OK;
    }
}
