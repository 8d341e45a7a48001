package io.slowburn.cli;

import io.slowburn.detector.service.MetricsEndpoint;
import io.slowburn.ingest.otlp.InvalidOtlpException;
import io.slowburn.ingest.otlp.OtlpConverter;
import io.slowburn.ingest.otlp.OtlpEncoding;
import io.slowburn.ingest.otlp.OtlpFileReader;
import io.slowburn.ingest.otlp.OtlpHttpReceiver;
import io.slowburn.ingest.otlp.OtlpKafkaIngest;
import io.slowburn.ingest.prometheus.PrometheusMapping;
import io.slowburn.ingest.publish.DeadLetterSink;
import io.slowburn.ingest.publish.JsonLinesDeadLetterSink;
import io.slowburn.ingest.publish.KafkaDeadLetterSink;
import io.slowburn.ingest.publish.KafkaRecordSink;
import io.slowburn.ingest.publish.RecordSink;
import io.slowburn.ingest.publish.TelemetryPublisher;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code slowburn ingest otlp}: OpenTelemetry metrics in, contract samples out. Reads the Collector's
 * {@code kafkaexporter} topic in a consumer group (the default), a file of requests ({@code --input}), or listens for
 * OTLP/HTTP ({@code --listen}); maps semantic-convention names with the built-in {@code otel} mapping unless
 * {@code --mapping} says otherwise.
 */
@Command(name = "otlp", mixinStandardHelpOptions = true,
        description = {"OpenTelemetry metrics (OTLP) from the Collector's kafkaexporter topic, a file, or OTLP/HTTP, mapped to "
                + "contract metrics (built-in mapping 'otel' by default).",
            "Offsets are committed after the samples are acknowledged and the records it cannot use are in the dead letter "
                + "(<prefix>dlq, or --dlq FILE); --once stops when the topic is read to its end."})
final class OtlpIngestCommand implements Callable<Integer> {

    private static final int FLUSH_EVERY = 2_000;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    IngestCommand.Common common;

    @Option(names = "--topic", paramLabel = "T", defaultValue = OtlpKafkaIngest.DEFAULT_TOPIC,
            description = "The kafkaexporter's metrics topic. Default: ${DEFAULT-VALUE}.")
    String topic;

    @Option(names = "--encoding", paramLabel = "E", defaultValue = "otlp_proto",
            description = "otlp_proto or otlp_json, as the exporter's 'encoding'. Default: ${DEFAULT-VALUE}.")
    String encoding;

    @Option(names = "--group", paramLabel = "ID", defaultValue = OtlpKafkaIngest.DEFAULT_GROUP,
            description = "Consumer group. Default: ${DEFAULT-VALUE}.")
    String group;

    @Option(names = "--from-beginning", description = "A new group starts at the beginning of the topic (default: its end).")
    boolean fromBeginning;

    @Option(names = "--otlp-bootstrap-servers", paramLabel = "H:P",
            description = "Brokers of the OTLP topic, when not those of --bootstrap-servers.")
    String otlpBootstrapServers;

    @Option(names = "--input", paramLabel = "FILE",
            description = "Read OTLP requests from FILE instead: OTLP JSON (one per line) or length-prefixed protobuf.")
    Path input;

    @Option(names = "--listen", paramLabel = "[HOST:]PORT",
            description = "Receive OTLP/HTTP instead: POST /v1/metrics, protobuf or JSON (HOST default 127.0.0.1).")
    String listen;

    @Option(names = "--mapping", paramLabel = "NAME|FILE", description = "Built-in mapping or YAML file; repeatable. Default: otel.")
    List<String> mappings = List.of();

    @Option(names = "--dlq", paramLabel = "FILE",
            description = "Reading a topic: dead letters (records that are not OTLP metrics) to FILE as JSON Lines instead of the "
                    + "<prefix>dlq topic. Default with --output: the output file's name + '.dlq'.")
    Path dlq;

    @Mixin
    MetricsOption metricsOption;

    @Option(names = "--max-streams", paramLabel = "N", defaultValue = "" + OtlpConverter.DEFAULT_MAX_STREAMS,
            description = "Streams whose delta or histogram state is kept (least recently seen forgotten). Default: ${DEFAULT-VALUE}.")
    int maxStreams;

