package io.slowburn.report;

import io.slowburn.model.Event;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Draws one incident's plot from its panel data: the series that raised it over its analysis window, the moments it
 * began, fired and resolved, and the window of the experiment its verdict is about.
 */
final class PanelRenderer {

    private static final String[] EVIDENCE_LEVELS = {"baseline_median", "baseline", "expected", "median"};

    private final Map<String, ExperimentWindow> experiments;

    PanelRenderer(List<ExperimentWindow> experiments) {
        this.experiments = new LinkedHashMap<>();
        experiments.forEach(e -> this.experiments.put(e.id(), e));
    }

    /** The SVG of the panel; {@code id} is unique within the page. */
    String render(PanelData d, String id) {
        return switch (d.plan.kind()) {
            case TREND -> trend(d, id);
            case RATIO -> ratio(d, id);
            case EVENTS -> events(d, id);
            case SERIES -> series(d, id);
        };
    }

    /** Per-bucket floor or mean, the fitted line with Sen's upper slope as a band, and the forecast to the limit. */
    private String trend(PanelData d, String id) {
        Incident inc = d.plan.incident();
        boolean floor = "true".equals(d.plan.params().get("floor"));
        double level = inc.number("level");
        double slopePerMs = inc.number("slope_per_hour") / 3_600_000.0;
        double upperPerMs = inc.number("slope_upper_per_hour") / 3_600_000.0;
        double limit = inc.number("limit");
        long windowMs = (long) (inc.number("window_s") * 1000);
        long fitFrom = Double.isFinite(inc.number("window_s")) ? inc.fired() - windowMs : d.plan.from();
        double ttlExpected = inc.number("time_to_limit_expected_s");
        double ttlWorst = inc.number("time_to_limit_s");
        long end = dataEnd(d);
        // The forecast is drawn up to the limit when it is reached within a few windows, else to the right edge.
        long reach = Math.max(windowMs, 3_600_000L) * 3;
        long cross = Double.isFinite(ttlExpected) ? inc.fired() + (long) (ttlExpected * 1000) : Long.MAX_VALUE;
        long worst = Double.isFinite(ttlWorst) ? inc.fired() + (long) (ttlWorst * 1000) : Long.MAX_VALUE;
        long x1 = Math.max(end, inc.fired() + 60_000);
        if (Double.isFinite(limit) && Double.isFinite(slopePerMs)) {
            x1 = Math.max(x1, Math.min(cross, inc.fired() + reach));
        }
        Range r = range(d);
        if (Double.isFinite(limit)) {
            r.include(limit);
        }
        if (Double.isFinite(level)) {
            r.include(level);
        }
        Plot p = new Plot(d.plan.from(), x1, r.lo, r.hi, Plot.HEIGHT).open(id, inc.signal() + " on " + inc.subject()).axes("");
        experiment(p, inc);
        p.clipped();
        for (SeriesTrace t : d.series.values()) {
            p.polyline(t.envelope().kept(), "raw", t.seriesId + " (raw samples, min/max per pixel column)");
        }
        for (SeriesTrace t : d.series.values()) {
            for (Map.Entry<Long, double[]> b : t.buckets().entrySet()) {
                double v = floor ? b.getValue()[0] : b.getValue()[1] / b.getValue()[2];
                long mid = b.getKey() + t.bucketMs() / 2;
                p.dot(mid, v, 3, "bucket", (floor ? "floor " : "mean ") + Html.number(v) + " of the bucket at " + Html.time(b.getKey()));
            }
        }
        if (Double.isFinite(level) && Double.isFinite(slopePerMs)) {
            long bandEnd = Math.min(Math.min(x1, worst), inc.fired() + reach * 4);
            if (Double.isFinite(upperPerMs)) {
                p.polygon(new double[][] {
                    {fitFrom, level + upperPerMs * (fitFrom - inc.fired())},
                    {bandEnd, level + upperPerMs * (bandEnd - inc.fired())},
                    {bandEnd, level + slopePerMs * (bandEnd - inc.fired())},
                    {fitFrom, level + slopePerMs * (fitFrom - inc.fired())}}, "band");
            }
            p.line(fitFrom, level + slopePerMs * (fitFrom - inc.fired()), inc.fired(), level, "fit");
            long fEnd = Math.min(x1, cross);
            p.line(inc.fired(), level, fEnd, level + slopePerMs * (fEnd - inc.fired()), "forecast");
            if (Double.isFinite(upperPerMs) && upperPerMs > 0) {
                long wEnd = Math.min(x1, worst);
                p.line(inc.fired(), level, wEnd, level + upperPerMs * (wEnd - inc.fired()), "forecast worst");
            }
        }
        p.endGroup();
        if (Double.isFinite(limit)) {
            p.hline(limit, "limit " + Html.number(limit), "limit");
        }
        if (Double.isFinite(ttlExpected) && cross > x1) {
            p.text(Plot.WIDTH - Plot.RIGHT - 4, Plot.TOP + 26, "limit in ~" + Html.duration(ttlExpected)
                    + (Double.isFinite(ttlWorst) ? " (~" + Html.duration(ttlWorst) + " at worst) →" : " →"), "end", "note");
        }
        marks(p, inc);
        return p.close();
    }

