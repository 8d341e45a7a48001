package io.slowburn.cli;

import io.slowburn.analysis.anomaly.CsvScorer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slowburn score}: the generic univariate streaming anomaly score over a CSV file. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Scores a univariate series (CSV timestamp,value) with the streaming anomaly scorer; writes "
                + "timestamp,value,anomaly_score with scores in [0,1]. Causal: a score never depends on later points.")
final class ScoreCommand implements Callable<Integer> {

    @Option(names = "--input", required = true, description = "CSV with columns timestamp,value (header optional).")
    Path input;

    @Option(names = "--output", required = true, description = "CSV to write: timestamp,value,anomaly_score.")
    Path output;

    @Override
    public Integer call() throws Exception {
        try {
            long n = new CsvScorer().score(input, output);
            System.err.println("scored " + n + " points into " + output);
            return ExitCodes.OK;
        } catch (IllegalArgumentException e) {
            throw new ExitCodes.BadInputException(e.getMessage(), e);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ExitCodes.BadInputException(input + ": no such file", e);
        }
    }
}
