package io.slowburn.cli;

import io.slowburn.ingest.simulate.ScenarioCatalog;
import io.slowburn.ingest.simulate.SimulateOptions;
import io.slowburn.ingest.simulate.SimulateRunner;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slowburn ingest simulate}: a scenario's records in accelerated event time, to Kafka or a JSON Lines file. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Generates a scenario (hosts, baseline behaviour, incidents, signed experiment declarations) as contract "
                + "records in event-time order, to Kafka or to a JSON Lines file. Deterministic for a seed.")
final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--scenario", required = true, description = "A scenario file (YAML) or a built-in name: ${COMPLETION-CANDIDATES}.",
            completionCandidates = ScenarioNames.class)
    String scenario;

    @Option(names = "--speed", defaultValue = SimulateOptions.DEFAULT_SPEED,
            description = "Event-time seconds per wall second when publishing to Kafka; 0 or max: as fast as possible. "
                    + "Default: ${DEFAULT-VALUE}.")
    String speed;

    @Option(names = "--output", description = "Write JSON Lines here instead of publishing (not paced).")
    Path output;

    @Option(names = "--truth", description = "Also write the scenario's truth here (JSON Lines: incidents with the verdict "
            + "and signals they deserve, benign confounders, declarations), for scoring a detector.")
    Path truth;

    @Option(names = "--bootstrap-servers", paramLabel = "H:P", defaultValue = "127.0.0.1:9092",
            description = "Kafka brokers (host:port, comma-separated). Default: ${DEFAULT-VALUE}.")
    String bootstrapServers;

    @Option(names = "--topic-prefix", paramLabel = "P", defaultValue = SimulateOptions.DEFAULT_TOPIC_PREFIX,
            description = "Topic names start with P. Default: '${DEFAULT-VALUE}'.")
    String topicPrefix;

    @Override
    public Integer call() throws Exception {
        try {
            return new SimulateRunner(new SimulateOptions(scenario, speed, output, output == null ? bootstrapServers : null,
                    topicPrefix, Map.of(), truth), System.err).run();
        } catch (IllegalArgumentException e) {
            throw new ExitCodes.BadInputException(e.getMessage(), e);
        }
    }

    /** The built-in scenario names, for the help text. */
    static final class ScenarioNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return ScenarioCatalog.names().iterator();
        }
    }
}
