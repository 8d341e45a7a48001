package io.slowburn.cli;

import io.slowburn.broker.EmbeddedKafkaBroker;
import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.DetectorService;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code slowburn run}: the detector service, until SIGTERM or Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs the detector service (Kafka Streams) until SIGTERM or Ctrl-C.")
final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    DetectorOptions options;

    @Option(names = "--bootstrap-servers", paramLabel = "H:P",
            description = "Kafka brokers (host:port, comma-separated; bootstrap.servers). Default: 127.0.0.1:9092.")
    String bootstrapServers;

    @Option(names = "--embedded", description = "Start an embedded single-node broker and run against it.")
    boolean embedded;

    @Option(names = "--metrics-port", paramLabel = "PORT", description = "Port of /metrics (metrics.port); 0 disables it. Default: 9464.")
    Integer metricsPort;

    @Override
    public Integer call() throws Exception {
        Map<String, String> more = new HashMap<>();
        if (bootstrapServers != null) {
            more.put(DetectorConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        }
        if (metricsPort != null) {
            more.put(DetectorConfig.METRICS_PORT, metricsPort.toString());
        }
        EmbeddedKafkaBroker broker = null;
        if (embedded) {
            broker = EmbeddedKafkaBroker.start();
            more.put(DetectorConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
            System.out.println("Embedded Kafka broker on " + broker.bootstrapServers());
        }
        DetectorConfig config = options.config(more);
        // Before the streams start: a SIGTERM while they come up is a graceful stop too, not the JVM's exit 143.
        StopSignals signals = StopSignals.install();
        try {
            var setup = Detection.live(config);
            var rules = setup.rules();
            DetectorService service = DetectorService.start(config, setup);
            final EmbeddedKafkaBroker toClose = broker;
            // Only for a stop that is not SIGTERM/Ctrl-C (e.g. SIGHUP): the JVM is going down, close what we can.
            Thread hook = new Thread(() -> close(service, toClose), "slowburn-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            String brokers = String.join(",", config.getList(DetectorConfig.BOOTSTRAP_SERVERS));
            String dir = config.getString(DetectorConfig.RULES_DIR);
            long every = config.getLong(DetectorConfig.RULES_RELOAD_INTERVAL_MS);
            System.out.println("slowburn detector running against " + brokers + " with " + rules.rules().size() + " rules"
                    + service.metricsPort().map(p -> "; metrics on :" + p + "/metrics").orElse("")
                    + (dir.isBlank() || every == 0 ? "" : "; watching " + dir + " for rule changes every " + every + " ms")
                    + (config.getBoolean(DetectorConfig.RULES_TOPIC_ENABLED) ? "; reading rules from " + config.topics().rules() : ""));
            boolean stopRequested = false;
            while (!stopRequested && !service.awaitStop(Duration.ofMillis(200))) {
                stopRequested = signals.await(0);
            }
            boolean failed = !stopRequested && service.state() == KafkaStreams.State.ERROR;
            LOG.info("stopping ({})", stopRequested ? "stop requested" : "streams " + service.state());
            Runtime.getRuntime().removeShutdownHook(hook);
            close(service, toClose);
            LOG.info("slowburn detector stopped{}", failed ? " after an error" : "");
            return failed ? ExitCodes.FAILURE : ExitCodes.OK;
        } catch (RuntimeException e) {
            if (broker != null) {
                broker.close();
            }
            throw e;
        }
    }

    private static void close(DetectorService service, EmbeddedKafkaBroker broker) {
        service.close();
        if (broker != null) {
            broker.close();
        }
    }
}
