package io.slowburn.analysis.rate;

import io.slowburn.analysis.AnalysisState;
import io.slowburn.analysis.Assessment;
import io.slowburn.analysis.stats.CounterRate;
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
import java.util.Locale;
import java.util.Map;

/** Per-source state of {@link RateRatioAnalysis}. */
final class RateRatioState implements AnalysisState {

    private static final byte VERSION = 1;

    private final RateRatioAnalysis a;
    private final Watermark clock;
    private final CounterTracker counters = new CounterTracker(RateRatioAnalysis.MAX_SERIES);
    private final CounterKeys keys = new CounterKeys();
    /** Increments of the numerator and denominator counters per bucket. */
    private final BucketRing num;
    private final BucketRing den;
    private double baseNum;
    private double baseDen;
    private long baselineThrough = Long.MIN_VALUE;
    private boolean anomalous;

    RateRatioState(RateRatioAnalysis analysis) {
        this.a = analysis;
        this.clock = new Watermark(analysis.latenessMs);
        this.num = new BucketRing(analysis.ringCapacity, analysis.bucketMs);
        this.den = new BucketRing(analysis.ringCapacity, analysis.bucketMs);
    }

    @Override
    public Assessment observe(Observation observation) {
        if (!(observation instanceof MetricSample sample)) {
            return Assessment.normal();
        }
        boolean isNum = sample.metric().equals(a.numerator);
        if (!isNum && !sample.metric().equals(a.denominator)) {
            return Assessment.normal();
        }
        if (!clock.accept(sample.ts())) {
            return Assessment.late();
        }
        CounterRate.Step step = counters.step(keys.of(sample.metric(), sample.labels()), sample.ts(), sample.value());
        BucketRing ring = isNum ? num : den;
        ring.add(sample.ts(), step.increment());
        // Keep both rings rotating together so that their windows line up.
        (isNum ? den : num).rotateTo(ring.indexOf(clock.newest()));
        foldClosedBuckets();
        Assessment result = assess(step.reset());
        anomalous = result.isAnomalous();
        return result;
    }

    /** Learns the baseline from buckets that can no longer change, unless a storm is under way. */
    private void foldClosedBuckets() {
        long closed = Math.floorDiv(clock.settled(), a.bucketMs) - 1;
        if (baselineThrough == Long.MIN_VALUE) {
            baselineThrough = closed;
            return;
        }
        if (!anomalous && closed > baselineThrough) {
            // Buckets already rotated out of the ring (a gap in the data) held nothing: they only decay.
            long firstHeld = Math.max(baselineThrough + 1, num.oldest());
            long skipped = Math.max(0, Math.min(closed + 1, firstHeld) - (baselineThrough + 1));
            if (skipped > 0) {
                double fade = Math.pow(a.decay, skipped);
                baseNum *= fade;
                baseDen *= fade;
            }
            for (long i = firstHeld; i <= closed; i++) {
                baseNum = baseNum * a.decay + num.sum(i);
                baseDen = baseDen * a.decay + den.sum(i);
            }
        }
        baselineThrough = Math.max(baselineThrough, closed);
    }

    private Assessment assess(boolean reset) {
        if (clock.history() < a.minHistoryMs || baseDen <= 0) {
            long history = clock.history();
            return Assessment.insufficientData(() -> NumberText.duration(history / 1000.0) + " of history, needs "
                    + NumberText.duration(a.minHistoryMs / 1000.0));
        }
        long current = num.indexOf(clock.newest());
        long from = current - a.windowBuckets + 1;
        double numSum = num.sum(from, current);
        double denSum = den.sum(from, current);
        double seconds = (clock.newest() - Math.max(num.startOf(from), clock.first())) / 1000.0;
        if (seconds <= 0) {
            return Assessment.insufficientData();
        }
        double numRate = numSum / seconds;
        double denRate = denSum / seconds;
        double baseline = baseNum / baseDen;
        if (denRate < a.minDenominatorRate || denSum <= 0) {
            // Idle: a handful of requests cannot make a meaningful ratio.
            return Assessment.normal(() -> evidence(baseline, numRate, denRate, reset, false, 0));
        }
        double ratio = numSum / denSum;
        if (ratio >= a.multiple * baseline && ratio >= a.minRatio) {
            String against = baseline > 0
                    ? String.format(Locale.ROOT, "%sx the baseline %.1f%%", NumberText.compact(ratio / baseline), 100 * baseline)
                    : "where the baseline had none"; // no multiple of zero to quote
            String summary = String.format(Locale.ROOT, "%s at %.1f%% of %s over %s, %s", a.numerator, 100 * ratio, a.denominator,
                    NumberText.duration(a.windowMs / 1000.0), against);
            return Assessment.anomalous(evidence(baseline, numRate, denRate, reset, true, ratio), summary);
        }
        return Assessment.normal(() -> evidence(baseline, numRate, denRate, reset, true, ratio));
    }

    /** The numbers behind an assessment; the ratio only where there is one ({@code busy}: not idle). */
    private Map<String, Object> evidence(double baseline, double numRate, double denRate, boolean reset, boolean busy, double ratio) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("baseline_ratio", baseline);
        evidence.put("multiple", a.multiple);
        evidence.put("retries_per_s", numRate);
        evidence.put("requests_per_s", denRate);
        if (reset) {
            evidence.put("counter_reset", true);
        }
        if (busy) {
            evidence.put("ratio", ratio);
        }
        return Collections.unmodifiableMap(evidence);
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(VERSION);
        clock.writeTo(out);
        counters.writeTo(out);
        num.writeTo(out);
        den.writeTo(out);
        out.writeDouble(baseNum);
        out.writeDouble(baseDen);
        out.writeLong(baselineThrough);
        out.writeBoolean(anomalous);
    }

    void readFrom(DataInput in) throws IOException {
        byte version = in.readByte();
        if (version != VERSION) {
            throw new IOException("unknown rate_ratio state version '" + version + "'");
        }
        clock.readFrom(in);
        counters.readFrom(in);
        num.readFrom(in);
        den.readFrom(in);
        baseNum = in.readDouble();
        baseDen = in.readDouble();
        baselineThrough = in.readLong();
        anomalous = in.readBoolean();
    }
}
