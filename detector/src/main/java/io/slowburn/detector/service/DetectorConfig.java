package io.slowburn.detector.service;

import io.slowburn.kafka.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.UsePartitionTimeOnInvalidTimestamp;

/**
 * The detector's configuration: lowercase dotted keys with units, each with a doc string, a default and a
 * validator. {@link #validate} reports every problem at once. Keys prefixed {@code kafka.} pass through to Kafka
 * Streams and its clients unchanged (e.g. {@code kafka.security.protocol}, {@code kafka.sasl.jaas.config}).
 */
public final class DetectorConfig extends AbstractConfig {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String APPLICATION_ID = "application.id";
    public static final String TOPIC_PREFIX = "topic.prefix";
    public static final String TOPICS_CREATE = "topics.create";
    public static final String TOPICS_PARTITIONS = "topics.partitions";
    public static final String TOPICS_REPLICATION_FACTOR = "topics.replication.factor";
    public static final String PROCESSING_GUARANTEE = "processing.guarantee";
    public static final String NUM_STANDBY_REPLICAS = "num.standby.replicas";
    public static final String NUM_STREAM_THREADS = "num.stream.threads";
    public static final String COMMIT_INTERVAL_MS = "commit.interval.ms";
    public static final String STATE_DIR = "state.dir";
    public static final String STATE_STORE_TYPE = "state.store.type";
    public static final String STATE_CACHE_MAX_BYTES = "state.cache.max.bytes";
    public static final String STATE_CACHE_RULE_STATES = "state.cache.rule.states";
    public static final String STATE_SERIES_TTL_MS = "state.series.ttl.ms";
    public static final String STATE_SWEEP_INTERVAL_MS = "state.sweep.interval.ms";
    public static final String TICK_INTERVAL_MS = "tick.interval.ms";
    public static final String WATERMARK_IDLE_MS = "watermark.idle.ms";
    public static final String WATERMARK_INTERVAL_MS = "watermark.interval.ms";
    public static final String INTAKE_PARTITIONS = "intake.partitions";
    public static final String LIMITS_SERIES_PER_SOURCE = "limits.series.per.source";
    public static final String RULES_DIR = "rules.dir";
    public static final String RULES_ENVIRONMENT = "rules.environment";
    public static final String RULES_RELOAD_INTERVAL_MS = "rules.reload.interval.ms";
    public static final String RULES_TOPIC_ENABLED = "rules.topic.enabled";
    public static final String TRUSTED_KEYS_DIR = "trusted.keys.dir";
    public static final String APPROVALS_MIN = "approvals.min";
    public static final String CORRELATION_SIGNALS = "correlation.signals";
    public static final String CORRELATION_WINDOW_MS = "correlation.window.ms";
    public static final String EXPERIMENT_GRACE_MS = "experiment.recovery.grace.ms";
    public static final String EXPERIMENT_MAX_WINDOW_MS = "experiment.max.window.ms";
    public static final String METRICS_PORT = "metrics.port";
    public static final String METRICS_ADDRESS = "metrics.address";
    public static final String METRICS_KAFKA_CLIENTS = "metrics.kafka.clients";
    public static final String METRICS_BASIC_AUTH_USER = "metrics.basic.auth.user";
    public static final String METRICS_BASIC_AUTH_PASSWORD_FILE = "metrics.basic.auth.password.file";
    public static final String METRICS_TLS_KEYSTORE_LOCATION = "metrics.tls.keystore.location";
    public static final String METRICS_TLS_KEYSTORE_PASSWORD = "metrics.tls.keystore.password";
    public static final String METRICS_TLS_KEYSTORE_TYPE = "metrics.tls.keystore.type";
    public static final String MAX_FUTURE_SKEW_MS = "max.future.skew.ms";
    public static final String AUDIT_SIGNING_KEY = "audit.signing.key";
    public static final String AUDIT_CHECKPOINT_RECORDS = "audit.checkpoint.records";
    public static final String KAFKA_PREFIX = "kafka.";
    /** {@code retry.backoff.ms} of Kafka Streams and its clients unless {@code kafka.retry.backoff.ms} sets it. */
    public static final long RETRY_BACKOFF_MS = 10;
    /** {@code poll.ms} of Kafka Streams unless {@code kafka.poll.ms} sets it. */
    public static final long POLL_MS = 10;
    /** {@code fetch.max.wait.ms} of the restore consumer unless {@code kafka.restore.consumer.fetch.max.wait.ms} sets it. */
    public static final int RESTORE_FETCH_MAX_WAIT_MS = 100;

