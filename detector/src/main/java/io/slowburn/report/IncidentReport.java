package io.slowburn.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.slowburn.alerts.AlertRecord;
import io.slowburn.model.InvalidRecordException;
import io.slowburn.model.RecordCodec;
import io.slowburn.rules.RuleSet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Builds the report: first what the alerts, the audit and the declarations say (small), then one streaming pass over
 * the telemetry that keeps only the series and events the incidents name, within their windows, downsampled as they
 * go by. The same steps serve the file command ({@code slowburn report}) and the live view ({@code /incidents}).
 */
public final class IncidentReport {

    /** Incidents a report shows at most (the most recent first seen are kept). */
    public static final int MAX_INCIDENTS = 500;

    private final RecordCodec codec;
    private final RuleSet rules;
    private final IncidentLog log;

    public IncidentReport(RecordCodec codec, RuleSet rules, int maxIncidents) {
        this.codec = codec;
        this.rules = rules;
        this.log = new IncidentLog(maxIncidents);
    }

    public IncidentLog log() {
        return log;
    }

    /** One alert record as JSON text (a line of an alerts file or a record of the alert topic). */
    public void alert(String json) throws InvalidRecordException {
        JsonNode n = codec.readTree(json);
        log.alert(AlertRecord.of(n, json));
    }

    /** One audit record as JSON text. */
    public void audit(String json) throws InvalidRecordException {
        log.audit(codec.readTree(json));
    }

    /** One experiment declaration as JSON text. */
    public void experiment(String json) throws InvalidRecordException {
        log.experiment(codec.readTree(json));
    }

    /** Plans the panels of the incidents known now, and the scan that fills them. */
    public TelemetryScan scan() {
        List<PanelPlan> plans = new ArrayList<>();
        for (Incident i : log.incidents()) {
            plans.add(PanelPlan.of(i, rules));
        }
        return new TelemetryScan(codec, log, plans);
    }

    /** The page's model once the scan has seen the telemetry. */
    public ReportModel model(TelemetryScan scan, String title, String origin) {
        List<Incident> incidents = new ArrayList<>();
        scan.panels().forEach(p -> incidents.add(p.plan.incident()));
        long[] range = scan.range();
        long from = range == null ? Long.MAX_VALUE : range[0];
        long to = range == null ? Long.MIN_VALUE : range[1];
        for (Incident i : incidents) {
            from = Math.min(from, i.since());
            to = Math.max(to, i.resolved() == null ? i.fired() : i.resolved());
        }
        String subtitle = String.format(Locale.ROOT, "%s. %d incidents; telemetry %s; %,d records read, %d sources.", origin,
                incidents.size(), from <= to ? Html.time(from) + " to " + Html.time(to) : "none", scan.records(), scan.sources());
        String footer = String.format(Locale.ROOT, "Made by slowburn from %s: the telemetry was read once; %,d points of the incidents' "
                + "series and events were kept, downsampled to at most four per pixel column for drawing%s.", origin,
                scan.pointsRead(), scan.invalid() > 0 ? "; " + scan.invalid() + " unreadable records skipped" : "");
        return new ReportModel(title, subtitle, incidents, log.experiments(), log.aborts(), scan.panels(), from, to, footer);
    }

    /** Reads every non-blank line of a JSON Lines file; a bad line stops with its file and line number. */
    public static void lines(Path file, LineReader reader) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (!line.isBlank()) {
                    try {
                        reader.read(line);
                    } catch (InvalidRecordException e) {
                        throw new InvalidInputException(file + ":" + n + ": " + e.getMessage(), e);
                    }
                }
            }
        }
    }

    /** Streams a telemetry file through a scan (unreadable lines are counted by the scan, not fatal). */
    public static void telemetry(Path file, Consumer<String> scan) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                scan.accept(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads one line. */
    @FunctionalInterface
    public interface LineReader {
        void read(String line) throws InvalidRecordException;
    }

    /** An input the report cannot use, with the file and line. */
    public static final class InvalidInputException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public InvalidInputException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
