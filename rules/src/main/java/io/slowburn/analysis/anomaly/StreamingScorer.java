package io.slowburn.analysis.anomaly;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * A univariate streaming anomaly scorer: one configuration for every series, causal (a point's score depends only
 * on the points before it), constant memory after warm-up.
 *
 * <p>How it works:
 * <ol>
 *   <li><b>Warm-up.</b> The first {@code warmup} points are kept and score 0. When they are all in, the location
 *       is their median and the scale their median absolute deviation times 1.4826 (the normal-consistent MAD;
 *       the mean absolute deviation when the MAD is 0).</li>
 *   <li><b>Score.</b> For each later point x, before x is learnt: {@code z = (x - location) / scale} and
 *       {@code score = 1 - 2 * T(-|z|)} where T is the Student t distribution with {@value #DEGREES_OF_FREEDOM}
 *       degrees of freedom, the effective sample size {@code (2 - ALPHA) / ALPHA} of the EWMAs (a t rather than a
 *       normal accounts for the noise in the estimated location and scale). The score is the probability that an
 *       ordinary point deviates less than x: it is in [0, 1], about 0.5 for a typical point, and ordinary points
 *       reach the default threshold 0.995 about 0.5% of the time (measured on Gaussian noise; heavier-tailed
 *       data reaches it more often). The scale is floored at {@code 1e-4 * |location| + 1e-9}, so a flat series
 *       that moves scores 1 without dividing by zero.</li>
 *   <li><b>Learn (robust EWMA).</b> The deviation is clipped to +-3 scales (Huber) and the location moves by
 *       {@value #ALPHA} of it; the scale is an EWMA (same weight) of the clipped absolute deviation times
 *       sqrt(pi/2). A single spike barely moves either, so the next spike still scores high; a lasting level shift
 *       is absorbed within a few dozen points because the scale grows while the deviation persists.</li>
 * </ol>
 */
public final class StreamingScorer {

    /** Weight of each new point in the location and scale EWMAs (half-life about 14 points). */
    public static final double ALPHA = 0.05;
    /** Degrees of freedom of the t distribution the deviation is scored against: the EWMAs' effective sample size. */
    public static final double DEGREES_OF_FREEDOM = (2 - ALPHA) / ALPHA;
    /** Deviations are clipped to this many scales before they are learnt. */
    public static final double CLIP = 3.0;
    /** Longest warm-up accepted: it bounds the state's size. */
    public static final int MAX_WARMUP = 10_000;

    private static final byte VERSION = 1;
    private static final double MAD_TO_SIGMA = 1.4826;
    private static final double MEAN_ABS_TO_SIGMA = Math.sqrt(Math.PI / 2);
    /** Immutable once built; its cumulative probability is safe to share between threads. */
    private static final TDistribution T = new TDistribution(null, DEGREES_OF_FREEDOM);

    private final int warmup;
    private double[] buffer;
    private long count;
    private double location;
    private double scale;
    private double lastZ;

    /** The scorer with the default warm-up of 30 points. */
    public StreamingScorer() {
        this(30);
    }

    public StreamingScorer(int warmup) {
        if (warmup < 2 || warmup > MAX_WARMUP) {
            throw new IllegalArgumentException("warmup must be between 2 and " + MAX_WARMUP + ", got " + warmup);
        }
        this.warmup = warmup;
        this.buffer = new double[warmup];
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
        if (count < warmup) {
            buffer[(int) count] = x;
            count++;
            if (count == warmup) {
                initialise();
            }
            lastZ = 0;
            return 0;
        }
        double s = effectiveScale();
        double d = x - location;
        double z = d / s;
        lastZ = z;
        double score = 1 - 2 * T.cumulativeProbability(-Math.abs(z));
        score = Double.isNaN(score) ? 1 : Math.max(0, Math.min(1, score));
        double c = CLIP * s;
        double clipped = Math.max(-c, Math.min(c, d));
        location += ALPHA * clipped;
        double meanAbs = scale / MEAN_ABS_TO_SIGMA;
        meanAbs = (1 - ALPHA) * meanAbs + ALPHA * Math.min(Math.abs(d), c);
        scale = meanAbs * MEAN_ABS_TO_SIGMA;
        count++;
        return score;
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

    /** The expected value before the next point (NaN during warm-up). */
    public double location() {
        return warm() ? location : Double.NaN;
    }

    /** The scale (a standard-deviation estimate) before the next point (NaN during warm-up). */
    public double scale() {
        return warm() ? effectiveScale() : Double.NaN;
    }

    /** The z of the last point scored (0 during warm-up). */
    public double lastZ() {
        return lastZ;
    }

    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(VERSION);
        out.writeInt(warmup);
        out.writeLong(count);
        if (warm()) {
            out.writeDouble(location);
            out.writeDouble(scale);
        } else {
            for (int i = 0; i < count; i++) {
                out.writeDouble(buffer[i]);
            }
        }
    }

    /** Reads a scorer written by {@link #writeTo}. */
    public static StreamingScorer readFrom(DataInput in) throws IOException {
        byte v = in.readByte();
        if (v != VERSION) {
            throw new IOException("scorer state version " + v + " is not " + VERSION);
        }
        int warmup = in.readInt();
        if (warmup < 2 || warmup > MAX_WARMUP) {
            throw new IOException("scorer state has a bad warm-up length " + warmup);
        }
        StreamingScorer s = new StreamingScorer(warmup);
        long count = in.readLong();
        if (count >= warmup) {
            s.count = count;
            s.location = in.readDouble();
            s.scale = in.readDouble();
            s.buffer = null;
        } else {
            for (int i = 0; i < count; i++) {
                s.score(in.readDouble());
            }
        }
        return s;
    }
}
