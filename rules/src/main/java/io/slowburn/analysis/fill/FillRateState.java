package io.slowburn.analysis.fill;

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

/** Per-series state of {@link FillRateAnalysis}: open buckets, the baseline's rises, the last close's numbers. */
final class FillRateState implements AnalysisState {

    private static final byte VERSION = 1;
    private static final long NONE = Long.MIN_VALUE;
    /** MAD to standard deviation for normal noise. */
    private static final double MAD_SCALE = 1.4826;
    private static final double HOUR_MS = 3_600_000.0;

    private final FillRateAnalysis a;
    private final Watermark clock;
    private final BucketRing open;
    /** Baseline rises by bucket index modulo its length; NaN when empty. */
    private final float[] baseline;
    /** The baseline's rises sorted, for its median and spread at each close; built from it when first needed. */
    private SortedBaseline sortedBaseline;
    private long lastClosed = NONE;
    /** The newest closed bucket's mean (NaN when the recent buckets hold none). */
    private double level = Double.NaN;
    /** The rise per bucket that more than half of the recent rises reach, and how many rises it rests on. */
    private double pace = Double.NaN;
    private int paceRises;
    private double usualRise = Double.NaN;
    private double usualMad = Double.NaN;
    private int learnt;
    private double sampleLimit = Double.NaN;
    private Assessment cached;

    FillRateState(FillRateAnalysis analysis) {
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
        if (sample.limit() != null && sample.limit() > 0 && sample.limit() != sampleLimit) {
            sampleLimit = sample.limit();
            cached = null;
        }
        open.add(sample.ts(), sample.value());
        long closedEnd = Math.floorDiv(clock.settled(), a.bucketMs);
        if (lastClosed == NONE) {
            lastClosed = closedEnd - 1;
        }
        // After a gap longer than the open ring, the buckets in between are empty: skip to the first that can hold one.
        if (closedEnd - 1 - lastClosed > a.openCapacity) {
            lastClosed = closedEnd - 1 - a.openCapacity;
        }
        while (lastClosed < closedEnd - 1) {
            close(++lastClosed);
        }
        return current(sample.metric());
    }

    /** Bucket {@code index} is final: the level and pace of the recent buckets, then learn the rise that left them. */
    private void close(long index) {
        double[] rises = new double[a.recentBuckets];
        int n = 0;
        level = Double.NaN;
        for (long i = index - a.recentBuckets + 1; i <= index; i++) {
            double rise = rise(i);
            if (!Double.isNaN(rise)) {
                rises[n++] = rise;
            }
            if (open.count(i) > 0) {
                level = open.mean(i);
            }
        }
        paceRises = n;
        pace = n == 0 ? Double.NaN : lowerMedian(rises, n);
        summarizeBaseline();
        long leaving = index - a.recentBuckets;
        double leavingRise = rise(leaving);
        if (!filling(limit()) && !Double.isNaN(leavingRise)) {
            int slot = (int) Math.floorMod(leaving, (long) baseline.length);
            if (Float.isNaN(baseline[slot])) {
                learnt++;
            }
            if (sortedBaseline != null) {
                sortedBaseline.replace(baseline[slot], (float) leavingRise);
            }
            baseline[slot] = (float) leavingRise;
        }
        // Slots older than the baseline span hold what an earlier pass wrote: the ring overwrites them in turn.
        cached = null;
    }

    /**
     * The rise that more than half of the {@code n} rises reach: the lower of the two middle ones for an even count. A
     * step that takes up to half the recent buckets (a bucket mean caught half-way, a service started in stages) has no
     * pace; the plain median of six rises, three of them the step's, would give it half the step's rise.
     */
    static double lowerMedian(double[] values, int n) {
        double[] copy = Arrays.copyOf(values, n);
        Arrays.sort(copy);
        return copy[(n - 1) / 2];
    }

    /** How much bucket {@code i}'s mean is above the one before it; NaN when either is empty. */
    private double rise(long i) {
        return open.count(i) > 0 && open.count(i - 1) > 0 ? open.mean(i) - open.mean(i - 1) : Double.NaN;
    }

    /** The median of the baseline's rises and their median absolute deviation (as {@link Medians#of} gives them). */
    private void summarizeBaseline() {
        if (sortedBaseline == null) {
            sortedBaseline = new SortedBaseline(baseline);
        }
        usualRise = sortedBaseline.median();
        usualMad = sortedBaseline.medianDeviation(usualRise);
    }

