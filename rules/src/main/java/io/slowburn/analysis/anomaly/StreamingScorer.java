package io.slowburn.analysis.anomaly;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import org.apache.commons.math3.special.Erf;

/**
 * A univariate streaming anomaly scorer: one configuration for every series, causal (a point's score depends only
 * on the points before it), constant memory per series (about 500 bytes after warm-up: a few dozen numbers and a
 * 10 x 10 table of transition counts).
 *
 * <p>Two stages, after the design of HTM's anomaly likelihood (Ahmad et al., 2017) with simpler predictors:
 * <ol>
 *   <li><b>Raw surprise</b> of each point, the largest of three causal predictors' surprises, each measured as
 *       {@code -log10} of a two-sided normal tail probability (capped at {@value #MAX_SURPRISE}):
 *       <ul>
 *         <li>level: the point against a robust EWMA of the level and of the absolute deviation (deviations are
 *             clipped to 3 scales before they are learnt, so one spike barely moves either; a lasting shift is
 *             absorbed within a few dozen points);</li>
 *         <li>change: the step from the previous point against a robust EWMA of the absolute steps (catches
 *             spikes and jumps on series that wander);</li>
 *         <li>transition: the deviation from the level is cut into {@value #BINS} bins of half a scale (the outer
 *             two open-ended) and the move from the previous point's bin to this one's is scored by its learnt
 *             frequency (a pseudo-count of 0.1 each; a row of the table is
 *             halved when it reaches 10,000 moves): a shape the series has not shown before is
 *             surprising even within its usual range (a lighter cousin of CAD OSE's contexts).</li>
 *       </ul></li>
 *   <li><b>Likelihood.</b> The mean of the last {@value #SHORT_WINDOW} raw surprises is compared with the long-run
 *       distribution of that mean (an EWMA of its mean and variance, a cumulative average at first, weight
 *       1/{@value #LONG_MEMORY} after): the score is {@code -log10(q) / 10}, capped at 1, where q is the upper
 *       normal tail probability of the short-term mean. A score of 0.5 is a one-in-100,000 surprise
 *       <em>for this series</em>: a series whose predictors often miss learns that misses are ordinary.</li>
 *   <li><b>One detection per event.</b> After a point scores at least {@value #DETECTION}, the next
 *       {@value #SUPPRESS} points' scores are halved and kept below {@code DETECTION / 2}, so one anomaly gives one
 *       clear detection, not a burst (NAB's leaders, KNN CAD and CAD OSE, do the same).</li>
 * </ol>
 * Warm-up: the predictors start from the median and MAD of the first {@code warmup / 2} points, the likelihood
 * learns over the second half; every score during warm-up is 0.
 */
public final class StreamingScorer {

    /** Default warm-up in points. */
    public static final int DEFAULT_WARMUP = 150;
    /** Longest warm-up accepted: it bounds the state's size. */
    public static final int MAX_WARMUP = 10_000;
    /** Weight of each new point in the level and scale EWMAs. */
    public static final double ALPHA = 0.02;
    /** Deviations are clipped to this many scales before they are learnt. */
    public static final double CLIP = 3.0;
    /** Raw surprises are capped here (a tail probability of 1e-20). */
    public static final double MAX_SURPRISE = 20;
    /** Points in the short-term mean of raw surprises. */
    public static final int SHORT_WINDOW = 10;
    /** Memory of the long-run distribution of the short-term mean, in points. */
    public static final int LONG_MEMORY = 500;
    /** Score from which a point counts as a detection for the suppression that follows. */
    public static final double DETECTION = 0.5;
    /** Points after a detection whose scores are halved. */
    public static final int SUPPRESS = 100;
    /** Bins of the deviation from the level for the transition predictor. */
    public static final int BINS = 10;
    /** The bins cover this many scales either side of the level (the outer bins reach further). */
    static final double BIN_SPAN = 2.5;
    /** Pseudo-count of every transition. */
    static final double PRIOR = 0.1;
    /** A transition row is halved when its count reaches this, so old habits fade. */
    static final double MAX_ROW_COUNT = 10_000;
    /** The long-run standard deviation of the short-term mean is at least this. */
    static final double MIN_SD = 0.1;

    private static final byte VERSION = 2;
    private static final double MAD_TO_SIGMA = 1.4826;
    private static final double MEAN_ABS_TO_SIGMA = Math.sqrt(Math.PI / 2);
    private static final double LN10 = Math.log(10);

    private final int warmup;
    private double[] buffer;
    private long count;
    private double location;
    private double scale;
    private double prev;
    private double stepScale;
    private final double[] recent = new double[SHORT_WINDOW];
    private double longMean;
    private double longVar;
    private long longCount;
    private int suppressLeft;
    private final float[] transitions = new float[BINS * BINS];
    private int prevBin = -1;
    private double lastZ;

