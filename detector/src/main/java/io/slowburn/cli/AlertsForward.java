package io.slowburn.cli;

import io.slowburn.alerts.AlertCloudEvents;
import io.slowburn.alerts.AlertFilter;
import io.slowburn.alerts.AlertFormatter;
import io.slowburn.alerts.AlertForwarder;
import io.slowburn.alerts.AlertOutput;
import io.slowburn.alerts.AlertmanagerOutput;
import io.slowburn.alerts.CloudEventsHttpOutput;
import io.slowburn.alerts.CloudEventsKafkaOutput;
import io.slowburn.alerts.DeadLetterFile;
import io.slowburn.alerts.HttpPost;
import io.slowburn.alerts.Retrier;
import io.slowburn.alerts.SlackOutput;
import io.slowburn.alerts.WebhookOutput;
import io.slowburn.detector.service.MetricsEndpoint;
import io.slowburn.model.Severity;
import io.slowburn.model.Verdict;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slowburn alerts forward}: the alert topic to Alertmanager, webhooks, Slack and CloudEvents, as a service. */
@Command(name = "forward", mixinStandardHelpOptions = true,
        description = "Sends each alert on <prefix>alerts (committed records only) to the outputs given, in a consumer group: "
                + "offsets are committed once every output took the alert or it is in the dead letter. Runs until Ctrl-C, "
                + "--max or --timeout.")
