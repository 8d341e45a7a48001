package io.slowburn.analysis.latency;

import io.slowburn.analysis.AnalysisState;
import io.slowburn.analysis.Assessment;
import io.slowburn.analysis.stats.Medians;
import io.slowburn.analysis.stats.NumberText;
import io.slowburn.analysis.stats.SortedBaseline;
import io.slowburn.analysis.window.BucketRing;
import io.slowburn.analysis.window.Watermark;
import io.slowburn.model.MetricSample;
import io.slowburn.model.Observation;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Per-series state of {@link LevelShiftAnalysis}: open buckets, the baseline's bucket means, the last judgement. */
final class LevelShiftState implements AnalysisState {

    /** 2 adds the shift's change point; a version 1 state reads as one without it. */
    private static final byte VERSION = 2;
    private static final long NONE = Long.MIN_VALUE;
    /** MAD to standard deviation for normal noise. */
    private static final double MAD_SCALE = 1.4826;

    private final LevelShiftAnalysis a;
    private final Watermark clock;
    private final BucketRing open;
    /** Baseline bucket means by bucket index modulo its length; NaN when empty. */
    private final float[] baseline;
    /** The baseline's bucket means sorted, for its median and spread at each close; built from it when first needed. */
    private SortedBaseline sortedBaseline;
    private long lastClosed = NONE;
    private long shiftedSince = NONE;
    /**
     * The change point of the shift under way: the start of the first bucket of the run of shifted buckets in which
     * the shift was first seen; NONE while there is no shift (or in a state stored before it was kept).
     */
    private long shiftOnset = NONE;
    private double level = Double.NaN;
    private double median = Double.NaN;
    private double mad = Double.NaN;
    private int learnt;
    private Assessment cached;

    LevelShiftState(LevelShiftAnalysis analysis) {
        this.a = analysis;
        this.clock = new Watermark(analysis.latenessMs);
        this.open = new BucketRing(analysis.openCapacity, analysis.bucketMs);
        this.baseline = new float[analysis.baselineBuckets];
        Arrays.fill(baseline, Float.NaN);
    }

    @Override
    public Assessment observe(Observation observation) {
        if (!(observation instanceof MetricSample sample) || Double.isNaN(sample.value())) {
            return current(null);
        }
        if (!clock.accept(sample.ts())) {
            return Assessment.late();
        }
        open.add(sample.ts(), sample.value());
        long closedEnd = Math.floorDiv(clock.settled(), a.bucketMs);
        if (lastClosed == NONE) {
            lastClosed = closedEnd - 1;
        }
        // After a gap longer than the open ring, the buckets in between are empty: closing them one by one would only
        // repeat "no level" (and cost a baseline summary each), so skip to the first that can hold a sample.
        if (closedEnd - 1 - lastClosed > a.openCapacity) {
            lastClosed = closedEnd - 1 - a.openCapacity;
        }
        while (lastClosed < closedEnd - 1) {
            close(++lastClosed);
        }
        return current(sample.metric());
    }

    /** Bucket {@code index} is final: judge the recent buckets against the baseline, then learn what left them. */
    private void close(long index) {
        double[] recent = new double[a.recentBuckets];
        int n = 0;
        for (long i = index - a.recentBuckets + 1; i <= index; i++) {
            if (open.count(i) > 0) {
                recent[n++] = open.mean(i);
            }
        }
        level = n == 0 ? Double.NaN : Medians.of(recent, n);
        summarizeBaseline();
        boolean shifted = shifted();
        long closeTime = (index + 1) * a.bucketMs;
        if (shifted && shiftedSince == NONE) {
            shiftedSince = closeTime;
            shiftOnset = changePoint(index);
        } else if (!shifted) {
            shiftedSince = NONE;
            shiftOnset = NONE;
        }
        if (shifted && closeTime - shiftedSince >= a.relearnAfterMs) {
            // Shifted for so long that it is the new normal: learn it afresh rather than alert for ever.
            Arrays.fill(baseline, Float.NaN);
            sortedBaseline = null;
            learnt = 0;
            shiftedSince = NONE;
        }
        long leaving = index - a.recentBuckets + 1;
        if (!shifted && open.count(leaving) > 0) {
            int slot = (int) Math.floorMod(leaving, (long) baseline.length);
            if (Float.isNaN(baseline[slot])) {
                learnt++;
            }
            float mean = (float) open.mean(leaving);
            if (sortedBaseline != null) {
                sortedBaseline.replace(baseline[slot], mean);
            }
            baseline[slot] = mean;
        }
        // Slots older than the baseline span hold what an earlier pass wrote: the ring overwrites them in turn.
        cached = null;
    }

