package io.slowburn.cli;

import io.slowburn.ingest.Collector;
import io.slowburn.ingest.IngestRunner;
import io.slowburn.ingest.SourceNames;
import io.slowburn.ingest.jvm.JmxCollector;
import io.slowburn.ingest.jvm.JmxOptions;
import io.slowburn.ingest.os.ProcCollector;
import io.slowburn.ingest.os.ProcOptions;
import io.slowburn.ingest.prometheus.PrometheusMapping;
import io.slowburn.ingest.prometheus.PrometheusScraper;
import io.slowburn.ingest.prometheus.ScrapeOptions;
import io.slowburn.ingest.publish.JsonLinesSink;
import io.slowburn.ingest.publish.KafkaRecordSink;
import io.slowburn.ingest.publish.RecordSink;
import io.slowburn.ingest.publish.TelemetryPublisher;
import io.slowburn.kafka.TopicNames;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code slowburn ingest os|jvm|prometheus}: the telemetry adapters of module {@code ingest}, wired to a sink (Kafka,
 * or a JSON Lines file with {@code --output}). Each runs until SIGTERM or Ctrl-C (which flushes what was read), or
 * polls once with {@code --once}. {@code ingest simulate} generates a scenario instead ({@link SimulateCommand}).
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Publishes telemetry to Kafka (or to a JSON Lines file with --output): os (/proc), jvm (JMX), prometheus "
                + "(scrapes), otlp (OpenTelemetry), simulate (a scenario).",
        subcommands = {IngestCommand.Os.class, IngestCommand.Jvm.class, IngestCommand.Prometheus.class, OtlpIngestCommand.class,
            SimulateCommand.class})