    /** Each source's ratio of the two counters' increases over the rule's window, against the baseline. */
    private String ratio(PanelData d, String id) {
        Incident inc = d.plan.incident();
        String num = d.plan.params().get("numerator");
        String den = d.plan.params().get("denominator");
        long bucket = Math.max(1000, PanelPlan.durationMs(d.plan.params().get("bucket")));
        long window = Math.max(bucket, PanelPlan.durationMs(d.plan.params().get("window")));
        int k = (int) Math.max(1, window / bucket);
        Map<String, List<ColumnEnvelope.Point>> lines = new LinkedHashMap<>();
        Range r = new Range();
        for (String source : inc.sources()) {
            TreeMap<Long, double[]> n = new TreeMap<>();
            TreeMap<Long, double[]> m = new TreeMap<>();
            for (SeriesTrace t : d.series.values()) {
                if (t.source.equals(source) && (t.metric.equals(num) || t.metric.equals(den))) {
                    TreeMap<Long, double[]> into = t.metric.equals(num) ? n : m;
                    t.buckets().forEach((b, v) -> into.computeIfAbsent(b, x -> new double[1])[0] += v[3]);
                }
            }
            List<ColumnEnvelope.Point> pts = new ArrayList<>();
            for (Long b : m.keySet()) {
                double sn = 0;
                double sd = 0;
                for (int i = 0; i < k; i++) {
                    long key = b - i * bucket;
                    sn += n.containsKey(key) ? n.get(key)[0] : 0;
                    sd += m.containsKey(key) ? m.get(key)[0] : 0;
                }
                if (sd > 0) {
                    double pct = 100 * sn / sd;
                    pts.add(new ColumnEnvelope.Point(b + bucket, pct));
                    r.include(pct);
                }
            }
            if (!pts.isEmpty()) {
                lines.put(source, pts);
            }
        }
        double baseline = 100 * inc.number("baseline_ratio");
        double multiple = inc.number("multiple");
        r.include(0);
        if (Double.isFinite(baseline)) {
            r.include(baseline);
            if (Double.isFinite(multiple)) {
                r.include(baseline * multiple);
            }
        }
        Plot p = new Plot(d.plan.from(), Math.max(dataEnd(d), inc.fired() + 60_000), r.lo, r.hi, Plot.HEIGHT)
                .open(id, num + " / " + den + " on " + String.join(", ", inc.sources())).axes("%");
        experiment(p, inc);
        p.clipped();
        int i = 0;
        for (Map.Entry<String, List<ColumnEnvelope.Point>> e : lines.entrySet()) {
            String cls = "s" + (i++ % 6);
            p.polyline(e.getValue(), "ratio " + cls, e.getKey() + ": " + num + " / " + den + " over " + Html.duration(window / 1000.0));
            ColumnEnvelope.Point top = e.getValue().stream().max(Comparator.comparingDouble(ColumnEnvelope.Point::value))
                    .orElseThrow();
            p.text(p.x(top.ts()) + 4, p.y(top.value()) - 5 - 12 * (i - 1), e.getKey(), "start", "lbl " + cls);
        }
        p.endGroup();
        p.hline(baseline, "baseline " + Html.number(baseline) + "%", "baseline");
        if (Double.isFinite(multiple)) {
            p.hline(baseline * multiple, multiple + " x baseline", "threshold");
        }
        marks(p, inc);
        return p.close();
    }

