package io.slowburn.analysis.latency;

import io.slowburn.analysis.AnalysisState;
import io.slowburn.analysis.Assessment;
import io.slowburn.analysis.Condition;
import io.slowburn.analysis.stats.Medians;
import io.slowburn.analysis.stats.NumberText;
import io.slowburn.analysis.window.BucketRing;
import io.slowburn.analysis.window.Watermark;
import io.slowburn.model.MetricSample;
import io.slowburn.model.Observation;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;

/**
 * Per-series state of {@link RankShiftAnalysis}: open buckets, recent bucket means, the day-aligned reference, and since
 * when the shift has been suspected (its onset estimate).
 */
final class RankShiftState implements AnalysisState {

    private static final byte VERSION = 2;
    private static final long NONE = Long.MIN_VALUE;

    private final RankShiftAnalysis a;
    private final Watermark clock;
    /** Buckets still open to late samples. */
    private final BucketRing open;
    /** Means of the last {@code recent} closed buckets, by index modulo its length; NaN when empty. */
    private final float[] recent;
    /** Means of the buckets before those, {@code reference} days of them, by index modulo its length. */
    private final float[] reference;
    private long lastClosed = Long.MIN_VALUE;
    private boolean suspected;
    /** End of the bucket whose close first made the shift suspected, in this run of suspicion; NONE when not suspected. */
    private long suspectedSince = NONE;
    private double pValue = Double.NaN;
    private double effect = Double.NaN;
    private double recentMedian = Double.NaN;
    private double referenceMedian = Double.NaN;
    private int recentCount;
    private int referenceCount;
    private Assessment cached;

    RankShiftState(RankShiftAnalysis analysis) {
        this.a = analysis;
        this.clock = new Watermark(analysis.latenessMs);
        this.open = new BucketRing(analysis.fineCapacity, analysis.bucketMs);
        this.recent = new float[analysis.recentBuckets];
        this.reference = new float[analysis.referenceDays * analysis.bucketsPerDay];
        Arrays.fill(recent, Float.NaN);
        Arrays.fill(reference, Float.NaN);
    }

    @Override
    public Assessment observe(Observation observation) {
        if (!(observation instanceof MetricSample sample) || Double.isNaN(sample.value())) {
            return Assessment.normal();
        }
        if (!clock.accept(sample.ts())) {
            return Assessment.late();
        }
        open.add(sample.ts(), sample.value());
        long closed = Math.floorDiv(clock.settled(), a.bucketMs) - 1;
        if (lastClosed == Long.MIN_VALUE) {
            lastClosed = closed;
        } else if (closed > lastClosed) {
            closeThrough(closed);
            evaluate();
        }
        if (cached == null || cached.condition() == Condition.INSUFFICIENT_DATA) {
            cached = assessment();
        }
        return cached;
    }

    private void closeThrough(long closed) {
        long span = recent.length + reference.length;
        if (closed - lastClosed > span) {
            // A gap longer than everything we remember: start over from empty buckets.
            Arrays.fill(recent, Float.NaN);
            Arrays.fill(reference, Float.NaN);
            lastClosed = closed - span;
        }
        for (long i = lastClosed + 1; i <= closed; i++) {
            push(i, (float) open.mean(i));
        }
    }

    /** Closes bucket {@code i}: it enters the recent window, the oldest recent bucket moves to the reference. */
    private void push(long i, float mean) {
        long leaving = i - recent.length;
        int refSlot = slot(leaving, reference.length);
        if (!suspected) {
            reference[refSlot] = recent[slot(leaving, recent.length)];
        } else if (a.referenceDays > 1) {
            // Frozen: carry the previous day's value for this time of day forward instead of the drifted one.
            reference[refSlot] = reference[slot(leaving - a.bucketsPerDay, reference.length)];
        }
        recent[slot(i, recent.length)] = mean;
        lastClosed = i;
    }

    private static int slot(long index, int length) {
        return (int) Math.floorMod(index, (long) length);
    }

