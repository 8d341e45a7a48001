package io.slowburn.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Downsampling for drawing, in constant memory while the telemetry streams by: the time range is cut into one column
 * per pixel, and each column keeps its first, last, lowest and highest point (M4). A line through them, in time order,
 * draws the same picture as every raw point at that width, with at most four points per column.
 */
final class ColumnEnvelope {

    private final long from;
    private final long maxTo;
    private long to;
    private final int columns;
    private final long[] firstTs;
    private final double[] firstV;
    private final long[] lastTs;
    private final double[] lastV;
    private final long[] minTs;
    private final double[] minV;
    private final long[] maxTs;
    private final double[] maxV;
    private final int[] count;
    private long points;

    /**
     * Columns over [from, to]; a point after {@code to} (an incident still firing: its end is not known before the scan
     * ends) doubles the span, merging columns pairwise, up to {@code maxTo}.
     */
    ColumnEnvelope(long from, long to, long maxTo, int columns) {
        if (to <= from || maxTo < to || columns < 2 || columns % 2 != 0) {
            throw new IllegalArgumentException("need from < to <= maxTo and an even columns >= 2, got [" + from + ", " + to + ", "
                    + maxTo + "], " + columns);
        }
        this.from = from;
        this.to = to;
        this.maxTo = maxTo;
        this.columns = columns;
        firstTs = new long[columns];
        firstV = new double[columns];
        lastTs = new long[columns];
        lastV = new double[columns];
        minTs = new long[columns];
        minV = new double[columns];
        maxTs = new long[columns];
        maxV = new double[columns];
        count = new int[columns];
    }

    void add(long ts, double v) {
        if (ts < from || ts > maxTo || !Double.isFinite(v)) {
            return;
        }
        while (ts > to) {
            widen();
        }
        int c = (int) Math.min(columns - 1, (ts - from) * columns / (to - from));
        points++;
        if (count[c]++ == 0) {
            firstTs[c] = lastTs[c] = minTs[c] = maxTs[c] = ts;
            firstV[c] = lastV[c] = minV[c] = maxV[c] = v;
            return;
        }
        if (ts < firstTs[c]) {
            firstTs[c] = ts;
            firstV[c] = v;
        }
        if (ts >= lastTs[c]) {
            lastTs[c] = ts;
            lastV[c] = v;
        }
        if (v < minV[c]) {
            minV[c] = v;
            minTs[c] = ts;
        }
        if (v > maxV[c]) {
            maxV[c] = v;
            maxTs[c] = ts;
        }
    }

    /** Doubles the span: column {@code c} becomes the merge of columns {@code 2c} and {@code 2c+1}. */
    private void widen() {
        for (int c = 0; c < columns / 2; c++) {
            int a = 2 * c;
            int b = a + 1;
            if (count[a] == 0 && count[b] == 0) {
                count[c] = 0;
                continue;
            }
            int first = count[a] > 0 ? a : b;
            int last = count[b] > 0 ? b : a;
            int lo = count[b] > 0 && (count[a] == 0 || minV[b] < minV[a]) ? b : a;
            int hi = count[b] > 0 && (count[a] == 0 || maxV[b] > maxV[a]) ? b : a;
            firstTs[c] = firstTs[first];
            firstV[c] = firstV[first];
            lastTs[c] = lastTs[last];
            lastV[c] = lastV[last];
            minTs[c] = minTs[lo];
            minV[c] = minV[lo];
            maxTs[c] = maxTs[hi];
            maxV[c] = maxV[hi];
            count[c] = count[a] + count[b];
        }
        Arrays.fill(count, columns / 2, columns, 0);
        to = Math.min(maxTo, from + 2 * (to - from));
    }

    /** Raw points added. */
    long points() {
        return points;
    }

    /** The kept points in time order: at most four per column, duplicates removed. */
    List<Point> kept() {
        List<Point> out = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            if (count[c] == 0) {
                continue;
            }
            Point[] four = {new Point(firstTs[c], firstV[c]), new Point(minTs[c], minV[c]), new Point(maxTs[c], maxV[c]),
                new Point(lastTs[c], lastV[c])};
            Arrays.sort(four, Comparator.comparingLong(Point::ts));
            Point prev = null;
            for (Point p : four) {
                if (!p.equals(prev)) {
                    out.add(p);
                }
                prev = p;
            }
        }
        return out;
    }

    /** One drawn point. */
    record Point(long ts, double value) {
    }
}