    /**
     * The start of the oldest bucket of the newest run of buckets whose own means are shifted, looking back from
     * {@code index} as far as the open buckets reach: the bucket where the step happened, to a bucket's width.
     */
    private long changePoint(long index) {
        long first = NONE;
        for (long i = index; i > index - a.openCapacity; i--) {
            boolean high = open.count(i) > 0 && shifted(open.mean(i));
            if (high) {
                first = i;
            } else if (first != NONE) {
                break;
            }
        }
        return first == NONE ? NONE : first * a.bucketMs;
    }

    /** The median of the baseline's bucket means and their median absolute deviation (as {@link Medians#of} gives them). */
    private void summarizeBaseline() {
        if (sortedBaseline == null) {
            sortedBaseline = new SortedBaseline(baseline);
        }
        median = sortedBaseline.median();
        mad = sortedBaseline.medianDeviation(median);
    }

    private boolean enoughBaseline() {
        return learnt >= Math.max(10, a.baselineBuckets / 2) && clock.history() >= a.minHistoryMs;
    }

    private boolean shifted() {
        if (!enoughBaseline() || Double.isNaN(level) || !(median > 0)) {
            return false;
        }
        return shifted(level);
    }

    private boolean shifted(double value) {
        return value >= a.multiple * median && (value - median) >= a.minDeviations * MAD_SCALE * mad;
    }

    private Assessment current(String metric) {
        if (cached == null) {
            cached = assess(metric == null ? "series" : metric);
        }
        return cached;
    }

    private Assessment assess(String metric) {
        if (!enoughBaseline() || Double.isNaN(level)) {
            int learntSoFar = learnt;
            return Assessment.insufficientData(() -> learntSoFar + " baseline buckets learnt, needs "
                    + Math.max(10, a.baselineBuckets / 2) + " and " + NumberText.duration(a.minHistoryMs / 1000.0) + " of history");
        }
        double sigma = MAD_SCALE * mad;
        double levelNow = level;
        double medianNow = median;
        double madNow = mad;
        int learntNow = learnt;
        Supplier<Map<String, Object>> evidence = () -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("level", levelNow);
            e.put("baseline_median", medianNow);
            e.put("baseline_mad", madNow);
            e.put("ratio", medianNow > 0 ? levelNow / medianNow : Double.NaN);
            e.put("deviations", sigma > 0 ? (levelNow - medianNow) / sigma : Double.POSITIVE_INFINITY);
            e.put("baseline_buckets", learntNow);
            return e;
        };
        if (!shifted()) {
            return Assessment.normal(evidence);
        }
        return Assessment.anomalous(evidence.get(), metric + " at " + NumberText.compact(level) + ", "
                + NumberText.compact(level / median) + "x its baseline median " + NumberText.compact(median) + " ("
                + (sigma > 0 ? NumberText.compact((level - median) / sigma) : "inf") + " robust deviations above)")
                .withOnset(shiftOnset == NONE ? Assessment.NO_ONSET : shiftOnset);
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(VERSION);
        clock.writeTo(out);
        open.writeTo(out);
        out.writeLong(lastClosed);
        out.writeLong(shiftedSince);
        out.writeLong(shiftOnset);
        out.writeDouble(level);
        out.writeDouble(median);
        out.writeDouble(mad);
        out.writeShort(learnt);
        for (float v : baseline) {
            out.writeFloat(v);
        }
    }

    void readFrom(DataInput in) throws IOException {
        byte version = in.readByte();
        if (version != VERSION && version != 1) {
            throw new IOException("unknown level_shift state version '" + version + "'");
        }
        clock.readFrom(in);
        open.readFrom(in);
        lastClosed = in.readLong();
        shiftedSince = in.readLong();
        shiftOnset = version == 1 ? NONE : in.readLong();
        level = in.readDouble();
        median = in.readDouble();
        mad = in.readDouble();
        learnt = in.readShort();
        for (int i = 0; i < baseline.length; i++) {
            baseline[i] = in.readFloat();
        }
        sortedBaseline = null;
        cached = null;
    }
}
