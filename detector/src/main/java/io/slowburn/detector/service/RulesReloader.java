package io.slowburn.detector.service;

import io.slowburn.detector.topology.StoreNames;
import io.slowburn.engine.AuditRecords;
import io.slowburn.engine.AuditRelay;
import io.slowburn.engine.InternalCodec;
import io.slowburn.engine.RuleBook;
import io.slowburn.model.RecordCodec;
import io.slowburn.rules.RuleLoadResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot reload of the rules in a running service. Two inputs, both configuration rather than detection, so both on the
 * wall clock: the rules directory ({@code rules.dir}), polled every {@code rules.reload.interval.ms} for a changed
 * listing, size or modification time; and the compacted rules topic (key = rule name, value = one rule or
 * {@code {override: {...}}} as YAML or JSON; a tombstone deletes), read from the beginning by a consumer of its own.
 * <p>
 * Every change is loaded with the same layering and validation as at start-up. A valid result replaces the rules in
 * the {@link RuleBook} (series state is keyed by rule name and key, so it survives; a rule whose analysis type changed
 * starts afresh); an invalid one is rejected with every problem logged, and the last good rules keep running. Either
 * way an audit record ({@code rules_reloaded} or {@code rules_rejected}) goes, through the verdict stage that links it
 * into the audit chain ({@link AuditRelay}), to the audit topic, and the metric {@code slowburn.rules.reloads{outcome}}
 * counts it.
 */
