package io.slowburn.cli;

import io.slowburn.analysis.anomaly.CsvScorer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code slowburn score}: the generic univariate streaming anomaly score over a CSV file. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Scores a univariate series with the streaming anomaly scorer; writes timestamp,value,anomaly_score "
                + "with scores in [0,1]. Causal: a score never depends on later points; one configuration for every series.",
            "Timestamps: YYYY-MM-DD HH:MM:SS or ISO-8601 without a zone are read as UTC; ISO-8601 with a zone or offset; "
                + "epoch seconds or epoch milliseconds, decided per file from their magnitude (below 1e11 is seconds) "
                + "and said on stderr.",
            "A bad line stops the run with its line number and the problem (exit 2); the output file is only written "
                + "when the whole input was read."})
final class ScoreCommand implements Callable<Integer> {

    @Option(names = "--input", paramLabel = "FILE", required = true,
            description = "CSV with a time and a value column; a header line naming them is optional for timestamp,value.")
    Path input;

    @Option(names = "--output", paramLabel = "FILE", required = true, description = "CSV to write: timestamp,value,anomaly_score.")
    Path output;

    @Option(names = "--time-column", paramLabel = "NAME", defaultValue = "timestamp",
            description = "Header name of the time column. Default: ${DEFAULT-VALUE}.")
    String timeColumn;

    @Option(names = "--value-column", paramLabel = "NAME", defaultValue = "value",
            description = "Header name of the value column. Default: ${DEFAULT-VALUE}.")
    String valueColumn;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try {
            CsvScorer.Result r = new CsvScorer(new CsvScorer.Columns(timeColumn, valueColumn)).score(input, output);
            if (r.timestamps() != null) {
                spec.commandLine().getErr().println(input + ": " + r.timestamps());
            }
            spec.commandLine().getErr().println("scored " + r.rows() + " points into " + output);
            return ExitCodes.OK;
        } catch (IllegalArgumentException e) {
            throw new ExitCodes.BadInputException(e.getMessage(), e);
        } catch (NoSuchFileException e) {
            throw new ExitCodes.BadInputException(e.getFile() + ": no such file", e);
        }
    }
}
