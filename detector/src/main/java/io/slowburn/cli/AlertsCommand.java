package io.slowburn.cli;

import io.slowburn.alerts.AlertFilter;
import io.slowburn.alerts.AlertFormatter;
import io.slowburn.alerts.AlertTail;
import io.slowburn.alerts.AlertmanagerSink;
import io.slowburn.model.Severity;
import io.slowburn.model.Verdict;
import java.io.Console;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slowburn alerts tail} (subscribes to the alert topic) and {@code alerts forward} (sends alerts on, as a service). */
@Command(name = "alerts", mixinStandardHelpOptions = true,
        description = "Alert subscribers: tail prints alerts as they arrive, forward sends them on (a service).",
        subcommands = {AlertsCommand.Tail.class, AlertsForward.class})
final class AlertsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: tail, forward");
    }

    @Command(name = "tail", mixinStandardHelpOptions = true,
            description = "Prints alerts as they arrive on <prefix>alerts (committed records only), one readable line each or "
                    + "the raw JSON; optionally forwards them to an Alertmanager. Runs until Ctrl-C, --max or --timeout.")
    static final class Tail implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        KafkaConnection kafka;

        @Option(names = "--verdict", split = ",", paramLabel = "V",
                description = "Only these verdicts (suspicious, sanctioned, breach; repeatable or comma-separated). Default: all.")
        List<Verdict> verdicts;

        @Option(names = "--severity", paramLabel = "S",
                description = "Minimum severity (info, warning, critical): warning shows warning and critical. Default: all.")
        Severity severity;

        @Option(names = "--json", description = "Print each alert's JSON as received, one per line.")
        boolean json;

        @Option(names = "--from-beginning", description = "Start at the oldest retained alert instead of the newest.")
        boolean fromBeginning;

        @Option(names = "--alertmanager-url", paramLabel = "URL",
                description = "Also POST each shown alert to this Alertmanager (http://HOST:9093), with bounded retries.")
        String alertmanagerUrl;

        @Option(names = "--generator-url", paramLabel = "URL", description = "generatorURL of alerts sent to Alertmanager.")
        String generatorUrl;

        @Option(names = "--max", paramLabel = "N", defaultValue = "0", description = "End after N alerts shown; 0: no limit. "
                + "Default: ${DEFAULT-VALUE}.")
        long max;

        @Option(names = "--timeout", paramLabel = "D", converter = DurationConverter.class,
                description = "End after this long, e.g. 30s (default: run until Ctrl-C).")
        Duration timeout;

        @Override
        public Integer call() {
            if (max < 0) {
                throw new ExitCodes.BadInputException("--max must be at least 0, got " + max);
            }
            if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
                throw new ExitCodes.BadInputException("--timeout must be positive, got '" + timeout + "'");
            }
            String topic = kafka.topics().alerts();
            String bootstrapServers = kafka.bootstrapServers();
            AlertmanagerSink alertmanager = alertmanager();
            AlertFilter filter = new AlertFilter(verdicts == null || verdicts.isEmpty() ? EnumSet.noneOf(Verdict.class)
                    : EnumSet.copyOf(verdicts), severity);
            // Colors only on a terminal; never when the output is captured (tests, pipes) or JSON.
            boolean color = !json && stdoutIsTerminal() && System.getenv("NO_COLOR") == null;
            AlertTail.Options options = new AlertTail.Options(topic, fromBeginning, filter, json, max, timeout);
            CountDownLatch finished = new CountDownLatch(1);
            Map<String, Object> config = kafka.clientConfig(AlertTail.consumerConfig(bootstrapServers));
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                AlertTail tail = new AlertTail(consumer, options, spec.commandLine().getOut(), spec.commandLine().getErr(),
                        new AlertFormatter(color), alertmanager);
                Thread hook = new Thread(() -> {
                    tail.stop();
                    try {
                        finished.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "slowburn-alerts-tail-shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
                try {
                    long shown = tail.run();
                    spec.commandLine().getErr().println("slowburn alerts tail: " + shown + " alert(s) shown"
                            + (alertmanager == null ? "" : "; Alertmanager took " + alertmanager.sent() + ", failed "
                            + alertmanager.failed()));
                    spec.commandLine().getErr().flush();
                } catch (AlertTail.NoSuchTopicException e) {
                    throw new IllegalStateException(e.getMessage() + " on " + bootstrapServers, e);
                } finally {
                    try {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException e) {
                        // Shutting down: the hook ended the tail.
                    }
                }
            } finally {
                finished.countDown();
            }
            return ExitCodes.OK;
        }

        /** {@code System.console() != null}; from Java 22 on, a console exists when redirected too: ask it then. */
        static boolean stdoutIsTerminal() {
            Console console = System.console();
            if (console == null) {
                return false;
            }
            try {
                return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return true;
            }
        }

        private AlertmanagerSink alertmanager() {
            if (alertmanagerUrl == null) {
                return null;
            }
            try {
                return new AlertmanagerSink(new URI(alertmanagerUrl), generatorUrl);
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new ExitCodes.BadInputException("invalid --alertmanager-url '" + alertmanagerUrl + "': " + e.getMessage(), e);
            }
        }
    }
}
