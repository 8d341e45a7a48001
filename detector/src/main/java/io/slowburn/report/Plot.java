package io.slowburn.report;

import java.util.List;
import java.util.Locale;

/**
 * An inline SVG chart with a time axis: scales, axes with round ticks, and the few marks the panels draw. Text goes
 * through {@link Html#text}; numbers are written with a dot whatever the locale.
 */
final class Plot {

    static final int WIDTH = 760;
    static final int HEIGHT = 240;
    static final int LEFT = 70;
    static final int RIGHT = 16;
    static final int TOP = 16;
    static final int BOTTOM = 30;

    private static final long[] TIME_STEPS = {60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000,
        10_800_000, 21_600_000, 43_200_000, 86_400_000, 172_800_000, 604_800_000};

    private final long x0;
    private final long x1;
    private final double y0;
    private final double y1;
    private final int height;
    private final int top;
    private String clipId = "clip";
    private final StringBuilder sb = new StringBuilder(8192);

    Plot(long x0, long x1, double lo, double hi, int height) {
        this(x0, x1, lo, hi, height, TOP);
    }

    /** As above with room for {@code top} pixels of labels above the plot area. */
    Plot(long x0, long x1, double lo, double hi, int height, int top) {
        this.top = top;
        this.x0 = x0;
        this.x1 = x1 > x0 ? x1 : x0 + 60_000;
        if (!(hi > lo)) {
            double pad = lo == 0 || !Double.isFinite(lo) ? 1 : Math.abs(lo) * 0.1;
            lo = Double.isFinite(lo) ? lo - pad : 0;
            hi = Double.isFinite(hi) ? hi + pad : 1;
        }
        double pad = (hi - lo) * 0.06;
        this.y0 = lo - pad;
        this.y1 = hi + pad;
        this.height = height;
    }

    double x(long ts) {
        return LEFT + (double) (ts - x0) * (WIDTH - LEFT - RIGHT) / (x1 - x0);
    }

    double y(double v) {
        return top + (y1 - v) * (height - top - BOTTOM) / (y1 - y0);
    }

    long x0() {
        return x0;
    }

    long x1() {
        return x1;
    }

    static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** Starts the SVG; {@code id} makes its clip path unique within the page. */
    Plot open(String id, String label) {
        this.clipId = "clip-" + id;
        sb.append("<svg class=\"plot\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" preserveAspectRatio=\"xMidYMid meet\" role=\"img\" aria-label=\"").append(Html.text(label)).append("\">");
        sb.append("<defs><clipPath id=\"").append(clipId).append("\"><rect x=\"").append(LEFT)
                .append("\" y=\"").append(top).append("\" width=\"").append(WIDTH - LEFT - RIGHT).append("\" height=\"")
                .append(height - top - BOTTOM).append("\"/></clipPath></defs>");
        return this;
    }

    /** Opens a group clipped to the plot area (marks that may reach beyond the axes). */
    Plot clipped() {
        sb.append("<g clip-path=\"url(#").append(clipId).append(")\">");
        return this;
    }

    Plot endGroup() {
        sb.append("</g>");
        return this;
    }

    /** Time ticks below, value ticks on the left (formatted by {@code unit}), and light grid lines. */
    Plot axes(String unit) {
        return axes(unit, true);
    }

    /** As {@link #axes(String)}; without value ticks when the vertical position is a lane, not a value. */
    Plot axes(String unit, boolean values) {
        long span = x1 - x0;
        long step = TIME_STEPS[TIME_STEPS.length - 1];
        for (long s : TIME_STEPS) {
            if (span / s <= 8) {
                step = s;
                break;
            }
        }
        boolean days = span > 86_400_000L || step >= 86_400_000L;
        sb.append("<g class=\"axis\">");
        for (long t = Math.floorDiv(x0, step) * step + step; t < x1; t += step) {
            double px = x(t);
            sb.append("<line class=\"grid\" x1=\"").append(f(px)).append("\" x2=\"").append(f(px)).append("\" y1=\"").append(top)
                    .append("\" y2=\"").append(height - BOTTOM).append("\"/>");
            sb.append("<text x=\"").append(f(px)).append("\" y=\"").append(height - BOTTOM + 14).append("\" text-anchor=\"middle\">")
                    .append(Html.tick(t, days)).append("</text>");
        }
        double ystep = niceStep((y1 - y0) / 5);
        for (double v = Math.ceil(y0 / ystep) * ystep; values && v <= y1; v += ystep) {
            double py = y(v);
            sb.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"")
                    .append(f(py)).append("\" y2=\"").append(f(py)).append("\"/>");
            sb.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(f(py + 4)).append("\" text-anchor=\"end\">")
                    .append(Html.text(Html.number(Math.abs(v) < ystep / 1e6 ? 0 : v) + unit)).append("</text>");
        }
        sb.append("<line class=\"frame\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT).append("\" y1=\"").append(top)
                .append("\" y2=\"").append(height - BOTTOM).append("\"/>");
        sb.append("<line class=\"frame\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"")
                .append(height - BOTTOM).append("\" y2=\"").append(height - BOTTOM).append("\"/>");
        sb.append("<text class=\"caption\" x=\"").append(WIDTH - RIGHT).append("\" y=\"").append(height - 2)
                .append("\" text-anchor=\"end\">UTC, event time</text>");
        sb.append("</g>");
        return this;
    }