    /** The scorer with the default warm-up of {@value #DEFAULT_WARMUP} points. */
    public StreamingScorer() {
        this(DEFAULT_WARMUP);
    }

    public StreamingScorer(int warmup) {
        if (warmup < 4 || warmup > MAX_WARMUP) {
            throw new IllegalArgumentException("warmup must be between 4 and " + MAX_WARMUP + ", got " + warmup);
        }
        this.warmup = warmup;
        this.buffer = new double[warmup / 2];
    }

    /**
     * Scores a point against what came before it, then learns it. Returns 0 during warm-up.
     *
     * @throws IllegalArgumentException when x is not finite
     */
    public double score(double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("value must be a finite number, got " + x);
        }
        if (buffer != null) {
            buffer[(int) count] = x;
            count++;
            if (count == buffer.length) {
                initialise();
            }
            lastZ = 0;
            return 0;
        }
        double raw = surprise(x);
        learn(x);
        int slot = (int) (count % SHORT_WINDOW);
        recent[slot] = raw;
        count++;
        double mean = 0;
        for (double r : recent) {
            mean += r;
        }
        mean /= SHORT_WINDOW;
        double score = likelihood(mean);
        longCount++;
        double w = Math.max(1.0 / longCount, 1.0 / LONG_MEMORY);
        double d = mean - longMean;
        longMean += w * d;
        longVar = (1 - w) * (longVar + w * d * d);
        if (count <= warmup) {
            return 0;
        }
        if (suppressLeft > 0) {
            suppressLeft--;
            return Math.min(score, DETECTION) / 2;
        }
        if (score >= DETECTION) {
            suppressLeft = SUPPRESS;
        }
        return score;
    }

    private double surprise(double x) {
        double s = effectiveScale();
        double z = (x - location) / s;
        lastZ = z;
        double step = (x - prev) / Math.max(stepScale, s * 1e-3);
        double raw = surpriseOfBoth(z, step);
        raw = Math.max(raw, transitionSurprise(x));
        return raw;
    }

    /** {@code -log10} of the learnt probability of moving from the previous point's bin to this one's; learns it. */
    private double transitionSurprise(double x) {
        double z = (x - location) / effectiveScale();
        int bin = (int) Math.max(0, Math.min(BINS - 1, Math.floor(z * BINS / (2 * BIN_SPAN)) + BINS / 2));
        double surprise = 0;
        if (prevBin >= 0) {
            int row = prevBin * BINS;
            double total = 0;
            for (int j = 0; j < BINS; j++) {
                total += transitions[row + j];
            }
            surprise = -Math.log10((transitions[row + bin] + PRIOR) / (total + PRIOR * BINS));
            if (total >= MAX_ROW_COUNT) {
                for (int j = 0; j < BINS; j++) {
                    transitions[row + j] /= 2;
                }
            }
            transitions[row + bin] += 1;
        }
        prevBin = bin;
        return surprise;
    }

    private void learn(double x) {
        double s = effectiveScale();
        double d = x - location;
        double c = CLIP * s;
        location += ALPHA * Math.max(-c, Math.min(c, d));
        double meanAbs = scale / MEAN_ABS_TO_SIGMA;
        scale = ((1 - ALPHA) * meanAbs + ALPHA * Math.min(Math.abs(d), c)) * MEAN_ABS_TO_SIGMA;
        double step = Math.abs(x - prev);
        double cs = CLIP * Math.max(stepScale, s * 1e-3);
        stepScale = ((1 - ALPHA) * stepScale / MEAN_ABS_TO_SIGMA + ALPHA * Math.min(step, cs)) * MEAN_ABS_TO_SIGMA;
        prev = x;
    }

    /**
     * {@code max(tailSurprise(a), tailSurprise(b))}, with one erfc instead of two where both lie below 8 standard
     * deviations: there the surprise only grows with |z| (an erfc per sample was a hot spot of {@code backtest}).
     */
    static double surpriseOfBoth(double a, double b) {
        double x = Math.abs(a);
        double y = Math.abs(b);
        if (x < 8 && y < 8) {
            return tailSurprise(Math.max(x, y));
        }
        return Math.max(tailSurprise(a), tailSurprise(b));
    }

    /** {@code -log10} of the two-sided normal tail probability of z, capped at {@link #MAX_SURPRISE}. */
    static double tailSurprise(double z) {
        double a = Math.abs(z);
        if (a < 8) {
            return Math.min(MAX_SURPRISE, -Math.log10(Erf.erfc(a / Math.sqrt(2))));
        }
        double logTail = -a * a / 2 - Math.log(a) + Math.log(2 / Math.sqrt(2 * Math.PI));
        return Math.min(MAX_SURPRISE, -logTail / LN10);
    }

    /** {@code -log10} of the upper normal tail of the short-term mean against its long-run distribution, over 10. */
    private double likelihood(double mean) {
        double sd = Math.max(Math.sqrt(longVar), MIN_SD);
        double z = (mean - longMean) / sd;
        if (z <= 0) {
            return 0;
        }
        return Math.min(1, (tailSurprise(z) + Math.log10(2)) / 10);
    }

    private void initialise() {
        double[] sorted = buffer.clone();
        Arrays.sort(sorted);
        location = median(sorted);
        double[] dev = new double[sorted.length];
        double sumAbs = 0;
        for (int i = 0; i < sorted.length; i++) {
            dev[i] = Math.abs(sorted[i] - location);
            sumAbs += dev[i];
        }
        Arrays.sort(dev);
        double mad = median(dev) * MAD_TO_SIGMA;
        scale = mad > 0 ? mad : sumAbs / dev.length * MEAN_ABS_TO_SIGMA;
        double[] steps = new double[buffer.length - 1];
        double sumSteps = 0;
        for (int i = 1; i < buffer.length; i++) {
            steps[i - 1] = Math.abs(buffer[i] - buffer[i - 1]);
            sumSteps += steps[i - 1];
        }
        Arrays.sort(steps);
        double stepMad = median(steps) * MAD_TO_SIGMA;
        stepScale = stepMad > 0 ? stepMad : sumSteps / steps.length * MEAN_ABS_TO_SIGMA;
        prev = buffer[buffer.length - 1];
        buffer = null;
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private double effectiveScale() {
        return Math.max(scale, 1e-4 * Math.abs(location) + 1e-9);
    }

    /** Whether warm-up is over, so that {@link #score} returns real scores. */
    public boolean warm() {
        return count >= warmup;
    }

    /** Points seen so far. */
    public long count() {
        return count;
    }

    public int warmup() {
        return warmup;
    }

    /** The expected value before the next point (NaN until the predictors have started). */
    public double location() {
        return buffer == null ? location : Double.NaN;
    }

    /** The scale (a standard-deviation estimate) before the next point (NaN until the predictors have started). */
    public double scale() {
        return buffer == null ? effectiveScale() : Double.NaN;
    }

    /** The level z of the last point scored (0 during the first half of warm-up). */
    public double lastZ() {
        return lastZ;
    }

    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(VERSION);
        out.writeInt(warmup);
        out.writeLong(count);
        if (buffer != null) {
            for (int i = 0; i < count; i++) {
                out.writeDouble(buffer[i]);
            }
            return;
        }
        for (double v : new double[] {location, scale, prev, stepScale, longMean, longVar}) {
            out.writeDouble(v);
        }
        out.writeLong(longCount);
        out.writeInt(suppressLeft);
        out.writeInt(prevBin);
        for (float t : transitions) {
            out.writeFloat(t);
        }
        for (double r : recent) {
            out.writeDouble(r);
        }
    }

    /** The first scorer's state (a level and a scale, or the warm-up samples) is read past: a fresh scorer starts. */
    private static StreamingScorer skipVersionOne(DataInput in) throws IOException {
        int warmup = in.readInt();
        long count = in.readLong();
        if (warmup < 2 || warmup > MAX_WARMUP) {
            throw new IOException("scorer state has a bad warm-up length " + warmup);
        }
        long doubles = count >= warmup ? 2 : count;
        for (long i = 0; i < doubles; i++) {
            in.readDouble();
        }
        return new StreamingScorer();
    }

    /** Reads a scorer written by {@link #writeTo} (or by the first scorer, which then starts afresh). */
    public static StreamingScorer readFrom(DataInput in) throws IOException {
        byte v = in.readByte();
        if (v == 1) {
            return skipVersionOne(in);
        }
        if (v != VERSION) {
            throw new IOException("scorer state version " + v + " is not " + VERSION);
        }
        int warmup = in.readInt();
        if (warmup < 4 || warmup > MAX_WARMUP) {
            throw new IOException("scorer state has a bad warm-up length " + warmup);
        }
        StreamingScorer s = new StreamingScorer(warmup);
        long count = in.readLong();
        if (count < warmup / 2) {
            for (int i = 0; i < count; i++) {
                s.score(in.readDouble());
            }
            return s;
        }
        s.buffer = null;
        s.count = count;
        s.location = in.readDouble();
        s.scale = in.readDouble();
        s.prev = in.readDouble();
        s.stepScale = in.readDouble();
        s.longMean = in.readDouble();
        s.longVar = in.readDouble();
        s.longCount = in.readLong();
        s.suppressLeft = in.readInt();
        s.prevBin = in.readInt();
        for (int i = 0; i < s.transitions.length; i++) {
            s.transitions[i] = in.readFloat();
        }
        for (int i = 0; i < SHORT_WINDOW; i++) {
            s.recent[i] = in.readDouble();
        }
        return s;
    }
}
