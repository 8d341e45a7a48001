package io.slowburn.alerts;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Subscribes to the alert topic and prints each alert that passes a filter: readable ({@link AlertFormatter}) or the raw
 * JSON, one per line; optionally forwards them to an {@link AlertmanagerSink}. Reads committed records only (the
 * detector writes alerts in transactions), without a consumer group: it assigns every partition and starts at the end,
 * or at the beginning. Ends after {@code max} alerts shown, after {@code timeout}, or on {@link #stop()}.
 */
public final class AlertTail {

    /**
     * @param max alerts to show before ending; 0 for no limit
     * @param timeout how long to run; {@code null} for no limit
     */
    public record Options(String topic, boolean fromBeginning, AlertFilter filter, boolean json, long max, Duration timeout) {

        public Options {
            Objects.requireNonNull(topic, "topic");
            filter = filter == null ? AlertFilter.all() : filter;
        }
    }

    private static final Duration POLL = Duration.ofMillis(250);

    private final Consumer<String, byte[]> consumer;
    private final Options options;
    private final PrintWriter out;
    private final PrintWriter err;
    private final AlertFormatter formatter;
    private final AlertmanagerSink alertmanager;
    private volatile boolean stopping;
    private long shown;
    private long malformed;

    public AlertTail(Consumer<String, byte[]> consumer, Options options, PrintWriter out, PrintWriter err, AlertFormatter formatter,
                     AlertmanagerSink alertmanager) {
        this.consumer = consumer;
        this.options = options;
        this.out = out;
        this.err = err;
        this.formatter = formatter;
        this.alertmanager = alertmanager;
    }

    /** What a tail needs: committed records only, no group, no commits. */
    public static Map<String, Object> consumerConfig(String bootstrapServers) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "slowburn-alerts-tail");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return p;
    }

    /** Thrown when the alert topic does not exist. */
    public static final class NoSuchTopicException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        NoSuchTopicException(String topic) {
            super("topic '" + topic + "' does not exist (create the contract topics: slowburn topics create)");
        }
    }

    /** Runs until done; returns how many alerts were shown. */
    public long run() {
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(options.topic(), Duration.ofSeconds(30));
        } catch (UnknownTopicOrPartitionException e) {
            throw new NoSuchTopicException(options.topic());
        }
        if (infos == null || infos.isEmpty()) {
            throw new NoSuchTopicException(options.topic());
        }
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo i : infos) {
            partitions.add(new TopicPartition(i.topic(), i.partition()));
        }
        consumer.assign(partitions);
        if (options.fromBeginning()) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
            // Resolve the end offsets now: alerts written after this line are shown.
            partitions.forEach(consumer::position);
        }
        boolean bounded = options.timeout() != null;
        long deadline = bounded ? System.nanoTime() + options.timeout().toNanos() : 0;
        try {
            while (!stopping && !done()) {
                // nanoTime may be negative: compare differences, never against a sentinel like Long.MAX_VALUE.
                long left = bounded ? deadline - System.nanoTime() : POLL.toNanos();
                if (left <= 0) {
                    break;
                }
                ConsumerRecords<String, byte[]> records = consumer.poll(left < POLL.toNanos() ? Duration.ofNanos(left) : POLL);
                for (ConsumerRecord<String, byte[]> r : records) {
                    handle(r);
                    if (done()) {
                        break;
                    }
                }
                if (alertmanager != null) {
                    alertmanager.resendActive();
                }
            }
        } catch (WakeupException e) {
            // stop() from a shutdown hook: end quietly.
        }
        return shown;
    }

    private boolean done() {
        return options.max() > 0 && shown >= options.max();
    }

    private void handle(ConsumerRecord<String, byte[]> r) {
        AlertRecord a;
        try {
            a = AlertRecord.parse(r.value());
        } catch (IllegalArgumentException e) {
            if (malformed++ < 10) {
                err.println("slowburn alerts tail: skipping " + r.topic() + "-" + r.partition() + "@" + r.offset() + ": " + e.getMessage());
                err.flush();
            }
            return;
        }
        if (!options.filter().test(a)) {
            return;
        }
        out.println(options.json() ? a.raw() : formatter.format(a));
        out.flush();
        shown++;
        if (alertmanager != null) {
            alertmanager.send(a);
        }
    }

    public long shown() {
        return shown;
    }

    public long malformed() {
        return malformed;
    }

    /** Ends {@link #run()} from another thread (a shutdown hook). */
    public void stop() {
        stopping = true;
        consumer.wakeup();
    }
}