    private void evaluate() {
        cached = null;
        double[] rec = new double[recent.length];
        double[] ref = new double[recent.length * a.referenceDays];
        int nRec = 0;
        int nRef = 0;
        for (long j = lastClosed - recent.length + 1; j <= lastClosed; j++) {
            float r = recent[slot(j, recent.length)];
            if (!Float.isNaN(r)) {
                rec[nRec++] = r;
            }
            for (int d = 1; d <= a.referenceDays; d++) {
                float v = reference[slot(j - (long) d * a.bucketsPerDay, reference.length)];
                if (!Float.isNaN(v)) {
                    ref[nRef++] = v;
                }
            }
        }
        recentCount = nRec;
        referenceCount = nRef;
        if (nRec < Math.max(2, recent.length / 2) || nRef < Math.max(2, recent.length * a.referenceDays / 2)) {
            pValue = Double.NaN;
            suspected = false;
            return;
        }
        rec = Arrays.copyOf(rec, nRec);
        ref = Arrays.copyOf(ref, nRef);
        recentMedian = Medians.of(rec);
        referenceMedian = Medians.of(ref);
        double twoSided = new MannWhitneyUTest().mannWhitneyUTest(ref, rec);
        pValue = recentMedian > referenceMedian ? twoSided / 2 : 1 - twoSided / 2;
        effect = referenceMedian > 0 ? (recentMedian - referenceMedian) / referenceMedian : Double.NaN;
        suspected = pValue <= a.alpha && effect >= a.minEffect / 2;
        if (!suspected) {
            suspectedSince = NONE;
        } else if (suspectedSince == NONE) {
            suspectedSince = (lastClosed + 1) * a.bucketMs;
        }
    }

    /**
     * When the shift began, as far as the recent window can tell: a median moves once about half of the window has
     * shifted, so a step began about half a window before it was first suspected, and a slow drift earlier still (the
     * estimate errs late, which only ever leaves blame where it was: {@code SanctionPolicy#beganBefore}).
     */
    private long onset() {
        return suspectedSince == NONE ? Assessment.NO_ONSET : suspectedSince - a.recentMs / 2;
    }

    private Assessment assessment() {
        if (clock.history() < a.minHistoryMs || Double.isNaN(pValue)) {
            long history = clock.history();
            int recentSeen = recentCount;
            int referenceSeen = referenceCount;
            return Assessment.insufficientData(() -> NumberText.duration(history / 1000.0) + " of history with "
                    + recentSeen + " recent and " + referenceSeen + " reference buckets");
        }
        double pNow = pValue;
        double effectNow = effect;
        double recentNow = recentMedian;
        double referenceNow = referenceMedian;
        int recentSeen = recentCount;
        int referenceSeen = referenceCount;
        Supplier<Map<String, Object>> evidence = () -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("p_value", pNow);
            if (!Double.isNaN(effectNow)) {
                e.put("effect", effectNow);
            }
            e.put("recent_median", recentNow);
            e.put("reference_median", referenceNow);
            e.put("alpha", a.alpha);
            e.put("min_effect", a.minEffect);
            e.put("recent_buckets", recentSeen);
            e.put("reference_buckets", referenceSeen);
            return Collections.unmodifiableMap(e);
        };
        if (pValue <= a.alpha && effect >= a.minEffect) {
            return Assessment.anomalous(evidence.get(), String.format(Locale.ROOT,
                    "median %s over the last %s is %.0f%% above the same hours before (%s; p=%s)",
                    NumberText.compact(recentMedian), NumberText.duration(a.recentMs / 1000.0), 100 * effect,
                    NumberText.compact(referenceMedian), NumberText.compact(pValue))).withOnset(onset());
        }
        return Assessment.normal(evidence);
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(VERSION);
        clock.writeTo(out);
        open.writeTo(out);
        out.writeLong(lastClosed);
        out.writeBoolean(suspected);
        for (float v : recent) {
            out.writeFloat(v);
        }
        for (float v : reference) {
            out.writeFloat(v);
        }
        // The last test's outcome, so that reading a state needs no recomputation.
        out.writeDouble(pValue);
        out.writeDouble(effect);
        out.writeDouble(recentMedian);
        out.writeDouble(referenceMedian);
        out.writeShort(recentCount);
        out.writeShort(referenceCount);
        out.writeLong(suspectedSince);
    }

    void readFrom(DataInput in) throws IOException {
        byte version = in.readByte();
        if (version != VERSION && version != 1) {
            throw new IOException("unknown rank_shift state version '" + version + "'");
        }
        clock.readFrom(in);
        open.readFrom(in);
        lastClosed = in.readLong();
        suspected = in.readBoolean();
        for (int i = 0; i < recent.length; i++) {
            recent[i] = in.readFloat();
        }
        for (int i = 0; i < reference.length; i++) {
            reference[i] = in.readFloat();
        }
        pValue = in.readDouble();
        effect = in.readDouble();
        recentMedian = in.readDouble();
        referenceMedian = in.readDouble();
        recentCount = in.readShort();
        referenceCount = in.readShort();
        // Version 1 kept no suspicion time: a shift already suspected under it is dated from the first bucket closed
        // after the upgrade, later than it began (late, never early).
        suspectedSince = version == 1 ? NONE : in.readLong();
        cached = null;
    }
}