public final class RulesReloader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RulesReloader.class);

    private final DetectorConfig config;
    private final RuleBook book;
    private final DetectorMetrics metrics;
    private final Admin admin;
    /** The verdict stage's input, where the reload records go to be linked into the audit chain ({@link AuditRelay}). */
    private final String relayTopic;
    private volatile boolean relayTopicSeen;
    private final AuditRecords records = new AuditRecords(new InternalCodec(new RecordCodec()));
    private final Path dir;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Object lock = new Object();
    /** The rules topic's entries that are part of the rules in force. */
    private Map<String, String> topicEntries = new TreeMap<>();
    private String dirFingerprint;
    private Thread watcher;
    private Thread topicReader;
    private volatile KafkaConsumer<String, String> consumer;

    private RulesReloader(DetectorConfig config, RuleBook book, DetectorMetrics metrics) {
        this.config = config;
        this.book = book;
        this.metrics = metrics;
        String d = config.getString(DetectorConfig.RULES_DIR);
        this.dir = d.isBlank() ? null : Path.of(d);
        this.admin = Admin.create(clientProps());
        this.relayTopic = relayTopic(config);
    }

    /** The repartition topic Kafka Streams makes for the verdict stage's input from the series stage. */
    static String relayTopic(DetectorConfig config) {
        return config.getString(DetectorConfig.APPLICATION_ID) + "-" + StoreNames.FINDINGS_FROM_SERIES + "-repartition";
    }

    /** Starts the directory watcher (when {@code rules.dir} is set and the interval is positive) and the topic reader. */
    public static RulesReloader start(DetectorConfig config, RuleBook book, DetectorMetrics metrics) {
        RulesReloader r = new RulesReloader(config, book, metrics);
        long interval = config.getLong(DetectorConfig.RULES_RELOAD_INTERVAL_MS);
        if (r.dir != null && interval > 0) {
            r.dirFingerprint = fingerprint(r.dir);
            r.watcher = new Thread(() -> r.watch(interval), "slowburn-rules-watcher");
            r.watcher.setDaemon(true);
            r.watcher.start();
        }
        if (config.getBoolean(DetectorConfig.RULES_TOPIC_ENABLED)) {
            r.topicReader = new Thread(r::readTopic, "slowburn-rules-topic");
            r.topicReader.setDaemon(true);
            r.topicReader.start();
        }
        return r;
    }

    private Map<String, Object> clientProps() {
        Map<String, Object> p = new HashMap<>(config.kafkaPassThrough());
        p.put("bootstrap.servers", String.join(",", config.getList(DetectorConfig.BOOTSTRAP_SERVERS)));
        return p;
    }

    private void watch(long intervalMs) {
        while (running.get()) {
            try {
                Thread.sleep(intervalMs);
                String now = fingerprint(dir);
                if (!now.equals(dirFingerprint)) {
                    dirFingerprint = now;
                    synchronized (lock) {
                        apply("directory " + dir, topicEntries);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("rules directory watch failed; retrying", e);
            }
        }
    }

    /** Names, sizes and modification times of the directory's rule files: a change in any is a change. */
    static String fingerprint(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Files.exists(dir) ? fileStamp(dir) : "<missing>";
        }
        try (Stream<Path> files = Files.list(dir)) {
            StringBuilder sb = new StringBuilder();
            files.filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return n.endsWith(".yaml") || n.endsWith(".yml");
            }).sorted().forEach(p -> sb.append(fileStamp(p)).append('\n'));
            return sb.toString();
        } catch (IOException e) {
            return "<unreadable " + e.getMessage() + ">";
        }
    }

    private static String fileStamp(Path p) {
        try {
            return p.getFileName() + "|" + Files.size(p) + "|" + Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return p.getFileName() + "|gone";
        }
    }

    private void readTopic() {
        String topic = config.topics().rules();
        Map<String, Object> p = clientProps();
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // never create the topic by reading it (it would not be compacted): topics.create makes it
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        Properties props = new Properties();
        props.putAll(p);
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer = c;
            List<TopicPartition> parts = new ArrayList<>();
            while (running.get() && parts.isEmpty()) {
                List<PartitionInfo> info = c.partitionsFor(topic, Duration.ofSeconds(10));
                if (info != null) {
                    info.forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
                }
                if (parts.isEmpty()) {
                    Thread.sleep(1_000);
                }
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            while (running.get()) {
                ConsumerRecords<String, String> batch = c.poll(Duration.ofMillis(500));
                if (batch.isEmpty()) {
                    continue;
                }
                synchronized (lock) {
                    Map<String, String> candidate = new TreeMap<>(topicEntries);
                    for (ConsumerRecord<String, String> r : batch) {
                        if (r.key() == null) {
                            LOG.warn("record without a key on {} (offset {}) ignored: the key is the rule name", topic, r.offset());
                        } else if (r.value() == null) {
                            candidate.remove(r.key());
                        } else {
                            candidate.put(r.key(), r.value());
                        }
                    }
                    if (apply("topic " + topic, candidate)) {
                        topicEntries = candidate;
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("rules topic reader stopped", e);
        }
    }

    /** Loads the layers with these topic entries; swaps them in when valid. Audits and counts either way. */
    private boolean apply(String origin, Map<String, String> entries) {
        RuleLoadResult r = RuleSources.load(config, entries);
        List<String> problems = new ArrayList<>();
        r.problems().forEach(p -> problems.add(p.toString()));
        r.rules().rules().forEach(rule -> {
            String file = rule.location().file();
            if (file.startsWith(RuleSources.topicEntryName("")) && !file.equals(RuleSources.topicEntryName(rule.name()))) {
                problems.add(rule.location() + ": rule '" + rule.name() + "' published under another key; the key must be the "
                        + "rule's name");
            }
        });
        boolean ok = problems.isEmpty();
        if (ok) {
            book.replace(r.rules());
            LOG.info("rules reloaded from {}: {} rules, {} exceptions", origin, r.rules().size(), r.rules().exceptions().size());
        } else {
            LOG.error("rules change from {} rejected; the last good rules keep running:\n  {}", origin, String.join("\n  ", problems));
        }
        metrics.rulesReload(ok);
        byte[] value = records.rulesReload(ok, origin, r.rules().names(), problems, System.currentTimeMillis());
        if (awaitRelayTopic()) {
            relay(value);
        }
        return ok;
    }

    /**
     * Sends a reload record to the verdict stage's one partition; the verdict task links it and writes it to the audit
     * topic. A producer per record (reloads are rare): Kafka Streams deletes the records of its repartition topics once
     * consumed, and with them a long-lived idempotent producer's state on the broker, whose next send would then fail
     * with an out-of-order sequence.
     */
    private void relay(byte[] value) {
        Map<String, Object> p = clientProps();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(relayTopic, 0, AuditRelay.key("rules"), value)).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warn("could not write the rules audit record", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("rules audit record not written: interrupted");
        }
    }

    /**
     * Waits until Kafka Streams has made the relay topic (at its first rebalance; a reload can come sooner, at start-up
     * from the rules topic). Writing sooner would let a broker with {@code auto.create.topics.enable} create it with its
     * own partition count, which Kafka Streams then refuses. False only when the reloader is closed meanwhile.
     */
    private boolean awaitRelayTopic() {
        long nextWarn = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!relayTopicSeen && running.get()) {
            try {
                admin.describeTopics(List.of(relayTopic)).allTopicNames().get(10, TimeUnit.SECONDS);
                relayTopicSeen = true;
            } catch (ExecutionException | TimeoutException e) {
                if (System.nanoTime() > nextWarn) {
                    LOG.warn("waiting for {} (made by Kafka Streams) to audit a rules reload: {}", relayTopic, e.getMessage());
                    nextWarn = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                }
                sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!relayTopicSeen) {
            LOG.warn("rules reload not audited: closing before {} exists", relayTopic);
        }
        return relayTopicSeen;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running.set(false);
        if (consumer != null) {
            consumer.wakeup();
        }
        // The topic reader stops on the wakeup and closes its consumer itself. Interrupting it would make that close
        // fail (Kafka logs an ERROR with a stack trace on every shutdown), so it is interrupted only if it hangs.
        stop(watcher, true);
        stop(topicReader, false);
        admin.close(Duration.ofSeconds(5));
    }

    private static void stop(Thread t, boolean interruptFirst) {
        if (t == null) {
            return;
        }
        try {
            if (interruptFirst) {
                t.interrupt();
            }
            t.join(5_000);
            if (t.isAlive()) {
                t.interrupt();
                t.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