    /** One lane per source and event kind; the events the evidence names stand out. */
    private String events(PanelData d, String id) {
        Incident inc = d.plan.incident();
        Map<String, Integer> lanes = new LinkedHashMap<>();
        for (Event e : d.events) {
            String lane = e.source() + " " + e.event();
            if (!lanes.containsKey(lane) && lanes.size() < 12) {
                lanes.put(lane, lanes.size());
            }
        }
        int n = Math.max(1, lanes.size());
        int height = Math.max(140, Plot.TOP + Plot.BOTTOM + 26 * n);
        Plot p = new Plot(d.plan.from(), Math.max(dataEnd(d), inc.fired() + 60_000), -0.5, n - 0.5, height)
                .open(id, inc.signal() + " events on " + String.join(", ", inc.sources()));
        p.axes("", false);
        experiment(p, inc);
        for (Map.Entry<String, Integer> l : lanes.entrySet()) {
            p.text(Plot.LEFT + 4, p.y(l.getValue()) - 8, l.getKey(), "start", "lane");
        }
        String exe = inc.evidence().path("exe").asText(null);
        p.clipped();
        for (Event e : d.events) {
            Integer lane = lanes.get(e.source() + " " + e.event());
            if (lane == null) {
                continue;
            }
            boolean named = exe != null && exe.equals(e.attr("exe"));
            StringBuilder title = new StringBuilder(Html.time(e.ts())).append(' ').append(e.source()).append(' ').append(e.event());
            e.attrs().forEach((k, v) -> title.append(' ').append(k).append('=').append(v));
            p.dot(e.ts(), lane, named ? 5 : 3.5, named ? "event hit" : "event", title.toString());
        }
        p.endGroup();
        marks(p, inc);
        return p.close();
    }

    /** The series themselves (a counter as its rate per second) with the levels the evidence names. */
    private String series(PanelData d, String id) {
        Incident inc = d.plan.incident();
        Range r = range(d);
        Map<String, Double> levels = new LinkedHashMap<>();
        for (String key : EVIDENCE_LEVELS) {
            double v = inc.number(key);
            if (Double.isFinite(v) && r.near(v)) {
                levels.put(key, v);
                r.include(v);
            }
        }
        boolean counters = d.series.values().stream().anyMatch(SeriesTrace::counter);
        Plot p = new Plot(d.plan.from(), Math.max(dataEnd(d), inc.fired() + 60_000), r.lo, r.hi, Plot.HEIGHT)
                .open(id, inc.signal() + " on " + inc.subject()).axes(counters ? "/s" : "");
        experiment(p, inc);
        p.clipped();
        int i = 0;
        for (SeriesTrace t : d.series.values()) {
            p.polyline(t.envelope().kept(), "series s" + (i++ % 6), t.seriesId + (t.counter() ? " (rate per second)" : ""));
        }
        p.endGroup();
        levels.forEach((k, v) -> p.hline(v, k.replace('_', ' ') + " " + Html.number(v), "baseline"));
        marks(p, inc);
        return p.close();
    }

    private void experiment(Plot p, Incident inc) {
        String id = inc.candidate();
        ExperimentWindow w = id == null ? null : experiments.get(id);
        if (w != null) {
            p.span(w.start(), w.end(), w.id() + " window (" + w.scopeText() + ")", "experiment");
        }
    }

    private static void marks(Plot p, Incident inc) {
        if (inc.since() < inc.fired()) {
            p.vmark(inc.since(), "began", "began", 14);
        }
        p.vmark(inc.fired(), "fired", "fired");
        if (inc.resolved() != null) {
            p.vmark(inc.resolved(), "resolved", "resolved");
        }
    }

    private static long dataEnd(PanelData d) {
        long end = d.plan.from() + 60_000;
        for (SeriesTrace t : d.series.values()) {
            List<ColumnEnvelope.Point> kept = t.envelope().kept();
            if (!kept.isEmpty()) {
                end = Math.max(end, kept.get(kept.size() - 1).ts());
            }
        }
        for (Event e : d.events) {
            end = Math.max(end, e.ts());
        }
        Incident inc = d.plan.incident();
        end = Math.max(end, inc.resolved() == null ? inc.fired() : inc.resolved());
        return Math.min(end + 5 * 60_000, d.plan.to());
    }

    private static Range range(PanelData d) {
        Range r = new Range();
        for (SeriesTrace t : d.series.values()) {
            for (ColumnEnvelope.Point pt : t.envelope().kept()) {
                r.include(pt.value());
            }
        }
        return r;
    }

    /** The values' extent. */
    private static final class Range {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;

        void include(double v) {
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }

        /** Whether a reference level is within the data's scale (a level far off would flatten the series). */
        boolean near(double v) {
            if (lo > hi) {
                return true;
            }
            double span = Math.max(hi - lo, Math.abs(hi) * 0.1);
            return v >= lo - 2 * span && v <= hi + 2 * span;
        }
    }
}
