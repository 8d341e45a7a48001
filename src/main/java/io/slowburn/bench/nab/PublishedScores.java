package io.slowburn.bench.nab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A NAB detector's published scores, read from a NAB checkout's {@code results/NAME/DIR/NAME_FILE.csv}
 * ({@code anomaly_score} column), so that NAB's own results can be rescored here: the windowed Gaussian's reproduce
 * the scoreboard's figures when the procedure is faithful.
 */
final class PublishedScores implements Detector {

    private final Path nabRoot;
    private final String detector;

    PublishedScores(Path nabRoot, String detector) {
        this.nabRoot = nabRoot;
        this.detector = detector;
    }

    /** Whether the checkout has this detector's results. */
    boolean available() {
        return Files.isDirectory(nabRoot.resolve("results").resolve(detector));
    }

    @Override
    public String name() {
        return "NAB's " + detector;
    }

    @Override
    public double[] score(LabelledSeries series) {
        Path rel = Path.of(series.name());
        Path file = nabRoot.resolve("results").resolve(detector).resolve(rel.getParent().toString())
            .resolve(detector + "_" + rel.getFileName());
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<String> header = Arrays.asList(in.readLine().split(","));
            int col = header.indexOf("anomaly_score");
            double[] out = new double[series.length()];
            for (int i = 0; i < out.length; i++) {
                out[i] = Double.parseDouble(in.readLine().split(",")[col]);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }
}
