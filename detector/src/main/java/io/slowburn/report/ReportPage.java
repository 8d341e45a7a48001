package io.slowburn.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report as one self-contained HTML page: a summary (counts by verdict, signal and source, and every incident with
 * a link to its panel), the fleet timeline, and one panel per incident with its plot, its facts and the verdict's
 * checks. No script and nothing fetched: the page's Content-Security-Policy forbids both, so even markup that slipped
 * past the escaping could neither run nor call out.
 */
public final class ReportPage {

    private static final String CSS = """
            body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#212529;margin:0 auto;max-width:1100px;
            padding:16px}
            h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #dee2e6}
            h3{font-size:16px;margin:0 0 4px}.muted{color:#6c757d}table{border-collapse:collapse;margin:6px 0}
            td,th{border:1px solid #dee2e6;padding:3px 7px;text-align:left;vertical-align:top;font-size:13px}
            th{background:#f1f3f5}
            .counts{display:flex;gap:24px;flex-wrap:wrap}
            .badge{display:inline-block;border-radius:3px;padding:0 6px;color:#fff;font-weight:600}
            .badge.suspicious,.bar.suspicious{background:#e8590c;fill:#e8590c}
            .badge.breach,.bar.breach{background:#c92a2a;fill:#c92a2a}
            .badge.sanctioned,.bar.sanctioned{background:#2b8a3e;fill:#2b8a3e}
            .badge.other,.bar.other{background:#495057;fill:#495057}
            section.incident{border:1px solid #dee2e6;border-radius:6px;padding:12px;margin:16px 0;page-break-inside:avoid;
            break-inside:avoid}
            svg.plot{width:100%;height:auto;display:block;font-size:11px}svg text{fill:#343a40}
            .grid{stroke:#e9ecef}.frame{stroke:#adb5bd}.caption{fill:#868e96}.note{fill:#c92a2a;font-weight:600}
            .raw{fill:none;stroke:#adb5bd;stroke-width:1}.bucket{fill:#1971c2}.fit{stroke:#1971c2;stroke-width:2}
            .forecast{stroke:#1971c2;stroke-width:2;stroke-dasharray:6 4}.forecast.worst{stroke:#c92a2a;stroke-width:1.5}
            .band{fill:#1971c2;fill-opacity:.12}.ref line{stroke-width:1.5;stroke-dasharray:4 3}
            .ref.limit line{stroke:#c92a2a}
            .ref.limit text{fill:#c92a2a}.ref.baseline line{stroke:#2b8a3e}.ref.threshold line{stroke:#e8590c}
            .series,.ratio{fill:none;stroke-width:1.6}.s0{stroke:#1971c2;fill:#1971c2}.s1{stroke:#e8590c;fill:#e8590c}
            .s2{stroke:#2b8a3e;fill:#2b8a3e}
            .s3{stroke:#862e9c;fill:#862e9c}.s4{stroke:#0b7285;fill:#0b7285}.s5{stroke:#5c940d;fill:#5c940d}
            .series.s0,.series.s1,.series.s2,.series.s3,.series.s4,.series.s5,.ratio{fill:none}
            .event{fill:#495057}.event.hit{fill:#c92a2a}.lane{fill:#495057}.mark line{stroke-width:1.5}
            .mark.fired line{stroke:#c92a2a}.mark.resolved line{stroke:#2b8a3e}
            .mark.began line{stroke:#868e96;stroke-dasharray:2 2}
            .span.experiment rect,rect.experiment{fill:#fab005;fill-opacity:.18}.span text,.explabel{fill:#8f6a00}
            .abort line{stroke:#c92a2a;stroke-width:2}.abort path{fill:#c92a2a}.row{font-size:11px}
            .pass{color:#2b8a3e;font-weight:700}.fail{color:#c92a2a;font-weight:700}
            dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:6px 0}
            dt{color:#6c757d}dd{margin:0}.legend{font-size:12px;color:#495057}
            @media print{body{max-width:none;padding:0}a{color:inherit;text-decoration:none}h2{page-break-after:avoid}
            """;

    private ReportPage() {
    }

