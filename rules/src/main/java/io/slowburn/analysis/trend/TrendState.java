package io.slowburn.analysis.trend;

import io.slowburn.analysis.AnalysisState;
import io.slowburn.analysis.Assessment;
import io.slowburn.analysis.Condition;
import io.slowburn.analysis.stats.NumberText;
import io.slowburn.analysis.window.BucketRing;
import io.slowburn.analysis.window.Watermark;
import io.slowburn.model.MetricSample;
import io.slowburn.model.Observation;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Per-series state of {@link TrendToLimitAnalysis}: two bucket rings, the current level and the last fit. */
final class TrendState implements AnalysisState {

    private static final byte VERSION = 1;

    private final TrendToLimitAnalysis a;
    private final Watermark clock;
    /** {@code bucket}-wide buckets: only as many as lateness needs, for the current level. */
    private final BucketRing fine;
    /** The fit buckets over the window, coarsened as the history grows. */
    private final BucketRing fit;
    private double level = Double.NaN;
    private long levelBucket = Long.MIN_VALUE;
    private double sampleLimit = Double.NaN;
    private long fittedThrough = Long.MIN_VALUE;
    private TrendFit lastFit = TrendFit.NONE;
    /** Rebuilt only when the level, the limit or the fit changed: most samples return it as is. */
    private Assessment cached;

    TrendState(TrendToLimitAnalysis analysis) {
        this.a = analysis;
        this.clock = new Watermark(analysis.latenessMs);
        this.fine = new BucketRing(analysis.fineCapacity, analysis.bucketMs);
        this.fit = new BucketRing(analysis.fitCapacity, analysis.bucketMs);
    }

    @Override
    public Assessment observe(Observation observation) {
        if (!(observation instanceof MetricSample sample) || Double.isNaN(sample.value())) {
            return current(null);
        }
        long ts = sample.ts();
        if (!clock.accept(ts)) {
            return Assessment.late();
        }
        if (sample.limit() != null && sample.limit() > 0 && sample.limit() != sampleLimit) {
            sampleLimit = sample.limit();
            cached = null;
        }
        coarsenToHold(ts);
        fine.add(ts, sample.value());
        fit.add(ts, sample.value());
        long settled = clock.settled();
        long closedFine = Math.floorDiv(settled, a.bucketMs) - 1;
        if (closedFine > levelBucket) {
            updateLevel(closedFine);
        }
        long closedFitEnd = Math.floorDiv(settled, fit.width()) * fit.width();
        if (closedFitEnd > fittedThrough) {
            fittedThrough = closedFitEnd;
            lastFit = TrendFit.of(fit, closedFitEnd - a.windowMs, closedFitEnd, a.floor, a.confidence,
                    TrendToLimitAnalysis.MIN_FIT_POINTS);
            cached = null;
        }
        return current(sample.metric());
    }

    /** Doubles the fit width (up to the target) before a new bucket would push history out of the ring. */
    private void coarsenToHold(long ts) {
        while (fit.width() < a.targetFitWidthMs
                && fit.indexOf(ts) - fit.indexOf(clock.first()) >= fit.capacity() - 1) {
            fit.coarsen();
        }
    }

    private void updateLevel(long closedFine) {
        for (long i = closedFine; i > levelBucket && i >= fine.oldest(); i--) {
            if (fine.count(i) > 0) {
                level = a.floor ? fine.min(i) : fine.mean(i);
                cached = null;
                break;
            }
        }
        levelBucket = closedFine;
    }

    private double limit() {
        return Double.isNaN(sampleLimit) ? a.limit : sampleLimit;
    }

    private Assessment current(String metric) {
        if (cached == null || cached.condition() == Condition.INSUFFICIENT_DATA) {
            cached = assess(metric == null ? "series" : metric);
        }
        return cached;
    }

    private Assessment assess(String metric) {
        if (clock.history() < a.minHistoryMs) {
            return Assessment.insufficientData(NumberText.duration(clock.history() / 1000.0) + " of history, needs "
                    + NumberText.duration(a.minHistoryMs / 1000.0));
        }
        if (!lastFit.valid(TrendToLimitAnalysis.MIN_FIT_POINTS) || Double.isNaN(level)) {
            return Assessment.insufficientData(lastFit.points() + " closed buckets, needs " + TrendToLimitAnalysis.MIN_FIT_POINTS);
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("slope_per_hour", lastFit.slopePerHour());
        evidence.put("slope_upper_per_hour", lastFit.upperPerHour());
        evidence.put("p_value", lastFit.pIncrease());
        evidence.put("level", level);
        evidence.put("buckets", lastFit.points());
        double limit = limit();
        double ttlPessimistic = Double.POSITIVE_INFINITY;
        if (!Double.isNaN(limit)) {
            evidence.put("limit", limit);
            ttlPessimistic = secondsToLimit(limit, lastFit.upperPerHour());
            double ttlExpected = secondsToLimit(limit, lastFit.slopePerHour());
            if (Double.isFinite(ttlPessimistic)) {
                evidence.put("time_to_limit_s", ttlPessimistic);
            }
            if (Double.isFinite(ttlExpected)) {
                evidence.put("time_to_limit_expected_s", ttlExpected);
            }
        }
        Map<String, Object> frozen = Collections.unmodifiableMap(evidence);
        boolean significant = lastFit.pIncrease() <= a.maxPValue && lastFit.slopePerHour() > 0;
        if (significant && ttlPessimistic <= a.horizonMs / 1000.0) {
            String what = metric + (a.floor ? " floor" : "");
            String summary = what + " rising " + NumberText.compact(lastFit.slopePerHour()) + "/h (p="
                    + NumberText.compact(lastFit.pIncrease()) + "); limit " + NumberText.compact(limit) + " reached in ~"
                    + NumberText.duration(ttlPessimistic) + " (pessimistic)";
            return Assessment.anomalous(frozen, summary);
        }
        return Assessment.normal(frozen);
    }

    /** Seconds from the current level to the limit at the given slope; 0 when already there, infinite when not rising. */
    private double secondsToLimit(double limit, double slopePerHour) {
        if (level >= limit) {
            return 0;
        }
        if (!(slopePerHour > 0)) {
            return Double.POSITIVE_INFINITY;
        }
        return (limit - level) / slopePerHour * 3600.0;
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(VERSION);
        clock.writeTo(out);
        fine.writeTo(out);
        fit.writeTo(out);
        out.writeDouble(level);
        out.writeLong(levelBucket);
        out.writeDouble(sampleLimit);
        out.writeLong(fittedThrough);
        // The fit is stored, not recomputed, so that reading a state costs no O(n²) work.
        out.writeShort(lastFit.points());
        out.writeDouble(lastFit.slopePerHour());
        out.writeDouble(lastFit.upperPerHour());
        out.writeDouble(lastFit.pIncrease());
    }

    void readFrom(DataInput in) throws IOException {
        byte version = in.readByte();
        if (version != VERSION) {
            throw new IOException("unknown trend_to_limit state version '" + version + "'");
        }
        clock.readFrom(in);
        fine.readFrom(in);
        fit.readFrom(in);
        level = in.readDouble();
        levelBucket = in.readLong();
        sampleLimit = in.readDouble();
        fittedThrough = in.readLong();
        lastFit = new TrendFit(in.readShort(), in.readDouble(), in.readDouble(), in.readDouble());
        cached = null;
    }
}
