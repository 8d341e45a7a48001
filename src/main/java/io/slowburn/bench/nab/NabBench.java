package io.slowburn.bench.nab;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scores detectors with NAB's procedure ({@link NabSweeper}) and prints, per corpus, the three profile scores of
 * slowburn's scorer beside NAB's windowed-Gaussian baseline, the random detector and the null detector, all
 * measured in the same run. Corpora: the artificial {@link SyntheticCorpus}, then, when a NAB checkout is given,
 * the real NAB data. Usage: {@code NabBench [NAB_DIR]}.
 */
public final class NabBench {

    private NabBench() {
    }

    public static void main(String[] args) throws IOException {
        PrintStream out = System.out;
        report(out, "artificial corpus (SyntheticCorpus, seed 1)", SyntheticCorpus.generate(1), List.of());
        if (args.length > 0) {
            Path nab = Path.of(args[0]);
            if (!Files.isDirectory(nab)) {
                throw new IllegalArgumentException(nab + " is not a directory (a checkout of https://github.com/numenta/NAB)");
            }
            List<LabelledSeries> corpus = NabCorpus.load(nab);
            List<Detector> published = new ArrayList<>();
            for (String name : List.of("windowedGaussian", "numenta", "ARTime")) {
                PublishedScores p = new PublishedScores(nab, name);
                if (p.available()) {
                    published.add(p);
                }
            }
            report(out, "NAB (" + nab + ")", corpus, published);
        } else {
            out.println("(no NAB checkout given: git clone https://github.com/numenta/NAB and pass its path)");
        }
    }

    static void report(PrintStream out, String title, List<LabelledSeries> corpus, List<Detector> more) {
        int windows = NabSweeper.windowCount(corpus);
        long rows = corpus.stream().mapToLong(LabelledSeries::length).sum();
        out.printf(Locale.ROOT, "%n%s: %d series, %d rows, %d windows%n", title, corpus.size(), rows, windows);
        out.printf(Locale.ROOT, "%-20s %10s %20s %20s   %s%n", "detector", "standard", "reward_low_FP_rate", "reward_low_FN_rate",
            "(standard profile: threshold, TP rows, FP rows)");
        List<double[]> nullScores = run(Detector.none(), corpus);
        double[] nullRaw = new double[Profile.ALL.size()];
        for (int p = 0; p < nullRaw.length; p++) {
            nullRaw[p] = NabSweeper.optimise(corpus, nullScores, Profile.ALL.get(p)).score();
        }
        List<Detector> detectors = new ArrayList<>(List.of(Detector.slowburn(), Detector.windowedGaussian(), Detector.random(),
            Detector.none()));
        detectors.addAll(more);
        if (Boolean.getBoolean("nab.only")) {
            detectors = List.of(Detector.slowburn());
        }
        for (Detector d : detectors) {
            long start = System.nanoTime();
            List<double[]> scores = run(d, corpus);
            double ms = (System.nanoTime() - start) / 1e6;
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-20s", d.name()));
            NabSweeper.ThresholdScore standard = null;
            for (int p = 0; p < Profile.ALL.size(); p++) {
                Profile profile = Profile.ALL.get(p);
                NabSweeper.ThresholdScore best = NabSweeper.optimise(corpus, scores, profile);
                if (p == 0) {
                    standard = best;
                }
                line.append(String.format(Locale.ROOT, p == 0 ? " %10.1f" : " %20.1f",
                    NabSweeper.normalise(best.score(), nullRaw[p], windows, profile)));
            }
            line.append(String.format(Locale.ROOT, "   (%.4f, %d, %d; scored in %.0f ms)", standard.threshold(), standard.tp(),
                standard.fp(), ms));
            out.println(line);
        }
    }

    static List<double[]> run(Detector d, List<LabelledSeries> corpus) {
        List<double[]> scores = new ArrayList<>();
        for (LabelledSeries s : corpus) {
            scores.add(d.score(s));
        }
        return scores;
    }
}
