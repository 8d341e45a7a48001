package io.slowburn.bench.nab;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * NAB's scoring procedure, written from {@code nab/sweeper.py}, {@code nab/optimizer.py} and the normalisation in
 * {@code nab/runner.py} (numenta/NAB, MIT licence):
 * <ul>
 *   <li>the first {@code min(floor(0.15 n), 750)} rows of a file are probationary and not scored;</li>
 *   <li>a row in a window of width w ending at row r weighs {@code S(-(r - i + 1) / w) * tp / S(-1)}, where
 *       {@code S(x) = 2 / (1 + e^(5x)) - 1} (-1 beyond x = 3) is the scaled sigmoid; a window counts its best
 *       detected row, or {@code -fn} when none of its rows is detected;</li>
 *   <li>a detected row outside every window weighs {@code fp * S(|r' - i| / (w' - 1))} after a window (r', w')
 *       and {@code -fp} before the first one;</li>
 *   <li>the threshold is swept over every distinct score of the whole corpus (a row is detected when its score is
 *       at least the threshold) and the corpus total is maximised per profile;</li>
 *   <li>the total is normalised to {@code 100 (raw - null) / (perfect - null)}, perfect being one TP per window
 *       and null the null detector's total.</li>
 * </ul>
 */
public final class NabSweeper {

    /** Share of a file that is probationary. */
    public static final double PROBATION_PERCENT = 0.15;

    /** Window id of a probationary row. */
    static final int PROBATIONARY = -2;
    /** Window id of a row outside every window. */
    static final int NO_WINDOW = -1;

    /** A row ready for the sweep: its anomaly score, its weighted score if detected and its window. */
    record Point(double anomalyScore, double sweepScore, int window) {
    }

    /** The corpus total at one threshold. */
    public record ThresholdScore(double threshold, double score, long tp, long tn, long fp, long fn) {
    }

    private NabSweeper() {
    }

    public static double scaledSigmoid(double relativePositionInWindow) {
        if (relativePositionInWindow > 3.0) {
            return -1.0;
        }
        return 2 / (1 + Math.exp(5 * relativePositionInWindow)) - 1.0;
    }

    /** {@code min(floor(0.15 n), 0.15 * 5000)}: rows below this index are probationary. */
    public static double probationaryLength(int rows) {
        return Math.min(Math.floor(PROBATION_PERCENT * rows), PROBATION_PERCENT * 5000);
    }

    /**
     * The rows of one file as sweep points ({@code calcSweepScore}); window ids start at {@code firstWindowId} so
     * that every window of a corpus has its own.
     */
    static List<Point> sweepPoints(LabelledSeries series, double[] scores, Profile profile, int firstWindowId) {
        if (scores.length != series.length()) {
            throw new IllegalArgumentException(series.name() + ": " + scores.length + " scores for " + series.length() + " rows");
        }
        double maxTp = scaledSigmoid(-1.0);
        double probation = probationaryLength(series.length());
        List<Point> points = new ArrayList<>(scores.length);
        int next = 0;
        LabelledSeries.Window cur = null;
        int curId = NO_WINDOW;
        double curWidth = 0;
        int prevRight = -1;
        double prevWidth = 0;
        for (int i = 0; i < scores.length; i++) {
            if (cur == null && next < series.windows().size() && series.windows().get(next).start() == i) {
                cur = series.windows().get(next);
                curId = firstWindowId + next;
                curWidth = cur.end() - cur.start() + 1;
                next++;
            }
            double weighted;
            if (cur != null) {
                double position = -(cur.end() - i + 1) / curWidth;
                weighted = scaledSigmoid(position) * profile.tpWeight() / maxTp;
            } else if (prevRight < 0) {
                weighted = -1.0 * profile.fpWeight();
            } else {
                double positionPast = Math.abs(prevRight - i) / (prevWidth - 1);
                weighted = scaledSigmoid(positionPast) * profile.fpWeight();
            }
            int window = i >= probation ? (cur != null ? curId : NO_WINDOW) : PROBATIONARY;
            points.add(new Point(scores[i], weighted, window));
            if (cur != null && cur.end() == i) {
                prevRight = i;
                prevWidth = curWidth;
                cur = null;
                curId = NO_WINDOW;
            }
        }
        return points;
    }

    /**
     * The corpus total at every distinct threshold, from 1.1 (nothing detected) down ({@code calcScoreByThreshold}).
     */
    static List<ThresholdScore> scoreByThreshold(List<Point> all, Profile profile, int windowCount) {
        List<Point> scorable = new ArrayList<>();
        for (Point p : all) {
            if (p.window() != PROBATIONARY) {
                scorable.add(p);
            }
        }
        scorable.sort(Comparator.comparingDouble(Point::anomalyScore).reversed());
        double[] windowPart = new double[windowCount];
        boolean[] present = new boolean[windowCount];
        double windowSum = 0;
        long tn = 0;
        long fn = 0;
        for (Point p : scorable) {
            if (p.window() >= 0) {
                fn++;
                if (!present[p.window()]) {
                    present[p.window()] = true;
                    windowPart[p.window()] = -profile.fnWeight();
                    windowSum -= profile.fnWeight();
                }
            } else {
                tn++;
            }
        }
        double fpPart = 0;
        long tp = 0;
        long fp = 0;
        double threshold = 1.1;
        List<ThresholdScore> out = new ArrayList<>();
        for (Point p : scorable) {
            if (p.anomalyScore() != threshold) {
                out.add(new ThresholdScore(threshold, fpPart + windowSum, tp, tn, fp, fn));
                threshold = p.anomalyScore();
            }
            if (p.window() >= 0) {
                tp++;
                fn--;
                double best = Math.max(windowPart[p.window()], p.sweepScore());
                windowSum += best - windowPart[p.window()];
                windowPart[p.window()] = best;
            } else {
                fp++;
                tn--;
                fpPart += p.sweepScore();
            }
        }
        out.add(new ThresholdScore(threshold, fpPart + windowSum, tp, tn, fp, fn));
        return out;
    }

    /**
     * The best corpus total for a profile ({@code optimizeThreshold}: the highest score, the highest threshold among
     * equal scores). Scoring each file at that threshold and summing, as {@code scoreCorpus} does, gives the same
     * total: a file's row at a threshold counts the same detections.
     */
    public static ThresholdScore optimise(List<LabelledSeries> corpus, List<double[]> scores, Profile profile) {
        List<Point> all = new ArrayList<>();
        int windows = 0;
        for (int f = 0; f < corpus.size(); f++) {
            all.addAll(sweepPoints(corpus.get(f), scores.get(f), profile, windows));
            windows += corpus.get(f).windows().size();
        }
        ThresholdScore best = null;
        for (ThresholdScore t : scoreByThreshold(all, profile, windows)) {
            if (best == null || t.score() > best.score()) {
                best = t;
            }
        }
        return best;
    }

    /** {@code 100 (raw - null) / (perfect - null)} with perfect = one true positive (weight tp) per window. */
    public static double normalise(double raw, double nullRaw, int windowCount, Profile profile) {
        double perfect = windowCount * profile.tpWeight();
        return 100 * (raw - nullRaw) / (perfect - nullRaw);
    }

    /** Windows in a corpus (NAB's {@code tpCount}). */
    public static int windowCount(List<LabelledSeries> corpus) {
        return corpus.stream().mapToInt(s -> s.windows().size()).sum();
    }
}