    /** The clock that stamps points without a time (file, HTTP); replaced in tests. */
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        if (input != null && listen != null) {
            throw new ExitCodes.BadInputException("give --input or --listen, not both");
        }
        if (dlq != null && (input != null || listen != null)) {
            throw new ExitCodes.BadInputException("--dlq is for reading a topic: a bad record of --input is exit 2, of --listen an "
                    + "HTTP 400 to its sender");
        }
        if (input != null && !Files.isReadable(input)) {
            throw new ExitCodes.BadInputException("--input '" + input + "': cannot read the file");
        }
        if (maxStreams < 1) {
            throw new ExitCodes.BadInputException("--max-streams must be at least 1, got " + maxStreams);
        }
        OtlpEncoding enc;
        try {
            enc = OtlpEncoding.fromWire(encoding);
        } catch (IllegalArgumentException e) {
            throw new ExitCodes.BadInputException("--encoding: " + e.getMessage(), e);
        }
        InetSocketAddress address = listen == null ? null : address(listen);
        PrometheusMapping mapping = IngestCommand.mapping(mappings.isEmpty() ? List.of("otel") : mappings);
        OtlpConverter converter = new OtlpConverter(mapping, common.source(), maxStreams);
        RecordSink sink = common.sink();
        PrintWriter err = spec.commandLine().getErr();
        TelemetryPublisher publisher = new TelemetryPublisher(sink);
        try {
            if (input != null) {
                err.println("slowburn ingest otlp: reading " + input + ", publishing to " + common.target());
                err.flush();
                readFile(converter, publisher);
            } else if (address != null) {
                listen(address, converter, publisher, err);
            } else {
                consume(enc, converter, publisher, err);
            }
        } finally {
            publisher.close();
        }
        IngestCommand.printCapabilities(err, "otlp", converter.capabilities());
        long sent = publisher.metrics().sentCount();
        long failed = publisher.metrics().failedCount();
        err.println("slowburn ingest otlp: " + converter.resources() + " resource(s) read, " + sent + " record(s) published"
                + (failed > 0 ? ", " + failed + " failed" : ""));
        err.flush();
        return failed > 0 ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    private void readFile(OtlpConverter converter, TelemetryPublisher publisher) {
        AtomicLong pending = new AtomicLong();
        try {
            OtlpFileReader.read(input, request -> {
                var samples = converter.convert(request, clock.millis());
                publisher.publishAll(samples);
                // The publisher's buffer is bounded and drops its oldest: a file is read no faster than it is sent.
                if (pending.addAndGet(samples.size()) >= FLUSH_EVERY) {
                    publisher.flush();
                    pending.set(0);
                }
            });
        } catch (InvalidOtlpException e) {
            throw new ExitCodes.BadInputException(e.getMessage(), e);
        } catch (IOException e) {
            throw new ExitCodes.BadInputException("--input '" + input + "': " + e.getMessage(), e);
        }
    }

    private void consume(OtlpEncoding enc, OtlpConverter converter, TelemetryPublisher publisher, PrintWriter err) {
        String servers = otlpBootstrapServers != null ? otlpBootstrapServers : common.kafka.bootstrapServers;
        if (servers == null || servers.isBlank()) {
            throw new ExitCodes.BadInputException("give --otlp-bootstrap-servers or --bootstrap-servers");
        }
        err.println("slowburn ingest otlp: reading " + topic + " (" + enc.wire() + ", group " + group + ") at " + servers
                + ", publishing to " + common.target() + (common.once ? " until caught up" : ""));
        err.flush();
        DeadLetterSink deadLetters = deadLetterSink();
        OtlpKafkaIngest ingest = new OtlpKafkaIngest(OtlpKafkaIngest.consumer(servers, group, fromBeginning), topic, enc, converter,
                publisher, deadLetters);
        MetricsEndpoint endpoint;
        try {
            endpoint = metricsOption.start("slowburn ingest otlp", () -> true, err, ingest.metrics(), publisher.metrics());
        } catch (RuntimeException e) {
            deadLetters.close();
            throw e;
        }
        Thread hook = new Thread(() -> {
            ingest.close();
            try {
                // The JVM ends when the hooks return: let the last batch be delivered and the consumer leave its group.
                ingest.awaitStopped(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            publisher.close();
        }, "slowburn-ingest-otlp-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            ingest.run(common.once, Duration.ofSeconds(30));
        } catch (IllegalStateException e) {
            throw new ExitCodes.BadInputException(e.getMessage(), e);
        } finally {
            removeHook(hook);
            deadLetters.close();
            if (endpoint != null) {
                endpoint.close();
            }
        }
        err.println("slowburn ingest otlp: " + ingest.records() + " record(s) read, " + ingest.invalidRecords() + " not OTLP metrics"
                + (ingest.invalidRecords() > 0 ? " (dead letters in " + deadLetters.target() + ")" : "") + ", "
                + ingest.commits() + " commit(s)");
    }

    /** {@code --dlq FILE}; else next to {@code --output}; else the dead-letter topic where the samples go. */
    private DeadLetterSink deadLetterSink() {
        Path file = dlq != null ? dlq : common.output == null ? null : Path.of(common.output + ".dlq");
        if (file != null) {
            try {
                return new JsonLinesDeadLetterSink(file);
            } catch (UncheckedIOException e) {
                throw new ExitCodes.BadInputException("--dlq '" + file + "': " + e.getCause().getMessage(), e);
            }
        }
        String servers = common.kafka.bootstrapServers();
        return new KafkaDeadLetterSink(servers, common.kafka.topics().dlq(),
                common.kafka.extraSettings(KafkaRecordSink.producerConfig(servers, Map.of()).keySet()));
    }

    private void listen(InetSocketAddress address, OtlpConverter converter, TelemetryPublisher publisher, PrintWriter err) {
        OtlpHttpReceiver receiver;
        try {
            receiver = OtlpHttpReceiver.start(address, converter, publisher, clock);
        } catch (IOException e) {
            throw new ExitCodes.BadInputException("--listen '" + listen + "': " + e.getMessage(), e);
        }
        err.println("slowburn ingest otlp: listening on http://" + address.getHostString() + ":" + receiver.port()
                + OtlpHttpReceiver.PATH + ", publishing to " + common.target());
        err.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            receiver.close();
            publisher.close();
            stopped.countDown();
        }, "slowburn-ingest-otlp-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            receiver.close();
        }
        removeHook(hook);
    }

    private static InetSocketAddress address(String spec) {
        int colon = spec.lastIndexOf(':');
        String host = colon < 0 ? "127.0.0.1" : spec.substring(0, colon);
        String port = colon < 0 ? spec : spec.substring(colon + 1);
        try {
            int p = Integer.parseInt(port);
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(host.isEmpty() ? "127.0.0.1" : host, p);
        } catch (NumberFormatException e) {
            throw new ExitCodes.BadInputException("--listen '" + spec + "': expected [HOST:]PORT, e.g. 4318 or 0.0.0.0:4318", e);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook is what stopped us.
        }
    }
}