    /** The page. */
    public static String render(ReportModel m) {
        StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; ")
                .append("img-src data:\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(Html.text(m.title())).append("</title><style>").append(CSS).append("</style></head><body>\n");
        sb.append("<h1>").append(Html.text(m.title())).append("</h1><p class=\"muted\">").append(Html.text(m.subtitle())).append("</p>\n");
        Map<Incident, String> anchors = new IdentityHashMap<>();
        List<Incident> incidents = m.incidents();
        for (int i = 0; i < incidents.size(); i++) {
            anchors.put(incidents.get(i), "inc-" + (i + 1));
        }
        summary(sb, m, anchors);
        sb.append("<h2 id=\"timeline\">Fleet timeline</h2>");
        if (m.from() < m.to()) {
            sb.append(new TimelineRenderer().render(incidents, anchors, m.experiments(), m.aborts(), m.from(), m.to()));
            sb.append("<p class=\"legend\">Bars: incidents from when the condition began to when it resolved (to the end when still "
                    + "firing), coloured by verdict: <span class=\"badge suspicious\">suspicious</span> <span class=\"badge breach\">"
                    + "breach</span> <span class=\"badge sanctioned\">sanctioned</span>. Shaded: experiment windows over the sources "
                    + "of their scope (the full height when scoped by labels). Red triangles: abort commands.</p>");
        } else {
            sb.append("<p>No telemetry and no incidents: nothing to draw.</p>");
        }
        sb.append("<h2 id=\"incidents\">Incidents</h2>\n");
        PanelRenderer panels = new PanelRenderer(m.experiments());
        for (PanelData d : m.panels()) {
            panel(sb, d, anchors.get(d.plan.incident()), panels);
        }
        if (incidents.isEmpty()) {
            sb.append("<p>No alert fired.</p>");
        }
        sb.append("<p class=\"muted\">").append(Html.text(m.footer())).append("</p></body></html>\n");
        return sb.toString();
    }

    private static void summary(StringBuilder sb, ReportModel m, Map<Incident, String> anchors) {
        Map<String, Integer> byVerdict = new TreeMap<>();
        Map<String, Integer> bySignal = new TreeMap<>();
        Map<String, Integer> bySource = new TreeMap<>();
        for (Incident i : m.incidents()) {
            byVerdict.merge(i.verdict(), 1, Integer::sum);
            bySignal.merge(i.signal(), 1, Integer::sum);
            i.sources().forEach(s -> bySource.merge(s, 1, Integer::sum));
        }
        sb.append("<h2 id=\"summary\">Summary</h2><div class=\"counts\">");
        counts(sb, "verdict", byVerdict, true);
        counts(sb, "signal", bySignal, false);
        counts(sb, "source", bySource, false);
        sb.append("</div><table><tr><th>fired (UTC)</th><th>verdict</th><th>severity</th><th>signal</th><th>source</th><th>rule</th>"
                + "<th>resolved</th><th>summary</th></tr>");
        for (Incident i : m.incidents()) {
            sb.append("<tr><td><a href=\"#").append(anchors.get(i)).append("\">").append(Html.time(i.fired())).append("</a></td><td>")
                    .append(badge(i.verdict())).append("</td><td>").append(Html.text(i.severity())).append("</td><td>")
                    .append(Html.text(i.signal())).append("</td><td>").append(Html.text(i.subject()))
                    .append(i.sources().size() > 1 ? " +" + (i.sources().size() - 1) : "").append("</td><td>").append(Html.text(i.rule()))
                    .append("</td><td>").append(i.resolved() == null ? "firing" : Html.time(i.resolved())).append("</td><td>")
                    .append(Html.text(abbreviate(i.summary(), 160))).append("</td></tr>");
        }
        sb.append("</table>");
    }

    private static void counts(StringBuilder sb, String what, Map<String, Integer> counts, boolean badges) {
        sb.append("<table><tr><th>").append(what).append("</th><th>incidents</th></tr>");
        counts.forEach((k, v) -> sb.append("<tr><td>").append(badges ? badge(k) : Html.text(k)).append("</td><td>").append(v)
                .append("</td></tr>"));
        sb.append("</table>");
    }

    private static void panel(StringBuilder sb, PanelData d, String anchor, PanelRenderer renderer) {
        Incident i = d.plan.incident();
        sb.append("<section class=\"incident\" id=\"").append(anchor).append("\"><h3>").append(badge(i.verdict())).append(' ')
                .append(Html.text(i.signal())).append(" on ").append(Html.text(i.subject())).append(" <span class=\"muted\">")
                .append(Html.text(i.rule())).append(", ").append(Html.text(i.severity())).append("</span></h3><p>")
                .append(Html.text(i.summary())).append("</p>");
        sb.append(renderer.render(d, anchor));
        sb.append("<p class=\"legend\">").append(Html.text(legend(d))).append("</p><dl>");
        fact(sb, "alert", i.id());
        fact(sb, "began", Html.time(i.since()));
        fact(sb, "fired", Html.time(i.fired()));
        fact(sb, "resolved", i.resolved() == null ? "still firing at the end of the input"
                : Html.time(i.resolved()) + " (" + Html.duration((i.resolved() - i.fired()) / 1000.0) + " after firing)");
        if (i.sources().size() > 1) {
            fact(sb, "sources", String.join(", ", i.sources()));
        }
        fact(sb, "containment", i.containment().isEmpty() ? "none" : String.join(", ", i.containment()));
        fact(sb, "experiment", i.experiment() == null ? "none" : i.experiment());
        fact(sb, "evidence", evidence(i.evidence()));
        sb.append("</dl>");
        JsonNode dec = i.decision();
        if (dec == null) {
            sb.append("<p class=\"muted\">No audit record for this alert (give --audit to see the verdict's checks).</p>");
        } else {
            sb.append("<p><b>Verdict:</b> ").append(Html.text(dec.path("explanation").asText(""))).append("</p>");
            if (dec.path("checks").size() > 0) {
                sb.append("<table><tr><th>check on ").append(Html.text(i.candidate())).append("</th><th></th><th>why</th></tr>");
                for (JsonNode c : dec.path("checks")) {
                    boolean pass = c.path("pass").asBoolean();
                    sb.append("<tr><td>").append(Html.text(c.path("check").asText())).append("</td><td class=\"")
                            .append(pass ? "pass\">pass" : "fail\">fail").append("</td><td>").append(Html.text(c.path("reason").asText()))
                            .append("</td></tr>");
                }
                sb.append("</table>");
            }
        }
        if (d.plan.note() != null) {
            sb.append("<p class=\"muted\">").append(Html.text(d.plan.note())).append("</p>");
        }
        sb.append("</section>\n");
    }

    private static String legend(PanelData d) {
        Incident i = d.plan.incident();
        String window = Html.time(d.plan.from()) + " to " + (i.resolved() != null ? Html.time(d.plan.to())
                : "the end of the input (at most " + Html.duration(PanelPlan.MAX_OPEN_MS / 1000.0) + " after firing)");
        String read = d.points() + " points read" + (d.droppedSeries > 0 ? ", " + d.droppedSeries + " more series not drawn" : "")
                + (d.droppedEvents > 0 ? ", " + d.droppedEvents + " more events not drawn" : "");
        String what = switch (d.plan.kind()) {
            case TREND -> "Grey: raw samples (min/max per pixel column). Dots: each bucket's "
                    + ("true".equals(d.plan.params().get("floor")) ? "lowest value (the floor)" : "mean")
                    + " on the rung the call rests on. Solid: the fitted line (Theil-Sen) over that rung; dashed: the forecast at "
                    + "that slope, red dashed at the upper end of its confidence interval; shaded: between the two slopes.";
            case RATIO -> "Each source's " + d.plan.params().get("numerator") + " / " + d.plan.params().get("denominator")
                    + " over the rule's window, against the baseline and the firing threshold.";
            case EVENTS -> "The events the rule reads, one lane per source and kind; red: the ones the evidence names. "
                    + d.eventCount + " events.";
            case SERIES -> "The series the rule reads" + (d.series.values().stream().anyMatch(SeriesTrace::counter)
                    ? " (counters as their rate per second)" : "") + ", with the levels the evidence names.";
        };
        return what + " Window " + window + "; " + read + (i.candidate() != null ? "; shaded: the window of " + i.candidate() : "") + ".";
    }

    private static void fact(StringBuilder sb, String name, String value) {
        sb.append("<dt>").append(Html.text(name)).append("</dt><dd>").append(Html.text(value)).append("</dd>");
    }

    private static String evidence(JsonNode ev) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, JsonNode> e : ev.properties()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            JsonNode v = e.getValue();
            boolean time = (e.getKey().equals("since") || e.getKey().endsWith("_ts")) && v.canConvertToLong();
            sb.append(e.getKey()).append('=').append(time ? Html.time(v.asLong()) : v.isNumber() ? Html.number(v.asDouble())
                    : v.isTextual() ? v.asText() : v.toString());
        }
        return abbreviate(sb.toString(), 600);
    }

    private static String badge(String verdict) {
        return "<span class=\"badge " + TimelineRenderer.verdictClass(verdict) + "\">" + Html.text(verdict) + "</span>";
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