    private static final long DAY_MS = Duration.ofDays(1).toMillis();

    public static final ConfigDef CONFIG = new ConfigDef()
            .define(BOOTSTRAP_SERVERS, Type.LIST, "127.0.0.1:9092", Importance.HIGH,
                    "Kafka brokers to connect to, host:port,...")
            .define(APPLICATION_ID, Type.STRING, "slowburn-detector", new ConfigDef.NonEmptyStringWithoutControlChars(),
                    Importance.HIGH, "Kafka Streams application id: the consumer group and the prefix of internal topics.")
            .define(TOPIC_PREFIX, Type.STRING, TopicNames.DEFAULT_PREFIX, Importance.MEDIUM,
                    "Prefix of every slowburn topic name (metrics, events, experiments, ...).")
            .define(TOPICS_CREATE, Type.BOOLEAN, true, Importance.MEDIUM, "Create the contract topics at start-up if absent.")
            .define(TOPICS_PARTITIONS, Type.INT, 3, Range.atLeast(1), Importance.MEDIUM,
                    "Partitions of the topics created at start-up.")
            .define(TOPICS_REPLICATION_FACTOR, Type.SHORT, (short) -1, Importance.MEDIUM,
                    "Replication factor of the topics created at start-up; -1 for the broker default.")
            .define(PROCESSING_GUARANTEE, Type.STRING, StreamsConfig.EXACTLY_ONCE_V2,
                    ValidString.in(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE), Importance.HIGH,
                    "exactly_once_v2 (default): no alert or abort command is duplicated or lost across crashes.")
            .define(NUM_STANDBY_REPLICAS, Type.INT, 0, Range.atLeast(0), Importance.MEDIUM,
                    "Warm copies of each state store on other instances, for fast fail-over.")
            .define(NUM_STREAM_THREADS, Type.INT, 1, Range.between(1, 64), Importance.MEDIUM, "Stream threads per instance.")
            .define(COMMIT_INTERVAL_MS, Type.LONG, 100L, Range.atLeast(1), Importance.LOW,
                    "How often to commit (and, with exactly-once, make output visible); also how often an intake task sends "
                            + "the watermark heartbeat it owes.")
            .define(STATE_DIR, Type.STRING, Path.of(System.getProperty("java.io.tmpdir"), "slowburn-state").toString(),
                    Importance.MEDIUM, "Where the RocksDB state stores live.")
            .define(STATE_STORE_TYPE, Type.STRING, "rocksdb", ValidString.in("rocksdb", "memory"), Importance.LOW,
                    "rocksdb (persistent, default) or memory (state rebuilt from the changelog on restart).")
            .define(STATE_CACHE_MAX_BYTES, Type.LONG, 64L * 1024 * 1024, Range.atLeast(0L), Importance.LOW,
                    "Memory for the state stores' record cache (per instance): updates of a series between two commits "
                            + "reach RocksDB and the changelog once.")
            .define(STATE_CACHE_RULE_STATES, Type.INT, 4096, Range.atLeast(0), Importance.MEDIUM,
                    "Rule states each stage task keeps in memory as objects between samples (about 3 KB of heap each; "
                            + "written into its store before every commit). Beyond it one is serialized and dropped "
                            + "(W-TinyLFU: part of a round of series larger than the cache stays in it), and the next "
                            + "sample of its series reads it back (slowburn_rule_states_loaded_total). 0: every sample "
                            + "reads and writes its state.")
            .define(STATE_SERIES_TTL_MS, Type.LONG, 8 * DAY_MS, Range.atLeast(60_000L), Importance.MEDIUM,
                    "State of a series not seen for this long (event time) is removed.")
            .define(STATE_SWEEP_INTERVAL_MS, Type.LONG, 3_600_000L, Range.atLeast(1_000L), Importance.LOW,
                    "How often (in stream time) idle state is swept.")
            .define(TICK_INTERVAL_MS, Type.LONG, 60_000L, Range.atLeast(1_000L), Importance.LOW,
                    "How often (in stream time) event-driven rules judge the silence since their last event, so that "
                            + "a crash loop that stopped resolves.")
            .define(WATERMARK_INTERVAL_MS, Type.LONG, 5_000L, Range.atLeast(100L), Importance.LOW,
                    "How often (in stream time) each intake task tells the source stage how far it has come. Events and "
                            + "source-keyed samples wait at most about this long (in event time) to be evaluated in order. Live, "
                            + "the heartbeats owed within one commit.interval.ms (wall clock) go out as one, the newest.")
            .define(INTAKE_PARTITIONS, Type.INT, 0, Range.atLeast(0), Importance.LOW,
                    "Partitions of the telemetry topics (metrics, events): how many intake tasks the source stage's "
                            + "watermark waits for. 0 (default): the service looks them up at start-up.")
            .define(WATERMARK_IDLE_MS, Type.LONG, 30_000L, Range.atLeast(1_000L), Importance.LOW,
                    "An intake task silent for this long (wall clock) stops holding back the source stage's watermark: an "
                            + "idle partition delays event-driven rules at most this long. Never applies in a backtest.")
            .define(LIMITS_SERIES_PER_SOURCE, Type.INT, 10_000, Range.atLeast(1), Importance.MEDIUM,
                    "Most series one source may have tracked per task; beyond, new series are dropped and reported.")
            .define(RULES_DIR, Type.STRING, "", Importance.HIGH,
                    "Directory of rule files layered on the default pack; empty for the default pack only.")
            .define(RULES_ENVIRONMENT, Type.STRING, "", Importance.MEDIUM,
                    "Which 'environments:' sections of the rule files apply (e.g. staging); empty for none.")
            .define(RULES_RELOAD_INTERVAL_MS, Type.LONG, 5_000L, Range.atLeast(0L), Importance.MEDIUM,
                    "How often (wall clock) the service polls rules.dir for changes and swaps valid rules in; 0 disables.")
            .define(RULES_TOPIC_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Read rules published on the compacted rules topic (prefix + 'rules') on top of rules.dir.")
            .define(TRUSTED_KEYS_DIR, Type.STRING, "", Importance.HIGH,
                    "Directory of *.pub files of keys trusted to approve experiments; empty trusts none.")
            .define(APPROVALS_MIN, Type.INT, 1, Range.atLeast(1), Importance.HIGH,
                    "Approvals by distinct trusted keys an experiment needs to sanction anything.")
            .define(CORRELATION_SIGNALS, Type.LIST, "retry_storm", Importance.LOW,
                    "Signals whose findings on several sources at once form one incident (one alert).")
            .define(CORRELATION_WINDOW_MS, Type.LONG, 600_000L, Range.atLeast(0L), Importance.LOW,
                    "How close in event time findings must begin to join one incident.")
            .define(EXPERIMENT_GRACE_MS, Type.LONG, 900_000L, Range.atLeast(0L), Importance.MEDIUM,
                    "Recovery grace after an experiment's end during which effects that begin are still covered.")
            .define(EXPERIMENT_MAX_WINDOW_MS, Type.LONG, 7 * DAY_MS, Range.atLeast(60_000L), Importance.MEDIUM,
                    "Longest experiment window accepted.")
            .define(MAX_FUTURE_SKEW_MS, Type.LONG, 86_400_000L, Range.atLeast(1_000L), Importance.MEDIUM,
                    "A record dated more than this ahead of the event time its intake task has accepted goes to the "
                            + "dead-letter topic (a forged future timestamp must not make every series look idle).")
            .define(METRICS_PORT, Type.INT, 9464, Range.between(0, 65_535), Importance.LOW,
                    "Port of the Prometheus scrape endpoint /metrics; 0 disables it.")
            .define(METRICS_ADDRESS, Type.STRING, "127.0.0.1", new ConfigDef.NonEmptyStringWithoutControlChars(), Importance.LOW,
                    "Address the HTTP endpoint (/metrics, /healthz, /ready) binds to: loopback by default; 0.0.0.0 (every "
                            + "interface) in a container, where the scraper and the probes come from outside.")
            .define(METRICS_KAFKA_CLIENTS, Type.BOOLEAN, false, Importance.LOW,
                    "Expose every metric of the Kafka clients on /metrics (hundreds per client). false (default): only the "
                            + "slowburn_* metrics and a few Kafka Streams ones (thread liveness, process and commit rates and "
                            + "latencies, consumer lag), listed in the README.")
            .define(METRICS_BASIC_AUTH_USER, Type.STRING, "", Importance.MEDIUM,
                    "HTTP basic auth user that /metrics and /incidents require (with metrics.basic.auth.password.file); "
                            + "/healthz and /ready stay open (they answer a state word only). Empty: no auth.")
            .define(METRICS_BASIC_AUTH_PASSWORD_FILE, Type.STRING, "", Importance.MEDIUM,
                    "File whose first line is the basic auth password (the same secret a Prometheus scrape config's "
                            + "basic_auth password_file reads); the password is never in the configuration or a log.")
            .define(METRICS_TLS_KEYSTORE_LOCATION, Type.STRING, "", Importance.MEDIUM,
                    "Keystore with the HTTP endpoint's private key and certificate: the whole port then speaks HTTPS only "
                            + "(probes: scheme HTTPS). Empty: plain HTTP.")
            .define(METRICS_TLS_KEYSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM,
                    "Password of metrics.tls.keystore.location and of its key (hidden in logs).")
            .define(METRICS_TLS_KEYSTORE_TYPE, Type.STRING, "PKCS12", new ConfigDef.NonEmptyStringWithoutControlChars(), Importance.LOW,
                    "Type of metrics.tls.keystore.location: PKCS12 or JKS.")
            .define(AUDIT_SIGNING_KEY, Type.STRING, "", Importance.MEDIUM,
                    "The detector's own Ed25519 private key (PEM PKCS#8, as 'experiments keygen' writes it): the verdict stage "
                            + "signs an audit checkpoint with it every audit.checkpoint.records records. Empty: no checkpoints.")
            .define(AUDIT_CHECKPOINT_RECORDS, Type.INT, 100, Range.between(1, 1_000_000), Importance.LOW,
                    "Chained audit records between two signed checkpoints (with audit.signing.key).");

    public DetectorConfig(Map<?, ?> props) {
        super(CONFIG, props, false);
    }

    /** Every problem in {@code props}, one line each; empty when the configuration is valid. */
    public static List<String> validate(Map<String, ?> props) {
        List<String> problems = new ArrayList<>();
        Map<String, String> known = new HashMap<>();
        for (Map.Entry<String, ?> e : props.entrySet()) {
            if (e.getKey().startsWith(KAFKA_PREFIX)) {
                continue;
            }
            if (!CONFIG.names().contains(e.getKey())) {
                problems.add("unknown key '" + e.getKey() + "' (Kafka client settings take the prefix 'kafka.')");
            } else {
                known.put(e.getKey(), String.valueOf(e.getValue()));
            }
        }
        for (ConfigValue v : CONFIG.validate(known)) {
            for (String msg : v.errorMessages()) {
                problems.add(v.name() + ": " + msg);
            }
        }
        return problems;
    }

    /** Loads a properties file and validates it, reporting every problem at once. */
    public static DetectorConfig load(Properties fileProps, Map<String, String> overrides) {
        Map<String, Object> props = new HashMap<>();
        fileProps.forEach((k, v) -> props.put(String.valueOf(k), v));
        props.putAll(overrides);
        List<String> problems = validate(props);
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return new DetectorConfig(props);
    }

    public static DetectorConfig defaults() {
        return new DetectorConfig(Map.of());
    }

    public static DetectorConfig of(Map<String, ?> props) {
        List<String> problems = validate(props);
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return new DetectorConfig(props);
    }

    /** This configuration with more settings (e.g. values the service computes at start-up). */
    public DetectorConfig with(Map<String, ?> more) {
        Map<String, Object> props = new HashMap<>(originals());
        props.putAll(more);
        return of(props);
    }

    public TopicNames topics() {
        return TopicNames.withPrefix(getString(TOPIC_PREFIX));
    }

    /** The compacted topic of accepted experiment declarations the registry is built from (not in the contract). */
    public String registryTopic() {
        return getString(TOPIC_PREFIX) + "experiments.accepted";
    }

    public boolean persistentStores() {
        return "rocksdb".equals(getString(STATE_STORE_TYPE));
    }

    /** The {@code kafka.}-prefixed settings with the prefix removed. */
    public Map<String, Object> kafkaPassThrough() {
        Map<String, Object> out = new HashMap<>();
        originals().forEach((k, v) -> {
            if (k.startsWith(KAFKA_PREFIX)) {
                out.put(k.substring(KAFKA_PREFIX.length()), v);
            }
        });
        return out;
    }

    /**
     * The Kafka settings whose defaults slowburn sets differently from Kafka's, all three for a shorter start-up; each
     * still the user's to set with its {@code kafka.} key. The bench gives its trivial apps the same, so that both sides
     * of a ratio run with the same client settings.
     */
    public static Map<String, Object> kafkaDefaults() {
        Map<String, Object> defaults = new HashMap<>();
        // At a first start Kafka Streams creates its internal topics (the stores' changelogs, the repartition topics) and
        // polls until the broker shows them, sleeping retry.backoff.ms between polls: at Kafka's 100 ms that was 0.9 s
        // of a 2.8 s start-up on the bench. The clients' retries start from it too and back off exponentially up to
        // retry.backoff.max.ms (1 s), so a broker in trouble sees a few more requests in the first second, no more.
        defaults.put(CommonClientConfigs.RETRY_BACKOFF_MS_CONFIG, RETRY_BACKOFF_MS);
        // While tasks restore, the stream thread polls for records for poll.ms at a time and only then takes the tasks
        // the state updater has restored: at Kafka's 100 ms, each restored batch of tasks waited up to that long.
        // Running, a poll returns as soon as it has records; when it has none to give (its partitions paused behind full
        // buffers, or drained), it waits poll.ms. Shorter, the bench's apps (the trivial ones too) also ran faster after
        // start-up; an idle thread wakes more often, a few microseconds each time.
        defaults.put(StreamsConfig.POLL_MS_CONFIG, POLL_MS);
        // The state updater finds a changelog restored only after a poll of the restore consumer, and a fetch that finds
        // nothing (an empty changelog: every store at a first start) waits fetch.max.wait.ms at the broker. At Kafka's
        // 500 ms the tasks added while one was in flight waited for it: 0.3-0.5 s per batch of tasks at a first start.
        // A changelog with records to restore is answered at once whatever the setting; a caught-up standby's updater
        // fetches at most ten times a second.
        defaults.put(StreamsConfig.restoreConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), RESTORE_FETCH_MAX_WAIT_MS);
        return defaults;
    }

