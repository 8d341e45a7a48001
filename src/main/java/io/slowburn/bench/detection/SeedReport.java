package io.slowburn.bench.detection;

import io.slowburn.ingest.simulate.TruthEntry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A seed's {@code report.txt}: per incident, for slowburn and the baseline, what caught it and how late, or why it was
 * missed with the alerts that did match; then the false alerts (with the confounder each sat on) and misattributions.
 * Times are offsets from the scenario start; an alert's time in a reason is relative to the incident's start.
 */
final class SeedReport {

    private SeedReport() {
    }

    static void write(SeedRun.Result r, long origin, Path file) throws IOException {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        out.printf("seed %d: %,d records; backtest %.1f s, baseline %.1f s%n%n", r.seed(), r.records(), r.backtestSeconds(),
                r.baselineSeconds());
        for (int k = 0; k < r.slowburn().outcomes().size(); k++) {
            Scorer.Outcome s = r.slowburn().outcomes().get(k);
            Scorer.Outcome b = r.baseline().outcomes().get(k);
            TruthEntry i = s.incident();
            out.printf("%s %s (%s%s) on %s, %s .. %s, signals %s%n", i.id(), i.kind(), i.verdict(),
                    i.experiment() == null ? "" : ", " + i.experiment(), i.sources(), Hours.offset(i.start() - origin),
                    Hours.offset(i.end() - origin), i.signals());
            out.printf("    slowburn: %s%s%n", s.caught() ? "CAUGHT after " + Hours.delay(s.delayMs()) + ": " : "MISSED: ", s.why());
            out.printf("    baseline: %s%s%n", b.caught() ? "CAUGHT after " + Hours.delay(b.delayMs()) + ": " : "MISSED: ", b.why());
        }
        falseAlerts(out, "slowburn", r.slowburn(), origin);
        falseAlerts(out, "baseline", r.baseline(), origin);
        out.flush();
        Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
    }

    private static void falseAlerts(PrintWriter out, String who, Scorer.Score score, long origin) {
        out.printf("%n%s: %d false alert(s), %d misattribution(s)%n", who, score.falseAlerts().size(), score.misattributions().size());
        for (Scorer.FalseAlert f : score.falseAlerts()) {
            out.printf("    %s %s %s on %s (%s), %d alert(s), sat on %s%s%n", Hours.offset(f.firstTs() - origin), f.verdict(), f.signal(),
                    f.source(), f.rule(), f.count(), f.confounderKind(), f.confounderId() == null ? "" : " (" + f.confounderId() + ")");
        }
        for (Alert a : score.misattributions()) {
            out.printf("    misattributed: %s%n", a.describe(origin));
        }
        for (Scorer.FalseAlert f : score.offSignal()) {
            out.printf("    off-signal (matched an incident on its host by time only): %s %s %s on %s (%s), %d alert(s), sat on %s%n",
                    Hours.offset(f.firstTs() - origin), f.verdict(), f.signal(), f.source(), f.rule(), f.count(), f.confounderKind());
        }
    }
}
