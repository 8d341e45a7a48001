package io.slowburn.cli;

import io.slowburn.ingest.publish.KafkaRecordSink;
import io.slowburn.ingest.simulate.ScenarioCatalog;
import io.slowburn.ingest.simulate.SimulateOptions;
import io.slowburn.ingest.simulate.SimulateRunner;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code slowburn ingest simulate}: a scenario's records in accelerated event time, to Kafka or a JSON Lines file. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Generates a scenario (hosts, baseline behaviour, incidents, signed experiment declarations) as contract "
                + "records in event-time order, to Kafka or to a JSON Lines file. Deterministic for a seed.")
final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--scenario", paramLabel = "NAME|FILE", required = true,
            description = "A scenario file (YAML) or a built-in name: ${COMPLETION-CANDIDATES}.",
            completionCandidates = ScenarioNames.class)
    String scenario;

    @Option(names = "--speed", paramLabel = "X", defaultValue = SimulateOptions.DEFAULT_SPEED,
            description = "Event-time seconds per wall second when publishing to Kafka; 0 or max: as fast as possible. "
                    + "Default: ${DEFAULT-VALUE}.")
    String speed;

    @Option(names = "--output", paramLabel = "FILE", description = "Write JSON Lines here instead of publishing (not paced).")
    Path output;

    @Option(names = "--truth", paramLabel = "FILE",
            description = "Also write the scenario's truth here (JSON Lines: incidents with the verdict "
            + "and signals they deserve, benign confounders, declarations), for scoring a detector.")
    Path truth;

    @Mixin
    KafkaConnection kafka;

    @Override
    public Integer call() throws Exception {
        String servers = null;
        Map<String, Object> extra = Map.of();
        if (output == null) {
            servers = kafka.bootstrapServers();
            kafka.topics(); // an invalid prefix is bad input, quoted, before anything is generated
            extra = kafka.extraSettings(KafkaRecordSink.producerConfig(servers, Map.of()).keySet());
        }
        try {
            return new SimulateRunner(new SimulateOptions(scenario, speed, output, servers, kafka.topicPrefix,
                    extra, truth), System.err).run();
        } catch (IllegalArgumentException e) {
            throw new ExitCodes.BadInputException(e.getMessage(), e);
        }
    }

    /** The built-in scenario names, for the help text. */
    static final class ScenarioNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return ScenarioCatalog.names().iterator();
        }
    }
}
