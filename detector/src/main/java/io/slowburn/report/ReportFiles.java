package io.slowburn.report;

import io.slowburn.model.RecordCodec;
import io.slowburn.rules.RuleSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * {@code slowburn report} and {@code backtest --report}: the report of a telemetry file and the alerts (and audit, and
 * declarations) raised on it, written to one HTML file (via a temporary file beside it, moved into place at the end).
 */
public final class ReportFiles {

    /** What a report run did: incidents drawn, records read, bytes written, seconds taken. */
    public record Result(int incidents, long records, long points, long bytes, double seconds) {
    }

    private ReportFiles() {
    }

    /** Writes a page through a temporary file beside it, moved into place: no half-written report. Returns its bytes. */
    public static byte[] save(String page, Path output) throws IOException {
        byte[] html = page.getBytes(StandardCharsets.UTF_8);
        Path abs = output.toAbsolutePath();
        Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp");
        try {
            Files.write(tmp, html);
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return html;
    }

    /**
     * Writes the report.
     *
     * @param audit the audit trail (verdicts and their checks, joins, aborts), or {@code null}
     * @param experiments more declaration files (the telemetry's own declarations are read anyway)
     */
    public static Result write(Path telemetry, Path alerts, Path audit, List<Path> experiments, RuleSet rules, Path output,
                               String title) throws IOException {
        long start = System.nanoTime();
        IncidentReport report = new IncidentReport(new RecordCodec(), rules, IncidentReport.MAX_INCIDENTS);
        IncidentReport.lines(alerts, report::alert);
        if (audit != null) {
            IncidentReport.lines(audit, report::audit);
        }
        for (Path e : experiments) {
            IncidentReport.lines(e, report::experiment);
        }
        TelemetryScan scan = report.scan();
        IncidentReport.telemetry(telemetry, scan::line);
        ReportModel model = report.model(scan, title, "alerts " + alerts.getFileName() + " on telemetry " + telemetry.getFileName());
        byte[] html = save(ReportPage.render(model), output);
        return new Result(model.incidents().size(), scan.records(), scan.pointsRead(), html.length, (System.nanoTime() - start) / 1e9);
    }
}