    private double limit() {
        return Double.isNaN(sampleLimit) ? a.limit : sampleLimit;
    }

    private int neededBaseline() {
        return Math.max(10, a.baselineBuckets / 2);
    }

    /** Enough of everything to judge: baseline rises, history, a level and a pace resting on half the recent rises. */
    private boolean judgeable() {
        return learnt >= neededBaseline() && clock.history() >= a.minHistoryMs && !Double.isNaN(level)
                && paceRises >= Math.max(2, (a.recentBuckets + 1) / 2);
    }

    /** Milliseconds until the limit at the pace (0 at or past it); infinite when the level does not rise. */
    private double msToLimit(double limit) {
        if (!(pace > 0)) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.max(0, limit - level) / pace * a.bucketMs;
    }

    /** The pace in standard errors above the usual rise; infinite when the usual rises do not vary at all. */
    private double deviations() {
        double standardError = MAD_SCALE * usualMad / Math.sqrt(paceRises);
        return standardError > 0 ? (pace - usualRise) / standardError
                : pace > usualRise ? Double.POSITIVE_INFINITY : 0;
    }

    private boolean filling(double limit) {
        return judgeable() && limit > 0 && msToLimit(limit) <= a.horizonMs && deviations() >= a.minDeviations;
    }

    private Assessment current(String metric) {
        if (cached == null) {
            cached = assess(metric == null ? "series" : metric);
        }
        return cached;
    }

    private Assessment assess(String metric) {
        if (!judgeable()) {
            int learntSoFar = learnt;
            return Assessment.insufficientData(() -> learntSoFar + " baseline rises learnt, needs " + neededBaseline() + " and "
                    + NumberText.duration(a.minHistoryMs / 1000.0) + " of history");
        }
        double limit = limit();
        if (!(limit > 0)) {
            return Assessment.insufficientData("no limit: the samples carry none and the rule sets none");
        }
        double perHour = HOUR_MS / a.bucketMs;
        double levelNow = level;
        double paceNow = pace;
        double usualNow = usualRise;
        double deviationsNow = deviations();
        int learntNow = learnt;
        double ms = msToLimit(limit);
        Supplier<Map<String, Object>> evidence = () -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("level", levelNow);
            e.put("pace_per_hour", paceNow * perHour);
            e.put("usual_rise_per_hour", usualNow * perHour);
            e.put("deviations", deviationsNow);
            e.put("baseline_buckets", learntNow);
            e.put("limit", limit);
            if (ms < Double.POSITIVE_INFINITY) {
                e.put("time_to_limit_s", ms / 1000);
            }
            return e;
        };
        if (!filling(limit)) {
            return Assessment.normal(evidence);
        }
        return Assessment.anomalous(evidence.get(), metric + " at " + NumberText.compact(100 * levelNow / limit) + "% of its limit "
                + NumberText.compact(limit) + ", filling at " + NumberText.compact(paceNow * perHour) + "/h over the last "
                + NumberText.duration(a.recentBuckets * a.bucketMs / 1000.0) + " ("
                + (deviationsNow < Double.POSITIVE_INFINITY ? NumberText.compact(deviationsNow) : "inf")
                + " standard errors above its usual rise): limit reached in ~" + NumberText.duration(ms / 1000));
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(VERSION);
        clock.writeTo(out);
        open.writeTo(out);
        out.writeLong(lastClosed);
        out.writeDouble(level);
        out.writeDouble(pace);
        out.writeByte(paceRises);
        out.writeDouble(usualRise);
        out.writeDouble(usualMad);
        out.writeShort(learnt);
        out.writeDouble(sampleLimit);
        for (float v : baseline) {
            out.writeFloat(v);
        }
    }

    void readFrom(DataInput in) throws IOException {
        byte version = in.readByte();
        if (version != VERSION) {
            throw new IOException("unknown fill_rate state version '" + version + "'");
        }
        clock.readFrom(in);
        open.readFrom(in);
        lastClosed = in.readLong();
        level = in.readDouble();
        pace = in.readDouble();
        paceRises = in.readUnsignedByte();
        usualRise = in.readDouble();
        usualMad = in.readDouble();
        learnt = in.readUnsignedShort();
        sampleLimit = in.readDouble();
        for (int i = 0; i < baseline.length; i++) {
            baseline[i] = in.readFloat();
        }
        sortedBaseline = null;
        cached = null;
    }
}