    /** Kafka Streams properties derived from this configuration. */
    public Properties streamsProperties() {
        Properties p = new Properties();
        p.putAll(kafkaDefaults()); // before the pass-through: a kafka.* key still wins
        p.putAll(kafkaPassThrough());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, getString(APPLICATION_ID));
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", getList(BOOTSTRAP_SERVERS)));
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, getString(PROCESSING_GUARANTEE));
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, getInt(NUM_STANDBY_REPLICAS));
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, getInt(NUM_STREAM_THREADS));
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, getLong(COMMIT_INTERVAL_MS));
        p.put(StreamsConfig.STATE_DIR_CONFIG, getString(STATE_DIR));
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, getLong(STATE_CACHE_MAX_BYTES));
        p.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        // A record whose processing throws is logged and skipped: the service never dies on one record.
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueProcessingExceptionHandler.class);
        // ... in the global thread too (it materializes the experiment registry), which Kafka Streams 4.4 otherwise
        // leaves to the uncaught exception handler and warns about at every start.
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        // The main consumer's partition assignor builds a second StreamsConfig from the consumer's configs only, and
        // 4.4 warns there too unless the key is passed to that consumer as well (removed in Kafka 5.0, the default then).
        p.put(StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG), true);
        // Records without a valid timestamp take their partition's time rather than stopping the task. (Detection does
        // not follow Kafka's stream time, which any record moves: see IntakeClock.)
        p.put(StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG,
                UsePartitionTimeOnInvalidTimestamp.class);
        return p;
    }

    /** Thrown with every problem of a configuration. */
    public static final class InvalidConfigException extends RuntimeException {

        private static final long serialVersionUID = 1L;
        private final List<String> problems;

        public InvalidConfigException(List<String> problems) {
            super(problems.size() + " configuration problem(s): " + String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }
}