    static double niceStep(double raw) {
        if (!(raw > 0) || !Double.isFinite(raw)) {
            return 1;
        }
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double n = raw / mag;
        return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * mag;
    }

    /** A line through the points (class {@code data} marks drawn data for tests and styles). */
    Plot polyline(List<ColumnEnvelope.Point> points, String cls, String title) {
        if (points.isEmpty()) {
            return this;
        }
        sb.append("<polyline class=\"data ").append(cls).append("\" points=\"");
        for (ColumnEnvelope.Point p : points) {
            sb.append(f(x(p.ts()))).append(',').append(f(y(p.value()))).append(' ');
        }
        sb.setLength(sb.length() - 1);
        sb.append("\">");
        if (title != null) {
            sb.append("<title>").append(Html.text(title)).append("</title>");
        }
        sb.append("</polyline>");
        return this;
    }

    Plot dot(long ts, double v, double r, String cls, String title) {
        sb.append("<circle class=\"data ").append(cls).append("\" cx=\"").append(f(x(ts))).append("\" cy=\"").append(f(y(v)))
                .append("\" r=\"").append(f(r)).append("\">");
        if (title != null) {
            sb.append("<title>").append(Html.text(title)).append("</title>");
        }
        sb.append("</circle>");
        return this;
    }

    Plot line(long ta, double va, long tb, double vb, String cls) {
        sb.append("<line class=\"").append(cls).append("\" x1=\"").append(f(x(ta))).append("\" y1=\"").append(f(y(va)))
                .append("\" x2=\"").append(f(x(tb))).append("\" y2=\"").append(f(y(vb))).append("\"/>");
        return this;
    }

    Plot polygon(double[][] tsValue, String cls) {
        sb.append("<polygon class=\"").append(cls).append("\" points=\"");
        for (double[] p : tsValue) {
            sb.append(f(x((long) p[0]))).append(',').append(f(y(p[1]))).append(' ');
        }
        sb.setLength(sb.length() - 1);
        sb.append("\"/>");
        return this;
    }

    /** A vertical mark with a label at the top (fired, resolved, began). */
    Plot vmark(long ts, String label, String cls) {
        return vmark(ts, label, cls, 0);
    }

    /** As above with the label {@code drop} pixels lower (marks close together). */
    Plot vmark(long ts, String label, String cls, int drop) {
        if (ts < x0 || ts > x1) {
            return this;
        }
        double px = x(ts);
        sb.append("<g class=\"mark ").append(cls).append("\"><line x1=\"").append(f(px)).append("\" x2=\"").append(f(px))
                .append("\" y1=\"").append(top).append("\" y2=\"").append(height - BOTTOM).append("\"/><text x=\"").append(f(px + 3))
                .append("\" y=\"").append(top + 10 + drop).append("\">").append(Html.text(label)).append("</text></g>");
        return this;
    }

    /** A horizontal reference level with a label at its right end. */
    Plot hline(double v, String label, String cls) {
        if (!Double.isFinite(v) || v < y0 || v > y1) {
            return this;
        }
        double py = y(v);
        sb.append("<g class=\"ref ").append(cls).append("\"><line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT)
                .append("\" y1=\"").append(f(py)).append("\" y2=\"").append(f(py)).append("\"/><text x=\"").append(WIDTH - RIGHT - 4)
                .append("\" y=\"").append(f(py - 4)).append("\" text-anchor=\"end\">").append(Html.text(label)).append("</text></g>");
        return this;
    }

    /** A shaded time span (an experiment's window) with a label. */
    Plot span(long from, long to, String label, String cls) {
        long a = Math.max(from, x0);
        long b = Math.min(to, x1);
        if (b <= a) {
            return this;
        }
        sb.append("<g class=\"span ").append(cls).append("\"><rect x=\"").append(f(x(a))).append("\" y=\"").append(top)
                .append("\" width=\"").append(f(x(b) - x(a))).append("\" height=\"").append(height - top - BOTTOM)
                .append("\"/><text x=\"").append(f(x(a) + 3)).append("\" y=\"").append(height - BOTTOM - 4).append("\">")
                .append(Html.text(label)).append("</text></g>");
        return this;
    }

    /** Free text at a position in pixels. */
    Plot text(double px, double py, String text, String anchor, String cls) {
        sb.append("<text class=\"").append(cls).append("\" x=\"").append(f(px)).append("\" y=\"").append(f(py))
                .append("\" text-anchor=\"").append(anchor).append("\">").append(Html.text(text)).append("</text>");
        return this;
    }

    /** Markup built by a caller that escaped every text in it. */
    Plot raw(String markup) {
        sb.append(markup);
        return this;
    }

    String close() {
        sb.append("</svg>");
        return sb.toString();
    }
}