final class IngestCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: os, jvm, prometheus, otlp or simulate");
    }

    /** The flags every adapter shares. */
    static class Common {

        @Mixin
        KafkaConnection kafka;

        @Option(names = "--output", paramLabel = "FILE", description = "Write contract JSON Lines to FILE (appending) instead of Kafka.")
        Path output;

        @Option(names = "--source", paramLabel = "NAME", description = "The 'source' of every record. Default: the host name.")
        String source;

        @Option(names = "--once", description = "Poll once, publish, flush and exit (tests, cron).")
        boolean once;

        String source() {
            if (source == null) {
                return SourceNames.defaultSource();
            }
            String s = SourceNames.sanitize(source);
            if (s.isEmpty()) {
                throw new ExitCodes.BadInputException("--source must not be blank");
            }
            return s;
        }

        RecordSink sink() {
            if (output != null) {
                try {
                    return new JsonLinesSink(output);
                } catch (UncheckedIOException e) {
                    throw new ExitCodes.BadInputException("--output '" + output + "': cannot open for writing: "
                            + e.getCause().getMessage(), e);
                }
            }
            TopicNames topics = kafka.topics();
            String servers = kafka.bootstrapServers();
            return new KafkaRecordSink(servers, topics.metrics(), topics.events(),
                    kafka.extraSettings(KafkaRecordSink.producerConfig(servers, Map.of()).keySet()));
        }

        String target() {
            return output != null ? output.toString()
                    : kafka.bootstrapServers + " (" + kafka.topicPrefix + "metrics, " + kafka.topicPrefix + "events)";
        }
    }

    /** The shared flags plus the poll interval: for the adapters that poll (ingest otlp is fed, it does not poll). */
    static final class Polled extends Common {

        @Option(names = "--interval", paramLabel = "D", defaultValue = "10s", converter = DurationConverter.class,
                description = "Time between polls. Default: ${DEFAULT-VALUE}.")
        Duration interval;

        Duration interval() {
            if (interval.isZero() || interval.isNegative()) {
                throw new ExitCodes.BadInputException("--interval must be positive, got '" + interval + "'");
            }
            return interval;
        }
    }

    /**
     * Runs one adapter: once, or until a shutdown hook closes the runner. The collector is built before the sink, so
     * that bad input is reported before anything is opened.
     */
    static int run(CommandLine.Model.CommandSpec spec, Polled common, String what, Supplier<Collector> collectorFactory) {
        PrintWriter err = spec.commandLine().getErr();
        Duration interval = common.interval();
        Collector collector = collectorFactory.get();
        RecordSink sink;
        try {
            sink = common.sink();
        } catch (RuntimeException e) {
            collector.close();
            throw e;
        }
        TelemetryPublisher publisher = new TelemetryPublisher(sink);
        err.println("slowburn ingest " + what + ": publishing to " + common.target()
                + (common.once ? " once" : " every " + DurationText.of(interval)));
        err.flush();
        try (IngestRunner runner = new IngestRunner(collector, publisher, interval)) {
            if (common.once) {
                runner.pollOnce();
                printCapabilities(err, what, collector.capabilities());
            } else {
                Thread hook = new Thread(runner::close, "slowburn-ingest-shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
                runner.start();
                awaitFirstPoll(runner, interval);
                printCapabilities(err, what, collector.capabilities());
                runner.run();
                removeHook(hook);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long sent = publisher.metrics().sentCount();
        long failed = publisher.metrics().failedCount();
        err.println("slowburn ingest " + what + ": " + sent + " record(s) published" + (failed > 0 ? ", " + failed + " failed" : ""));
        if (common.once && sent == 0) {
            err.println("slowburn ingest " + what + ": nothing was read or published");
        }
        err.flush();
        return failed > 0 || (common.once && sent == 0) ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    private static void awaitFirstPoll(IngestRunner runner, Duration interval) throws InterruptedException {
        long deadline = System.nanoTime() + Math.min(interval.toNanos(), Duration.ofSeconds(30).toNanos());
        while (runner.polls() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook is what ended run().
        }
    }

    static void printCapabilities(PrintWriter err, String what, List<String> capabilities) {
        if (capabilities.isEmpty()) {
            err.println("slowburn ingest " + what + ": sees everything it reads");
        } else {
            err.println("slowburn ingest " + what + ": cannot see " + capabilities.size() + " thing(s):");
            for (String c : capabilities) {
                err.println("  - " + c);
            }
        }
        err.flush();
    }

    @Command(name = "os", mixinStandardHelpOptions = true,
            description = "Linux /proc: memory, CPU, file descriptors, process count, OOM kills, process events. "
                    + "Works unprivileged: prints what it cannot see at start.")
    static final class Os implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Polled common;

        @Option(names = "--proc-root", paramLabel = "DIR", defaultValue = "/proc",
                description = "The proc file system. Default: ${DEFAULT-VALUE}.")
        Path procRoot;

        @Option(names = "--passwd", paramLabel = "FILE",
                description = "uid to user names. Default: /etc/passwd (numeric uids when unreadable).")
        Path passwd;

        @Option(names = "--watch", paramLabel = "REGEX", description = "Regex on process comm/exe: their fd counts as os.process.fd.open.")
        String watch;

        @Option(names = "--no-process-events", description = "Do not diff process tables into process.start/exit/exec events.")
        boolean noProcessEvents;

        @Override
        public Integer call() {
            if (!Files.isDirectory(procRoot)) {
                throw new ExitCodes.BadInputException("--proc-root '" + procRoot + "' is not a directory");
            }
            if (passwd != null && !Files.isReadable(passwd)) {
                throw new ExitCodes.BadInputException("--passwd '" + passwd + "': cannot read the file");
            }
            Pattern pattern = null;
            if (watch != null) {
                try {
                    pattern = Pattern.compile(watch);
                } catch (PatternSyntaxException e) {
                    throw new ExitCodes.BadInputException("--watch '" + watch + "' is not a regular expression: "
                            + e.getDescription(), e);
                }
            }
            ProcOptions options = new ProcOptions(common.source(), procRoot, passwd == null ? ProcOptions.DEFAULT_PASSWD : passwd,
                    pattern, common.interval(), !noProcessEvents);
            return run(spec, common, "os", () -> new ProcCollector(options, Clock.systemUTC()));
        }
    }

    @Command(name = "jvm", mixinStandardHelpOptions = true,
            description = {"A remote JVM over JMX: heap used/max, GC time, live threads.",
                "In-process, use JvmTelemetry.start(bootstrap, source) or "
                    + "-javaagent:slowburn.jar=bootstrap=H:P,source=NAME,interval=10s instead."})
    static final class Jvm implements Callable<Integer> {

        static final String PASSWORD_ENV = "SLOWBURN_JMX_PASSWORD";

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Polled common;

        @Option(names = "--jmx-url", paramLabel = "URL", required = true,
                description = "e.g. service:jmx:rmi:///jndi/rmi://host:9010/jmxrmi")
        String jmxUrl;

        @Option(names = "--jmx-user", paramLabel = "USER", description = "JMX user name (the password comes from --jmx-password-file or $"
                + PASSWORD_ENV + ", never from a flag).")
        String jmxUser;

        @Option(names = "--jmx-password-file", paramLabel = "FILE", description = "File whose first line is the JMX password.")
        Path jmxPasswordFile;

        /** The environment; replaced in tests. */
        Function<String, String> env = System::getenv;

        @Override
        public Integer call() {
            String password = password();
            if (password != null && jmxUser == null) {
                throw new ExitCodes.BadInputException("a JMX password was given but no --jmx-user");
            }
            if (jmxUser != null && password == null) {
                throw new ExitCodes.BadInputException("--jmx-user '" + jmxUser + "' needs --jmx-password-file or $" + PASSWORD_ENV);
            }
            JmxOptions options = new JmxOptions(jmxUrl, common.source(), common.interval(), jmxUser, password);
            JmxCollector collector;
            try {
                collector = new JmxCollector(options, Clock.systemUTC());
            } catch (IllegalArgumentException e) {
                throw new ExitCodes.BadInputException(e.getMessage(), e);
            }
            return run(spec, common, "jvm", () -> collector);
        }

        private String password() {
            if (jmxPasswordFile != null) {
                try {
                    List<String> lines = Files.readAllLines(jmxPasswordFile, StandardCharsets.UTF_8);
                    if (lines.isEmpty() || lines.get(0).isEmpty()) {
                        throw new ExitCodes.BadInputException("--jmx-password-file '" + jmxPasswordFile + "' is empty");
                    }
                    return lines.get(0).strip();
                } catch (IOException e) {
                    throw new ExitCodes.BadInputException("--jmx-password-file '" + jmxPasswordFile + "': cannot read: " + e, e);
                }
            }
            String fromEnv = env.apply(PASSWORD_ENV);
            return fromEnv == null || fromEnv.isEmpty() ? null : fromEnv;
        }
    }

    @Command(name = "prometheus", mixinStandardHelpOptions = true,
            description = "Scrapes a Prometheus/OpenMetrics endpoint and maps it to contract metrics.")
    static final class Prometheus implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Polled common;

        @Option(names = "--url", paramLabel = "URL", required = true,
                description = "The metrics endpoint, e.g. http://127.0.0.1:9100/metrics")
        String url;

        @Option(names = "--mapping", paramLabel = "NAME|FILE",
                description = "A built-in mapping (node_exporter, micrometer, otel; or builtin:NAME) or a YAML file of renames, "
                        + "types and limits; repeatable (rules tried in order). Default: every sample under its name.")
        List<String> mappings = List.of();

        @Option(names = "--timeout", paramLabel = "D", defaultValue = "5s", converter = DurationConverter.class,
                description = "Timeout of one scrape, connect included. Default: ${DEFAULT-VALUE}.")
        Duration timeout;

        @Override
        public Integer call() {
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new ExitCodes.BadInputException("invalid --url '" + url + "': " + e.getMessage(), e);
            }
            if (uri.getHost() == null) {
                throw new ExitCodes.BadInputException("invalid --url '" + url + "': no host (expected http://HOST:PORT/metrics)");
            }
            if (timeout.isZero() || timeout.isNegative()) {
                throw new ExitCodes.BadInputException("--timeout must be positive, got '" + timeout + "'");
            }
            PrometheusMapping m = mappings.isEmpty() ? PrometheusMapping.identity() : mapping(mappings);
            ScrapeOptions options;
            try {
                options = new ScrapeOptions(uri, common.source(), common.interval(), timeout, m);
            } catch (IllegalArgumentException e) {
                throw new ExitCodes.BadInputException(e.getMessage(), e);
            }
            return run(spec, common, "prometheus", () -> new PrometheusScraper(options, Clock.systemUTC()));
        }
    }

    /** The {@code --mapping} values as one mapping: built-in names or files, in order; a bad one is bad input. */
    static PrometheusMapping mapping(List<String> specs) {
        List<PrometheusMapping> loaded = new ArrayList<>();
        for (String spec : specs) {
            try {
                loaded.add(PrometheusMapping.resolve(spec));
            } catch (IllegalArgumentException e) {
                throw new ExitCodes.BadInputException("--mapping: " + e.getMessage(), e);
            }
        }
        return PrometheusMapping.combine(loaded);
    }

    /** {@code 10s}, {@code 1m30s}, {@code 500ms}: durations as the flags spell them. */
    static final class DurationText {

        private DurationText() {
        }

        static String of(Duration d) {
            if (d.toMillis() < 1000 || d.toMillis() % 1000 != 0) {
                return d.toMillis() + "ms";
            }
            long s = d.getSeconds();
            if (s % 3600 == 0) {
                return s / 3600 + "h";
            }
            if (s % 60 == 0) {
                return s / 60 + "m";
            }
            return s + "s";
        }
    }
}