final class AlertsForward implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    KafkaConnection kafka;

    @Option(names = "--group", paramLabel = "ID", defaultValue = "slowburn-alerts-forward",
            description = "Consumer group: forwarders with one group share the partitions and go on where it stopped. "
                    + "Default: ${DEFAULT-VALUE}.")
    String group;

    @Option(names = "--from-beginning",
            description = "A group without offsets starts at the oldest retained alert (default: at the newest).")
    boolean fromBeginning;

    @Option(names = "--verdict", split = ",", paramLabel = "V", description = "Only these verdicts (suspicious, sanctioned, breach).")
    List<Verdict> verdicts;

    @Option(names = "--severity", paramLabel = "S", description = "Minimum severity (info, warning, critical).")
    Severity severity;

    @Option(names = "--alertmanager-url", paramLabel = "URL", description = "Alertmanager: POST /api/v2/alerts (http://HOST:9093).")
    URI alertmanagerUrl;

    @Option(names = "--webhook-url", paramLabel = "URL", description = "Generic webhook: one JSON POST per alert transition.")
    URI webhookUrl;

    @Option(names = "--slack-webhook-url", paramLabel = "URL", description = "Slack-compatible incoming webhook (text + blocks).")
    URI slackUrl;

    @Option(names = "--cloudevents-url", paramLabel = "URL", description = "CloudEvents 1.0 over HTTP, in --cloudevents-mode.")
    URI cloudEventsUrl;

    @Option(names = "--cloudevents-mode", paramLabel = "M", defaultValue = "binary", converter = ModeConverter.class,
            description = "binary (ce-* headers) or structured (application/cloudevents+json). Default: ${DEFAULT-VALUE}.")
    CloudEventsHttpOutput.Mode cloudEventsMode;

    @Option(names = "--cloudevents-topic", paramLabel = "T",
            description = "CloudEvents 1.0 to this Kafka topic (same cluster; Kafka binding, binary mode; create it first).")
    String cloudEventsTopic;

    @Option(names = "--cloudevents-source", paramLabel = "URI", defaultValue = AlertCloudEvents.DEFAULT_SOURCE,
            description = "The events' source attribute. Default: ${DEFAULT-VALUE}.")
    URI cloudEventsSource;

    @Option(names = "--generator-url", paramLabel = "URL", description = "Link to the alert's origin (Alertmanager generatorURL, "
            + "webhook generatorURL, Slack details link).")
    String generatorUrl;

    @Option(names = "--retry-for", paramLabel = "D", defaultValue = "10m", converter = DurationConverter.class,
            description = "How long to retry an output that is down or failing (5xx, 408, 429, I/O errors) before the alert "
                    + "goes to the dead letter. Default: ${DEFAULT-VALUE}.")
    Duration retryFor;

    @Option(names = "--retry-backoff", paramLabel = "D", defaultValue = "1s", converter = DurationConverter.class,
            description = "First wait between attempts, doubled each time up to 1m. Default: ${DEFAULT-VALUE}.")
    Duration retryBackoff;

    @Option(names = "--dead-letter", paramLabel = "FILE", defaultValue = "slowburn-alerts-dead-letter.jsonl",
            description = "JSON Lines file of alerts an output refused (4xx) or that stayed undeliverable. Default: ${DEFAULT-VALUE}.")
    Path deadLetter;

    @Option(names = "--dead-letter-max-bytes", paramLabel = "N", defaultValue = "16777216",
            description = "Past this size the dead letter is renamed FILE.1 (replacing the older one). Default: ${DEFAULT-VALUE}.")
    long deadLetterMaxBytes;

    @Option(names = "--refresh-interval", paramLabel = "D", defaultValue = "1m", converter = DurationConverter.class,
            description = "How often Alertmanager gets every alert still firing (it expires those not repeated). "
                    + "Default: ${DEFAULT-VALUE}.")
    Duration refreshInterval;

    @Option(names = "--max", paramLabel = "N", defaultValue = "0", description = "End after N alerts forwarded; 0: no limit. "
            + "Default: ${DEFAULT-VALUE}.")
    long max;

    @Option(names = "--timeout", paramLabel = "D", converter = DurationConverter.class,
            description = "End after this long, e.g. 30s (default: run until Ctrl-C).")
    Duration timeout;

    @Option(names = "--quiet", description = "Do not print a line per forwarded alert.")
    boolean quiet;

    @CommandLine.Mixin
    MetricsOption metricsOption;

    /** Kafka settings the forwarder's guarantees rest on: not for --kafka-property (which goes to its consumers and producer). */
    static final Set<String> OWN_KAFKA_SETTINGS = Set.of("bootstrap.servers", "group.id", "enable.auto.commit",
            "isolation.level", "auto.offset.reset", "max.poll.records", "key.deserializer", "value.deserializer", "key.serializer",
            "value.serializer", "acks", "enable.idempotence");

    /** Open alerts remembered for their stable labels; past it the oldest is forgotten. */
    static final int MAX_OPEN_ALERTS = 100_000;

    static final class ModeConverter implements CommandLine.ITypeConverter<CloudEventsHttpOutput.Mode> {
        @Override
        public CloudEventsHttpOutput.Mode convert(String value) {
            for (CloudEventsHttpOutput.Mode m : CloudEventsHttpOutput.Mode.values()) {
                if (m.wire().equals(value)) {
                    return m;
                }
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not binary or structured");
        }
    }

    @Override
    public Integer call() {
        String topic = validate();
        List<AlertOutput> outputs = outputs();
        AlertFilter filter = new AlertFilter(verdicts == null || verdicts.isEmpty() ? EnumSet.noneOf(Verdict.class)
                : EnumSet.copyOf(verdicts), severity);
        AlertForwarder.Options options = new AlertForwarder.Options(topic, filter, Retrier.Policy.forDuration(retryFor, retryBackoff),
                refreshInterval, max, timeout, MAX_OPEN_ALERTS);
        DeadLetterFile dead = new DeadLetterFile(deadLetter, deadLetterMaxBytes, Clock.systemUTC());
        String bootstrapServers = kafka.bootstrapServers();
        Map<String, Object> groupConfig = AlertForwarder.consumerConfig(bootstrapServers, group, fromBeginning, retryFor, outputs.size());
        groupConfig.putAll(kafka.kafkaProperties);
        CountDownLatch finished = new CountDownLatch(1);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(groupConfig, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            Map<String, Object> historyConfig = AlertForwarder.historyConfig(bootstrapServers);
            historyConfig.putAll(kafka.kafkaProperties);
            AlertForwarder forwarder = new AlertForwarder(consumer, () -> new KafkaConsumer<>(historyConfig,
                    new StringDeserializer(), new ByteArrayDeserializer()), options, outputs, dead,
                    quiet ? null : spec.commandLine().getOut(), new AlertFormatter(false));
            Thread hook = new Thread(() -> {
                forwarder.stop();
                try {
                    finished.await(15, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "slowburn-alerts-forward-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            MetricsEndpoint endpoint = metricsOption.start("slowburn alerts forward",
                    () -> finished.getCount() > 0, spec.commandLine().getErr(), forwarder.metrics());
            try {
                forwarder.run();
                spec.commandLine().getErr().println("slowburn alerts forward: " + forwarder.forwarded() + " alert(s) forwarded, "
                        + forwarder.delivered() + " delivery(ies), " + forwarder.deadLettered() + " dead-lettered"
                        + (forwarder.deadLettered() == 0 ? "" : " (" + dead.file() + ")"));
                spec.commandLine().getErr().flush();
            } finally {
                if (endpoint != null) {
                    endpoint.close();
                }
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // Shutting down: the hook stopped the forwarder.
                }
            }
        } finally {
            outputs.forEach(AlertOutput::close);
            finished.countDown();
        }
        return ExitCodes.OK;
    }

    private String validate() {
        if (max < 0) {
            throw new ExitCodes.BadInputException("--max must be at least 0, got " + max);
        }
        for (Map.Entry<String, Duration> d : Map.of("--timeout", timeout == null ? Duration.ofSeconds(1) : timeout,
                "--retry-for", retryFor, "--refresh-interval", refreshInterval).entrySet()) {
            if (d.getValue().isZero() || d.getValue().isNegative()) {
                throw new ExitCodes.BadInputException(d.getKey() + " must be positive, got '" + d.getValue() + "'");
            }
        }
        if (retryBackoff.isNegative() || retryBackoff.isZero()) {
            throw new ExitCodes.BadInputException("--retry-backoff must be positive, got '" + retryBackoff + "'");
        }
        if (deadLetterMaxBytes < 1024) {
            throw new ExitCodes.BadInputException("--dead-letter-max-bytes must be at least 1024, got " + deadLetterMaxBytes);
        }
        for (String key : kafka.kafkaProperties.keySet()) {
            if (OWN_KAFKA_SETTINGS.contains(key)) {
                throw new ExitCodes.BadInputException("--kafka-property " + key + ": set by alerts forward itself (its delivery "
                        + "guarantees depend on it); use the matching flag if there is one");
            }
        }
        if (group.isBlank()) {
            throw new ExitCodes.BadInputException("--group must not be blank");
        }
        return kafka.topics().alerts();
    }

    private List<AlertOutput> outputs() {
        List<AlertOutput> outputs = new ArrayList<>();
        HttpPost http = HttpPost.defaults();
        try {
            if (alertmanagerUrl != null) {
                outputs.add(new AlertmanagerOutput(alertmanagerUrl, generatorUrl, http));
            }
            if (webhookUrl != null) {
                outputs.add(new WebhookOutput(webhookUrl, generatorUrl, http));
            }
            if (slackUrl != null) {
                outputs.add(new SlackOutput(slackUrl, generatorUrl, http));
            }
            if (cloudEventsUrl != null) {
                outputs.add(new CloudEventsHttpOutput(cloudEventsUrl, cloudEventsMode, cloudEventsSource, http));
            }
        } catch (IllegalArgumentException e) {
            throw new ExitCodes.BadInputException(e.getMessage(), e);
        }
        if (cloudEventsTopic != null) {
            if (cloudEventsTopic.isBlank()) {
                throw new ExitCodes.BadInputException("--cloudevents-topic must not be blank");
            }
            Map<String, Object> producerProperties = Map.copyOf(kafka.kafkaProperties);
            outputs.add(new CloudEventsKafkaOutput(CloudEventsKafkaOutput.producer(kafka.bootstrapServers(), producerProperties),
                    cloudEventsTopic, cloudEventsSource, Duration.ofSeconds(30)));
        }
        if (outputs.isEmpty()) {
            throw new ExitCodes.BadInputException("no output: give at least one of --alertmanager-url, --webhook-url, "
                    + "--slack-webhook-url, --cloudevents-url, --cloudevents-topic");
        }
        return outputs;
    }
}
