package io.slowburn.cli;

import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.report.IncidentReport;
import io.slowburn.report.ReportFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code slowburn report}: one self-contained HTML page of the incidents raised on a telemetry file. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Writes one self-contained HTML page (inline SVG, nothing fetched, printable) of the alerts raised on a "
                + "telemetry file: a fleet timeline, a summary, and per incident the series that raised it over its analysis "
                + "window with the verdict and its checks. Reads the telemetry once and keeps only what the alerts name.")
final class ReportCommand implements Callable<Integer> {

    @Mixin
    DetectorOptions options;

    @Option(names = "--input", paramLabel = "FILE", required = true,
            description = "The telemetry (JSON Lines of metric, event and experiment records).")
    Path input;

    @Option(names = "--alerts", paramLabel = "FILE", required = true,
            description = "The alerts raised on it (JSON Lines, as backtest or the alert topic writes them).")
    Path alerts;

    @Option(names = "--audit", paramLabel = "FILE",
            description = "The audit trail (backtest --audit, or the audit topic): the verdicts' checks, joined "
            + "sources, abort commands.")
    Path audit;

    @Option(names = "--experiments", paramLabel = "FILE", description = "More experiment declaration files (JSON Lines); repeatable.")
    List<Path> experiments = new ArrayList<>();

    @Option(names = "--output", paramLabel = "FILE", required = true, description = "Where to write the HTML page.")
    Path output;

    @Option(names = "--title", paramLabel = "TEXT", defaultValue = "slowburn incident report",
            description = "Title of the page. Default: ${DEFAULT-VALUE}.")
    String title;

    @Override
    public Integer call() throws Exception {
        List<Path> readable = new ArrayList<>(List.of(input, alerts));
        if (audit != null) {
            readable.add(audit);
        }
        readable.addAll(experiments);
        for (Path p : readable) {
            if (!Files.isReadable(p)) {
                throw new ExitCodes.BadInputException(p + ": cannot read the file");
            }
        }
        DetectorConfig config = options.config(Map.of());
        ReportFiles.Result r;
        try {
            r = ReportFiles.write(input, alerts, audit, experiments, Detection.rules(config).rules(), output, title);
        } catch (IncidentReport.InvalidInputException e) {
            throw new ExitCodes.BadInputException(e.getMessage(), e);
        }
        System.err.printf(Locale.ROOT, "report: %d incidents, %,d telemetry records read, %,d points kept, %,d bytes in %.1f s%n",
                r.incidents(), r.records(), r.points(), r.bytes(), r.seconds());
        System.out.println(output.toAbsolutePath());
        return ExitCodes.OK;
    }
}
