package io.slowburn.bench.nab;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntToDoubleFunction;

/**
 * A labelled corpus of artificial series, NAB-sized (4032 rows of 5 minutes: two weeks), with and without anomalies:
 * jumps up and down, spikes, flat middles, noise changes and daily cycles, on noisy and clean baselines. Labels are
 * where an anomaly starts; windows are built as NAB's labeler builds them (10% of the file split across the
 * labels, centred on each, merged when they overlap). Deterministic: the same seed gives the same corpus.
 */
public final class SyntheticCorpus {

    static final int ROWS = 4032;
    static final long STEP_MS = 300_000L;
    static final long T0 = 1_396_310_400_000L;
    private static final int DAY = 288;

    private SyntheticCorpus() {
    }

    public static List<LabelledSeries> generate(long seed) {
        List<LabelledSeries> out = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            Random r = new Random(seed * 31 + k);
            double noise = 0.5 + r.nextDouble();
            double level = 20 + 80 * r.nextDouble();
            double amp = 5 + 10 * r.nextDouble();
            int a = 1500 + r.nextInt(1500);
            int b = a + 600 + r.nextInt(300);
            out.add(series("noise-" + k, r, i -> level + noise * r.nextGaussian(), List.of()));
            out.add(series("daily-" + k, r, i -> level + amp * daily(i) + noise * r.nextGaussian(), List.of()));
            out.add(series("daily-clean-" + k, r, i -> level + amp * daily(i), List.of()));
            out.add(series("jump-up-" + k, r, i -> level + (i >= a ? 6 * noise : 0) + noise * r.nextGaussian(), List.of(a)));
            out.add(series("jump-down-" + k, r, i -> level - (i >= a ? 6 * noise : 0) + noise * r.nextGaussian(), List.of(a)));
            out.add(series("spikes-" + k, r, i -> level + (i == a ? 8 * noise : i == b ? -8 * noise : 0) + noise * r.nextGaussian(),
                List.of(a, b)));
            out.add(series("flat-middle-" + k, r, i -> i >= a && i < a + DAY ? level : level + amp * daily(i) + noise * r.nextGaussian(),
                List.of(a)));
            out.add(series("noise-up-" + k, r, i -> level + (i >= a ? 4 : 1) * noise * r.nextGaussian(), List.of(a)));
            out.add(series("daily-jump-" + k, r, i -> level + amp * daily(i) + (i >= a ? amp : 0) + noise * r.nextGaussian(),
                List.of(a)));
            out.add(series("daily-stops-" + k, r, i -> level + (i < a ? amp * daily(i) : 0) + 0.2 * noise * r.nextGaussian(),
                List.of(a)));
            out.add(series("trend-jump-" + k, r, i -> level + i * 0.01 * noise + (i >= a ? -5 * noise : 0) + noise * r.nextGaussian(),
                List.of(a)));
        }
        return out;
    }

    private static double daily(int i) {
        return Math.sin(2 * Math.PI * i / DAY);
    }

    private static LabelledSeries series(String name, Random r, IntToDoubleFunction f, List<Integer> labels) {
        long[] ts = new long[ROWS];
        double[] v = new double[ROWS];
        for (int i = 0; i < ROWS; i++) {
            ts[i] = T0 + i * STEP_MS;
            v[i] = f.applyAsDouble(i);
        }
        return new LabelledSeries(name, ts, v, windows(ROWS, labels));
    }

    /**
     * NAB's labeler: windows of {@code int(0.1 n / labels)} rows centred on each label, merged when they overlap,
     * dropped when they reach into the probationary period.
     */
    static List<LabelledSeries.Window> windows(int rows, List<Integer> labels) {
        List<LabelledSeries.Window> out = new ArrayList<>();
        if (labels.isEmpty()) {
            return out;
        }
        int length = (int) (0.1 * rows / labels.size());
        double probation = NabSweeper.probationaryLength(rows);
        for (int a : labels) {
            int front = Math.max(a - length / 2, 0);
            int back = Math.min(a + length / 2, rows - 1);
            if (front < probation) {
                continue;
            }
            if (!out.isEmpty() && out.get(out.size() - 1).end() >= front) {
                LabelledSeries.Window last = out.remove(out.size() - 1);
                out.add(new LabelledSeries.Window(last.start(), back));
            } else {
                out.add(new LabelledSeries.Window(front, back));
            }
        }
        return out;
    }
}
