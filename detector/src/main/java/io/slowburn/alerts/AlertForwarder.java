package io.slowburn.alerts;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * {@code alerts forward}: the alert topic to one or more {@link AlertOutput}s, as a service. It reads committed records
 * only, in a consumer group (several forwarders share the partitions; a restart goes on where the group stopped), and
 * commits a record's offset only once every output has taken it or it is in the {@link DeadLetterFile}: an alert raised
 * while the forwarder is down is delivered when it is back, and none is skipped. A crash between a delivery and its
 * commit sends that one alert again, with the same event id ({@link StableAlert#eventId()}), so receivers can drop it.
 *
 * <p>Each output gets each alert through a {@link Retrier} (exponential backoff, bounded by time); an alert an output
 * refuses (4xx) or that stays undeliverable past the budget goes to the dead letter and the forwarder moves on. A stop
 * during retries ends them without a commit: the alert is read again at the next start.
 *
 * <p>The stable labels ({@link OpenAlerts}) need the firing of each open alert: when it is assigned a partition the
 * forwarder first reads that partition from its beginning up to the group's offset, without sending anything, to
 * learn which alerts are open and with which labels. Alerts are incident transitions, so this is a small read.
 */
public final class AlertForwarder {

    /**
     * @param refreshInterval how often outputs that need it (Alertmanager) get every alert still firing
     * @param max records to forward before ending (0: no limit); a filtered-out record does not count
     * @param timeout how long to run ({@code null}: until {@link #stop()})
     */
    public record Options(String topic, AlertFilter filter, Retrier.Policy retry, Duration refreshInterval, long max,
                          Duration timeout, int maxOpenAlerts) {

        public Options {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(retry, "retry");
            Objects.requireNonNull(refreshInterval, "refreshInterval");
            filter = filter == null ? AlertFilter.all() : filter;
        }
    }

    private static final Logger LOG = LogManager.getLogger(AlertForwarder.class);
    private static final Duration POLL = Duration.ofMillis(250);

    private final Consumer<String, byte[]> consumer;
    private final Supplier<Consumer<String, byte[]>> historyReader;
    private final Options options;
    private final List<AlertOutput> outputs;
    private final DeadLetterFile deadLetter;
    private final PrintWriter out;
    private final AlertFormatter formatter;
    private final OpenAlerts open;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Retrier retrier;
    private final ForwarderMetrics metrics;
    private volatile boolean stopping;
    private long forwarded;
    private long delivered;
    private long deadLettered;
    private long lastRefresh = System.nanoTime();

    /**
     * @param consumer a consumer in the forwarder's group (see {@link #consumerConfig})
     * @param historyReader makes a consumer without a group (see {@link #historyConfig}) to rebuild the open alerts
     * @param out one readable line per forwarded alert, or {@code null}
     */
    public AlertForwarder(Consumer<String, byte[]> consumer, Supplier<Consumer<String, byte[]>> historyReader, Options options,
                          List<AlertOutput> outputs, DeadLetterFile deadLetter, PrintWriter out, AlertFormatter formatter) {
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("at least one output is needed");
        }
        this.consumer = consumer;
        this.historyReader = historyReader;
        this.options = options;
        this.outputs = List.copyOf(outputs);
        this.deadLetter = Objects.requireNonNull(deadLetter, "deadLetter");
        this.out = out;
        this.formatter = formatter;
        this.open = new OpenAlerts(options.maxOpenAlerts());
        this.metrics = new ForwarderMetrics(this.outputs);
        this.retrier = new Retrier(options.retry(), d -> {
            try {
                return !stop.await(d.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    /**
     * The group consumer: committed records only, commits by hand, one record a poll (delivery may retry for a while,
     * and {@code max.poll.interval.ms} must cover one record's retries on every output).
     *
     * @param fromBeginning where a group without offsets starts: the oldest retained alert, or the newest
     */
    public static Map<String, Object> consumerConfig(String bootstrapServers, String group, boolean fromBeginning,
                                                     Duration retryFor, int outputs) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        long perRecord = retryFor.toMillis() * Math.max(1, outputs) + 60_000;
        p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, Math.max(300_000, perRecord)));
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "slowburn-alerts-forward");
        return p;
    }

    /** The consumer that re-reads a partition's history on assignment: committed records, no group. */
    public static Map<String, Object> historyConfig(String bootstrapServers) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "slowburn-alerts-forward-history");
        return p;
    }

    /** Runs until stopped, {@code max} or {@code timeout}; returns how many records were forwarded. */
    public long run() {
        consumer.subscribe(List.of(options.topic()), new Rebalance());
        boolean bounded = options.timeout() != null;
        long deadline = bounded ? System.nanoTime() + options.timeout().toNanos() : 0;
        while (!stopping && !done()) {
            long left = bounded ? deadline - System.nanoTime() : POLL.toNanos();
            if (left <= 0) {
                break;
            }
            for (ConsumerRecord<String, byte[]> r : consumer.poll(left < POLL.toNanos() ? Duration.ofNanos(left) : POLL)) {
                if (!forward(r)) {
                    return forwarded;
                }
                commit(r);
                measureLag();
            }
            measureLag();
            refreshIfDue();
        }
        return forwarded;
    }

    /** Every output has the record, or the dead letter has it; false when a stop came first (nothing to commit). */
    private boolean forward(ConsumerRecord<String, byte[]> r) {
        DeadLetterFile.Origin origin = new DeadLetterFile.Origin(r.topic(), r.partition(), r.offset());
        AlertRecord a;
        try {
            a = AlertRecord.parse(r.value());
        } catch (IllegalArgumentException e) {
            String raw = r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8);
            deadLetter.addUnreadable(raw, e.getMessage(), origin);
            deadLettered++;
            metrics.unreadable();
            LOG.warn("{}-{}@{} is not an alert ({}): kept in the dead letter {}", r.topic(), r.partition(), r.offset(), e.getMessage(),
                    deadLetter.file());
            return true;
        }
        if (!options.filter().test(a)) {
            return true;
        }
        StableAlert alert = open.next(a, r.partition());
        List<String> failedOn = new ArrayList<>();
        for (AlertOutput output : outputs) {
            Retrier.Result result = retrier.run(() -> output.deliver(alert));
            metrics.delivery(output, result);
            if (result.stopped()) {
                return false;
            }
            if (result.last().isDelivered()) {
                delivered++;
            } else {
                deadLetter.add(output, alert, result, origin);
                deadLettered++;
                failedOn.add(output.name());
                LOG.warn("{} {} did not take alert {} after {} attempt(s): {}; kept in the dead letter {}", output.name(),
                        output.target(), alert.eventId(), result.attempts(), result.last().detail(), deadLetter.file());
            }
        }
        forwarded++;
        if (out != null) {
            out.println(formatter.format(a) + (failedOn.isEmpty() ? "" : "  (dead letter: " + String.join(", ", failedOn) + ")"));
            out.flush();
        }
        return true;
    }

    private void commit(ConsumerRecord<String, byte[]> r) {
        try {
            consumer.commitSync(Map.of(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1)));
        } catch (CommitFailedException e) {
            // The partition moved to another forwarder meanwhile: it reads this alert again (same event id).
            LOG.warn("could not commit {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
        }
    }

    /** Records of the assigned partitions not yet read, as the last fetches saw the ends (no request to the broker). */
    private void measureLag() {
        try {
            long lag = 0;
            for (TopicPartition p : consumer.assignment()) {
                OptionalLong l = consumer.currentLag(p);
                lag += l.orElse(0);
            }
            metrics.lag(lag);
        } catch (RuntimeException e) {
            // A metric never stops forwarding (the consumer may be rebalancing).
            LOG.debug("could not measure the lag: {}", e.toString());
        }
    }

    private void refreshIfDue() {
        long now = System.nanoTime();
        if (now - lastRefresh < options.refreshInterval().toNanos()) {
            return;
        }
        lastRefresh = now;
        List<StableAlert> firing = open.firing();
        outputs.forEach(o -> o.refresh(firing));
    }

    private boolean done() {
        return options.max() > 0 && forwarded >= options.max();
    }

    /** Learns the open alerts of newly assigned partitions; forgets those of partitions taken away. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            partitions.forEach(p -> open.forget(p.partition()));
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            onPartitionsRevoked(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            Map<TopicPartition, Long> ends = new HashMap<>();
            for (TopicPartition p : partitions) {
                long end = consumer.position(p);
                if (end > 0) {
                    ends.put(p, end);
                }
            }
            if (!ends.isEmpty()) {
                rebuild(ends);
            }
        }
    }

    /** Reads each partition from its beginning to {@code ends} and passes its alerts through {@link #open}, sending nothing. */
    private void rebuild(Map<TopicPartition, Long> ends) {
        long start = System.nanoTime();
        long read = 0;
        try (Consumer<String, byte[]> history = historyReader.get()) {
            List<TopicPartition> left = new ArrayList<>(ends.keySet());
            history.assign(left);
            history.seekToBeginning(left);
            left.removeIf(p -> history.position(p) >= ends.get(p));
            while (!left.isEmpty() && !stopping) {
                for (ConsumerRecord<String, byte[]> r : history.poll(POLL)) {
                    TopicPartition p = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() < ends.getOrDefault(p, 0L)) {
                        read++;
                        learn(r);
                    }
                }
                left.removeIf(p -> history.position(p) >= ends.get(p));
            }
        }
        LOG.info("read {} alert record(s) of {} partition(s) up to the group's offsets in {} ms: {} alert(s) open", read, ends.size(),
                (System.nanoTime() - start) / 1_000_000, open.size());
    }

    private void learn(ConsumerRecord<String, byte[]> r) {
        try {
            AlertRecord a = AlertRecord.parse(r.value());
            if (options.filter().test(a)) {
                open.next(a, r.partition());
            }
        } catch (IllegalArgumentException e) {
            // Not an alert: it went to the dead letter when it was forwarded.
        }
    }

    /** Ends {@link #run()} from another thread: retries in progress end without a commit. */
    public void stop() {
        stopping = true;
        stop.countDown();
    }

    public long forwarded() {
        return forwarded;
    }

    public long delivered() {
        return delivered;
    }

    public long deadLettered() {
        return deadLettered;
    }

    /** Delivered, failed, retried and dead-lettered counts per output, and the lag: bind it to a registry to export them. */
    public ForwarderMetrics metrics() {
        return metrics;
    }

    /** Alerts open now (fired, not resolved), as the outputs see them. */
    public List<StableAlert> openAlerts() {
        return open.firing();
    }
}
