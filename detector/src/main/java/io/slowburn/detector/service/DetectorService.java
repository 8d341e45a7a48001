package io.slowburn.detector.service;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.slowburn.detector.topology.DetectorTopology;
import io.slowburn.kafka.TopicProvisioner;
import io.slowburn.kafka.TopicSpec;
import io.slowburn.report.IncidentsHandler;
import io.slowburn.report.LiveIncidents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detector service ({@code slowburn run}): creates the topics if asked, runs the topology on Kafka Streams with
 * exactly-once, and serves its metrics. {@link #close()} shuts it down gracefully (commits, closes stores).
 */
public final class DetectorService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DetectorService.class);

    private final KafkaStreams streams;
    private final PrometheusMeterRegistry registry;
    private final KafkaStreamsMetrics streamsMetrics;
    private final MetricsEndpoint endpoint;
    private final DetectorMetrics metrics;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile RulesReloader reloader;

    private DetectorService(KafkaStreams streams, PrometheusMeterRegistry registry, KafkaStreamsMetrics streamsMetrics,
                            MetricsEndpoint endpoint, DetectorMetrics metrics) {
        this.streams = streams;
        this.registry = registry;
        this.streamsMetrics = streamsMetrics;
        this.endpoint = endpoint;
        this.metrics = metrics;
    }

    public static DetectorService start(DetectorConfig config, DetectorSetup setup) throws Exception {
        if (config.getBoolean(DetectorConfig.TOPICS_CREATE)) {
            createTopics(config);
        }
        // Read before anything starts: a keystore or password file that cannot be read stops the start-up here.
        HttpAccess access = config.getInt(DetectorConfig.METRICS_PORT) == 0 ? HttpAccess.open() : HttpAccess.of(config);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ScrapeFilter.configure(registry, config);
        DetectorMetrics metrics = DetectorMetrics.create(registry);
        Properties props = config.streamsProperties();
        FormatLocale.preferUnitedStatesForEnglish(); // Kafka Streams formats text at every record: cheapest under en_US
        KafkaStreams streams = new KafkaStreams(DetectorTopology.build(config, setup, metrics), props);
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        int port = config.getInt(DetectorConfig.METRICS_PORT);
        MetricsEndpoint endpoint = port == 0 ? null : MetricsEndpoint.start(registry,
                config.getString(DetectorConfig.METRICS_ADDRESS), port, new StreamsHealth(streams::state), access);
        if (endpoint != null) {
            // The live incident view, read-only from the topics (io.slowburn.report owns it).
            endpoint.serve("/incidents", new IncidentsHandler(new LiveIncidents(config, setup.rules())));
        }
        DetectorService service = new DetectorService(streams, registry, streamsMetrics, endpoint, metrics);
        streams.setStateListener((now, before) -> {
            LOG.info("detector {} -> {}", before, now);
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                service.stopped.countDown();
            }
        });
        streams.start();
        // Hot reload of rules.dir and the rules topic: configuration, on the wall clock, beside the topology.
        if (config.getLong(DetectorConfig.RULES_RELOAD_INTERVAL_MS) > 0 || config.getBoolean(DetectorConfig.RULES_TOPIC_ENABLED)) {
            service.reloader = RulesReloader.start(config, setup.rules(), metrics);
        }
        return service;
    }

    /** Creates the contract topics and the registry topic that do not exist yet. */
    public static void createTopics(DetectorConfig config) throws Exception {
        Map<String, Object> admin = new HashMap<>(config.kafkaPassThrough());
        admin.put("bootstrap.servers", String.join(",", config.getList(DetectorConfig.BOOTSTRAP_SERVERS)));
        short rf = config.getShort(DetectorConfig.TOPICS_REPLICATION_FACTOR);
        List<TopicSpec> specs = new ArrayList<>(TopicSpec.contract(config.topics(), config.getInt(DetectorConfig.TOPICS_PARTITIONS)));
        specs.add(new TopicSpec(config.registryTopic(), 1, Map.of("cleanup.policy", "compact")));
        try (Admin a = Admin.create(admin)) {
            for (TopicProvisioner.Outcome o : new TopicProvisioner(a).ensure(specs, rf < 0 ? Optional.empty() : Optional.of(rf))) {
                if (!o.differences().isEmpty()) {
                    LOG.warn("topic {} exists with {}; left as it is (see the README's topics section for why and how to change it)",
                            o.topic(), String.join(", ", o.differences()));
                }
            }
        }
    }

    /**
     * The partitions of the telemetry topics: one intake task each. Looked up when a task first needs it (the broker is
     * reachable then: tasks are assigned), not at start-up, so the service starts while the broker is still away.
     */
    public static int intakePartitions(DetectorConfig config) throws Exception {
        Map<String, Object> admin = new HashMap<>(config.kafkaPassThrough());
        admin.put("bootstrap.servers", String.join(",", config.getList(DetectorConfig.BOOTSTRAP_SERVERS)));
        try (Admin a = Admin.create(admin)) {
            var topics = a.describeTopics(List.of(config.topics().metrics(), config.topics().events(), config.topics().experiments()))
                    .allTopicNames().get(30, TimeUnit.SECONDS);
            return topics.values().stream().mapToInt(t -> t.partitions().size()).max().orElse(1);
        }
    }

    /** Waits until the streams client runs (all tasks assigned and restored) or the timeout passes. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (streams.state() == KafkaStreams.State.RUNNING) {
                return true;
            }
            if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                return false;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** Blocks until the service stops (closed, or failed). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public DetectorMetrics metrics() {
        return metrics;
    }

    public Optional<Integer> metricsPort() {
        return Optional.ofNullable(endpoint).map(MetricsEndpoint::port);
    }

    /** The HTTP endpoint ({@code /metrics}, {@code /healthz}, {@code /ready}), unless {@code metrics.port} is 0. */
    public Optional<MetricsEndpoint> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    public String scrape() {
        return registry.scrape();
    }

    /** The hot reloader of the rules, if running. */
    public Optional<RulesReloader> rulesReloader() {
        return Optional.ofNullable(reloader);
    }

    @Override
    public void close() {
        if (reloader != null) {
            reloader.close();
        }
        streams.close(Duration.ofSeconds(30));
        streamsMetrics.close();
        if (endpoint != null) {
            endpoint.close();
        }
        registry.close();
        stopped.countDown();
    }
}
