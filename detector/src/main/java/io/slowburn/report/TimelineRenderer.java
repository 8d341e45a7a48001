package io.slowburn.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The fleet timeline: one row per source that had an incident or was in an experiment's scope, incidents as bars
 * coloured by verdict (each a link to its panel), experiment windows shaded over the rows of their scope (the whole
 * height when the scope is by labels only), abort commands marked.
 */
final class TimelineRenderer {

    static final int MAX_ROWS = 80;
    private static final int ROW = 20;
    private static final int LABEL_LINES = 6;

    String render(List<Incident> incidents, Map<Incident, String> anchors, List<ExperimentWindow> experiments,
                  List<AbortMark> aborts, long from, long to) {
        TreeSet<String> all = new TreeSet<>();
        incidents.forEach(i -> all.addAll(i.sources()));
        experiments.forEach(e -> all.addAll(e.sources()));
        List<String> rows = new ArrayList<>(all);
        int hidden = Math.max(0, rows.size() - MAX_ROWS);
        if (hidden > 0) {
            rows = rows.subList(0, MAX_ROWS);
        }
        int head = 22 + 13 * Math.min(LABEL_LINES, Math.max(1, experiments.size()));
        int height = head + ROW * Math.max(1, rows.size()) + Plot.BOTTOM;
        // Row i spans values [i - 0.5, i + 0.5]; row 0 at the top.
        int n = Math.max(1, rows.size());
        Plot p = new Plot(from, to, -0.5, n - 0.5, height, head);
        TimelinePlot t = new TimelinePlot(p, n, head);
        p.open("timeline", "fleet timeline").axes("", false);
        for (int r = 0; r < rows.size(); r++) {
            p.text(Plot.LEFT - 6, t.rowY(r) + 4, rows.get(r), "end", "row");
        }
        int line = 0;
        for (ExperimentWindow e : experiments) {
            List<Integer> scoped = new ArrayList<>();
            for (String s : e.sources()) {
                int r = rows.indexOf(s);
                if (r >= 0) {
                    scoped.add(r);
                }
            }
            String label = e.id() + " (" + e.scopeText() + ")" + (Boolean.FALSE.equals(e.authentic()) ? " NOT AUTHENTIC" : "");
            if (scoped.isEmpty()) {
                t.rect(e.start(), e.end(), 0, n - 1, "experiment", label);
            } else {
                for (int r : scoped) {
                    t.rect(e.start(), e.end(), r, r, "experiment", label);
                }
            }
            p.text(Math.max(Plot.LEFT, p.x(Math.max(e.start(), from))) + 2, 14 + 13 * (line++ % LABEL_LINES), label, "start",
                    "explabel");
        }
        for (Incident i : incidents) {
            long end = i.resolved() == null ? to : i.resolved();
            for (String s : i.sources()) {
                int r = rows.indexOf(s);
                if (r >= 0) {
                    t.bar(i.since(), end, r, "bar " + verdictClass(i.verdict()), "#" + anchors.get(i),
                            Html.time(i.fired()) + " " + i.verdict() + " " + i.signal() + " on " + s + " (" + i.rule() + ")"
                                    + (i.resolved() == null ? ", still firing" : ", resolved " + Html.time(i.resolved())));
                }
            }
        }
        for (AbortMark a : aborts) {
            t.abort(a.ts(), "abort " + a.experiment() + " at " + Html.time(a.ts()) + ": " + a.reason());
        }
        if (hidden > 0) {
            p.text(Plot.WIDTH - Plot.RIGHT, height - 2, "+" + hidden + " more sources not shown", "end", "note");
        }
        return p.close();
    }

    static String verdictClass(String verdict) {
        return switch (verdict) {
            case "suspicious", "sanctioned", "breach" -> verdict;
            default -> "other";
        };
    }

    /** Row geometry over a plot whose vertical scale is the row index. */
    private static final class TimelinePlot {
        private final Plot p;
        private final int rows;
        private final int head;

        TimelinePlot(Plot p, int rows, int head) {
            this.p = p;
            this.rows = rows;
            this.head = head;
        }

        double rowY(int r) {
            return p.y(rows - 1 - r);
        }

        void rect(long from, long to, int firstRow, int lastRow, String cls, String title) {
            double x0 = p.x(Math.max(from, p.x0()));
            double x1 = p.x(Math.min(to, p.x1()));
            if (x1 <= x0) {
                return;
            }
            double top = rowY(firstRow) - ROW / 2.0;
            double bottom = rowY(lastRow) + ROW / 2.0;
            p.raw("<rect class=\"" + cls + "\" x=\"" + Plot.f(x0) + "\" y=\"" + Plot.f(top) + "\" width=\"" + Plot.f(x1 - x0)
                    + "\" height=\"" + Plot.f(bottom - top) + "\"><title>" + Html.text(title) + "</title></rect>");
        }

        void bar(long from, long to, int row, String cls, String href, String title) {
            double x0 = p.x(Math.max(from, p.x0()));
            double x1 = Math.max(x0 + 4, p.x(Math.min(to, p.x1())));
            p.raw("<a href=\"" + Html.text(href) + "\"><rect class=\"data " + cls + "\" x=\"" + Plot.f(x0) + "\" y=\""
                    + Plot.f(rowY(row) - 6) + "\" width=\"" + Plot.f(x1 - x0) + "\" height=\"12\" rx=\"2\"><title>"
                    + Html.text(title) + "</title></rect></a>");
        }

        void abort(long ts, String title) {
            if (ts < p.x0() || ts > p.x1()) {
                return;
            }
            double x = p.x(ts);
            p.raw("<g class=\"abort\"><line x1=\"" + Plot.f(x) + "\" x2=\"" + Plot.f(x) + "\" y1=\"" + head + "\" y2=\""
                    + Plot.f(rowY(rows - 1) + ROW / 2.0) + "\"/><path d=\"M" + Plot.f(x - 6) + "," + (head - 2) + " l12,0 l-6,9 z\"/>"
                    + "<title>" + Html.text(title) + "</title></g>");
        }
    }
}
