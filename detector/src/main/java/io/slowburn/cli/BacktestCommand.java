package io.slowburn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slowburn.broker.Directories;
import io.slowburn.detector.backtest.Backtest;
import io.slowburn.detector.backtest.BacktestDiff;
import io.slowburn.detector.backtest.OfflineDetector;
import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.DetectorMetrics;
import io.slowburn.report.ReportFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code slowburn backtest}: the same topology over a JSON Lines file, offline, in event time. */
@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = "Replays a JSON Lines file of contract records through the detector, offline and in event time, "
                + "and writes the alerts as JSON Lines. With --compare, replays it again with another rules directory "
                + "and prints the alert diff: what the change adds and what it removes.")
final class BacktestCommand implements Callable<Integer> {

    @Mixin
    DetectorOptions options;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--input", paramLabel = "FILE", required = true,
            description = "JSON Lines of metric, event and experiment records, in event-time order.")
    Path input;

    @Option(names = "--output", paramLabel = "FILE",
            description = "Where to write the alerts (JSON Lines). Required unless --compare is given.")
    Path output;

    @Option(names = "--dlq", paramLabel = "FILE",
            description = "Also write the dead letters here (JSON Lines): every rejected record and every line "
            + "that is no usable record (not UTF-8, not a JSON object, no stream, longer than 1 MiB), with the reason, the "
            + "file and line number, and the original bytes (value, or value_base64 when not UTF-8).")
    Path dlq;

    @Option(names = "--audit", paramLabel = "FILE",
            description = "Also write the audit trail here (JSON Lines): every verdict and why, what shadow "
            + "rules would have alerted (type shadow), what exceptions suppressed (type suppressed).")
    Path audit;

    @Option(names = "--compare", paramLabel = "OTHER_RULES_DIR", description = "Replay the input a second time with this rules "
            + "directory layered on the default pack (instead of --rules) and print the alert diff: added (+) and removed (-) "
            + "alerts by first firing time, signal, source, rule and verdict, with counts.")
    Path compare;

    @Option(names = "--report", paramLabel = "FILE.html", description = "Also write the incident report of the replay here "
            + "(one self-contained HTML page; see the report command).")
    Path report;

    @Override
    public Integer call() throws Exception {
        if (!Files.isReadable(input)) {
            throw new ExitCodes.BadInputException(input + ": cannot read the input file");
        }
        if (output == null && compare == null) {
            throw new ExitCodes.BadInputException("--output is required (or --compare OTHER_RULES_DIR to print an alert diff)");
        }
        if (compare != null && !Files.exists(compare)) {
            throw new ExitCodes.BadInputException(compare + ": the rules directory to compare does not exist");
        }
        // In memory: a replay is rebuilt from its input, never restored from disk.
        DetectorConfig config = options.config(Map.of(DetectorConfig.STATE_STORE_TYPE, "memory"));
        if (compare == null) {
            Path auditFile = audit != null || report == null ? audit : Files.createTempFile("slowburn-audit-", ".jsonl");
            try {
                replay(config, output, auditFile, dlq);
                if (report != null) {
                    var r = ReportFiles.write(input, output, auditFile, List.of(),
                            Detection.rules(config).rules(), report, "slowburn backtest of " + input.getFileName());
                    System.err.printf(Locale.ROOT, "report: %d incidents, %,d bytes in %.1f s: %s%n", r.incidents(),
                            r.bytes(), r.seconds(), report.toAbsolutePath());
                }
            } finally {
                if (auditFile != null && auditFile != audit) {
                    Files.deleteIfExists(auditFile);
                }
            }
            return ExitCodes.OK;
        }
        Path tmp = Files.createTempDirectory("slowburn-compare-");
        try {
            Path a = output != null ? output : tmp.resolve("baseline.jsonl");
            Path b = tmp.resolve("candidate.jsonl");
            replay(config, a, audit, dlq);
            Map<String, String> other = new HashMap<>();
            other.put(DetectorConfig.STATE_STORE_TYPE, "memory");
            other.put(DetectorConfig.RULES_DIR, compare.toString());
            replay(options.config(other), b, null, null);
            String dir = config.getString(DetectorConfig.RULES_DIR);
            String baseline = dir.isBlank() ? "the default pack" : dir;
            BacktestDiff.print(BacktestDiff.diff(read(a), read(b)), baseline, compare.toString(), spec.commandLine().getOut());
        } finally {
            Directories.deleteRecursively(tmp);
        }
        return ExitCodes.OK;
    }

    /** One replay of the input into {@code out}; dead letters (first replay only) and the audit trail when asked. */
    private void replay(DetectorConfig config, Path out, Path auditOut, Path dlqOut) throws IOException {
        try (OfflineDetector detector = new OfflineDetector(config, Detection.offline(config), DetectorMetrics.detached())) {
            Backtest.Summary s = new Backtest(detector, System.err).run(input, out, dlqOut, auditOut);
            report(s, config);
        }
    }

    private static void report(Backtest.Summary s, DetectorConfig config) {
        String dir = config.getString(DetectorConfig.RULES_DIR);
        System.err.printf(Locale.ROOT, "backtest%s: %,d records in %.1f s (%.0f records/s): %,d alerts, "
                + "%,d dead letters (%,d of them unusable lines)%n", dir.isBlank() ? "" : " (rules " + dir + ")", s.lines(), s.seconds(),
                s.recordsPerSecond(), s.alerts(), s.deadLetters(), s.rejectedLines());
    }

    private static List<JsonNode> read(Path alerts) throws IOException {
        ObjectMapper m = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(alerts, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                out.add(m.readTree(line));
            }
        }
        return out;
    }
}
