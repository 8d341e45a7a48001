package io.slowburn.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The alerts a live run wrote, set beside a backtest's of the same file: the bench's check that the speed it prints is
 * the speed of the same detection. Both runs share the alerts topic, so a run's alerts are those after the offsets the
 * topic ended at when it started. Compared by what a subscriber acts on (id, status, event time, verdict, severity);
 * evidence may differ live (README, "Data flow": samples of one millisecond reaching the source stage at the watermark).
 */
final class LiveAlerts {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LiveAlerts() {
    }

    /** Where each partition of {@code topic} ends now (committed records only). */
    static Map<TopicPartition, Long> ends(String bootstrap, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return new HashMap<>(consumer.endOffsets(partitions));
        }
    }

    /** Every committed record of the topic from {@code from} to its end now, as text. */
    static List<String> since(String bootstrap, Map<TopicPartition, Long> from) {
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            Map<TopicPartition, Long> ends = consumer.endOffsets(from.keySet());
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (from.keySet().stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read the alerts topic to its end in 2 minutes");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    /** One line: how many alerts the live run wrote, and whether they are the backtest's (and if not, which differ). */
    static String compare(String what, List<String> live, Path backtestAlerts) throws IOException {
        TreeSet<String> offline = new TreeSet<>();
        for (String line : Files.readAllLines(backtestAlerts, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                offline.add(identity(line));
            }
        }
        TreeSet<String> online = new TreeSet<>();
        for (String line : live) {
            online.add(identity(line));
        }
        TreeSet<String> onlyLive = new TreeSet<>(online);
        onlyLive.removeAll(offline);
        TreeSet<String> onlyBacktest = new TreeSet<>(offline);
        onlyBacktest.removeAll(online);
        if (onlyLive.isEmpty() && onlyBacktest.isEmpty()) {
            return String.format(Locale.ROOT, "alerts: %s wrote %d, the backtest's %d (id, status, time, verdict, severity): equal", what,
                    online.size(), offline.size());
        }
        return String.format(Locale.ROOT, "alerts: %s wrote %d, the backtest %d: NOT EQUAL; only live: %s; only in the backtest: %s", what,
                online.size(), offline.size(), onlyLive, onlyBacktest);
    }

    private static String identity(String line) throws IOException {
        JsonNode a = JSON.readTree(line);
        return a.path("id").asText() + " " + a.path("status").asText() + " " + a.path("ts").asLong() + " "
                + a.path("verdict").asText() + " " + a.path("severity").asText();
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
