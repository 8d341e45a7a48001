package io.slowburn.analysis.trend;

import io.slowburn.analysis.Assessment;

/**
 * Where a rise seen on one rung began: the knee of the best continuous "flat, then a straight rise" fit
 * ({@code y = b + m * max(0, t - knee)}, least squares, the knee at each bucket in turn) to the rung's buckets. A
 * rise under way for the rung's whole stretch puts the knee on its oldest bucket: the onset is then the stretch's
 * start, a lower bound on how long the rise has gone on (the estimate errs late, never early). Pure arithmetic on
 * the buckets the fit already holds: no extra state, twelve small regressions once per bucket close of a firing call.
 */
final class RampOnset {

    private RampOnset() {
    }

    /**
     * The onset (event time) of the rise on the non-empty buckets of {@code ring} with indexes in
     * {@code [end - buckets, end)}; {@link Assessment#NO_ONSET} when fewer than three buckets hold a level or the
     * best fit does not rise.
     */
    static long of(LevelRing ring, long end, int buckets) {
        return onset(ring, end, buckets, true);
    }

    /**
     * As {@link #of(LevelRing, long, int)}, but only an onset inside the stretch: {@link Assessment#NO_ONSET} when the
     * knee falls on the oldest bucket (a rise that fills the stretch began before it, and when is not known here).
     */
    static long within(LevelRing ring, long end, int buckets) {
        return onset(ring, end, buckets, false);
    }

    private static long onset(LevelRing ring, long end, int buckets, boolean fromStart) {
        long[] index = new long[buckets];
        double[] y = new double[buckets];
        int n = 0;
        for (long i = end - buckets; i < end; i++) {
            if (ring.count(i) > 0) {
                index[n] = i;
                y[n] = ring.value(i);
                n++;
            }
        }
        if (n < 3) {
            return Assessment.NO_ONSET;
        }
        int best = -1;
        double bestSse = Double.POSITIVE_INFINITY;
        // Knees from the newest possible one back: on a tie the later knee stands (an onset that errs late).
        for (int knee = n - 2; knee >= 0; knee--) {
            double sse = hingeSse(index, y, n, knee);
            if (sse < bestSse) {
                bestSse = sse;
                best = knee;
            }
        }
        if (best < 0) {
            return Assessment.NO_ONSET;
        }
        long width = ring.width();
        // The knee's bucket is the last flat one: the rise began at its end; on the oldest bucket, at the stretch's start.
        if (best == 0) {
            return fromStart ? index[0] * width : Assessment.NO_ONSET;
        }
        return (index[best] + 1) * width;
    }

    /**
     * The onset of what {@code call} reports, on the rung whose buckets place it best: the rung the call rests on (its
     * span says which); for a saturated call, the shortest rung whose stretch still starts below the saturation
     * {@code mark} (the one that saw the fill cross it, on the finest buckets). Read from the rings and the call
     * alone, never from fits kept in memory, so that a state read from bytes dates a finding as the one that stayed
     * in memory. {@link Assessment#NO_ONSET} when nothing is called or no rung qualifies.
     */
    static long of(TrendCall call, LevelRing[] rungs, long settled, double mark) {
        if (call.tier() == 0 || call.fit() == null) {
            return Assessment.NO_ONSET;
        }
        int points = TrendToLimitAnalysis.POINTS;
        for (int k = 0; call.saturated() && k < rungs.length; k++) {
            long end = Math.floorDiv(settled, rungs[k].width());
            if (oldest(rungs[k], end, points) < mark) {
                return of(rungs[k], end, points);
            }
        }
        int k = rungOf(rungs, call.fit());
        return k < 0 ? Assessment.NO_ONSET : of(rungs[k], Math.floorDiv(settled, rungs[k].width()), points);
    }

    /** The index of the rung whose span is {@code fit}'s (fits carry their span, not their rung); -1 when none. */
    static int rungOf(LevelRing[] rungs, RungFit fit) {
        for (int k = 0; k < rungs.length; k++) {
            double spanHours = TrendToLimitAnalysis.POINTS * rungs[k].width() / 3_600_000.0;
            if (Math.abs(spanHours - fit.spanHours()) <= 1e-3 * spanHours) {
                return k;
            }
        }
        return -1;
    }

    /** The oldest level in the stretch {@code [end - buckets, end)}; NaN when it holds none. */
    private static double oldest(LevelRing ring, long end, int buckets) {
        for (long i = end - buckets; i < end; i++) {
            if (ring.count(i) > 0) {
                return ring.value(i);
            }
        }
        return Double.NaN;
    }

    /** Residual sum of squares of the least-squares hinge with its knee at bucket {@code knee}; infinite if it does not rise. */
    static double hingeSse(long[] index, double[] y, int n, int knee) {
        double sz = 0;
        double sy = 0;
        double szz = 0;
        double szy = 0;
        for (int i = 0; i < n; i++) {
            double z = Math.max(0, index[i] - index[knee]);
            sz += z;
            sy += y[i];
            szz += z * z;
            szy += z * y[i];
        }
        double det = n * szz - sz * sz;
        if (det <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        double m = (n * szy - sz * sy) / det;
        if (!(m > 0)) {
            return Double.POSITIVE_INFINITY;
        }
        double b = (sy - m * sz) / n;
        double sse = 0;
        for (int i = 0; i < n; i++) {
            double r = y[i] - b - m * Math.max(0, index[i] - index[knee]);
            sse += r * r;
        }
        return sse;
    }
}
