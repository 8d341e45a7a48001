package io.slowburn.cli;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.slowburn.detector.service.MetricsEndpoint;
import io.slowburn.detector.service.StreamsHealth;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Option;

/**
 * {@code --metrics-port} and {@code --metrics-address} of the long-running commands other than {@code run}
 * ({@code alerts forward}, {@code ingest otlp}): their own metrics on the detector's {@link MetricsEndpoint} (a
 * Prometheus scrape at {@code /metrics}, {@code /healthz}, {@code /ready}), off unless a port is given.
 */
final class MetricsOption {

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve /metrics (Prometheus), /healthz and /ready on PORT (0: any free port, printed). Default: off.")
    Integer port;

    @Option(names = "--metrics-address", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "The address of --metrics-port (0.0.0.0: every interface). Default: ${DEFAULT-VALUE}.")
    String address;

    /**
     * Starts the endpoint with {@code binders}' metrics when a port was given, else returns {@code null}. The probes
     * answer as for a Kafka Streams client that is {@code RUNNING} while {@code running} is true (ready and live),
     * else {@code NOT_RUNNING} (neither): the endpoint and its probes are the detector's, unchanged.
     */
    MetricsEndpoint start(String command, BooleanSupplier running, PrintWriter err, MeterBinder... binders) {
        if (port == null) {
            return null;
        }
        if (port < 0 || port > 65_535) {
            throw new ExitCodes.BadInputException("--metrics-port must be 0..65535, got " + port);
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        for (MeterBinder b : binders) {
            b.bindTo(registry);
        }
        StreamsHealth health = new StreamsHealth(() -> running.getAsBoolean() ? KafkaStreams.State.RUNNING
                : KafkaStreams.State.NOT_RUNNING);
        MetricsEndpoint endpoint;
        try {
            endpoint = MetricsEndpoint.start(registry, address, port, health);
        } catch (UncheckedIOException e) {
            throw new ExitCodes.BadInputException("--metrics-address " + address + " --metrics-port " + port + ": "
                    + e.getCause().getMessage(), e);
        }
        err.println(command + ": metrics on http://" + address + ":" + endpoint.port() + "/metrics");
        err.flush();
        return endpoint;
    }
}
