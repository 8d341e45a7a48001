package io.slowburn.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.slowburn.broker.EmbeddedKafkaBroker;
import io.slowburn.detector.service.MetricsEndpoint;
import io.slowburn.detector.service.StreamsHealth;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code alerts forward} on a real (embedded KRaft) broker: restarts, commits after delivery, retries, dead letter, Kafka output. */
@Tag("integration")
class AlertForwarderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Retrier.Policy FAST = Retrier.Policy.forDuration(Duration.ofSeconds(30), Duration.ofMillis(100));
    private static EmbeddedKafkaBroker broker;
    private static Admin admin;
    private static KafkaProducer<String, String> producer;

    @TempDir
    Path dir;
    private final Map<AlertForwarder, KafkaConsumer<String, byte[]>> consumers = new IdentityHashMap<>();

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
        // Like the detector: alerts are written in transactions, and the forwarder reads committed records only.
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "forwarder-test"), new StringSerializer(), new StringSerializer());
        producer.initTransactions();
    }

    @AfterAll
    static void stopBroker() {
        producer.close();
        admin.close();
        broker.close();
    }

    private static String topic(String name, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        return name;
    }

    private static void produce(String topic, String... alerts) throws Exception {
        producer.beginTransaction();
        for (String a : alerts) {
            String key = a.startsWith("{\"") ? JSON.readTree(a).path("id").asText() : "unreadable";
            producer.send(new ProducerRecord<>(topic, key, a));
        }
        producer.commitTransaction();
    }

    private static String alert(String id, String status, String source) {
        return AlertSamples.json(id, status, "suspicious", "critical", null).replace("\"host-17\"", "\"" + source + "\"");
    }

    private AlertForwarder forwarder(String topic, String group, List<AlertOutput> outputs, long max, Duration timeout) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(AlertForwarder.consumerConfig(broker.bootstrapServers(), group,
                true, FAST.giveUpAfter(), outputs.size()), new StringDeserializer(), new ByteArrayDeserializer());
        AlertForwarder f = new AlertForwarder(consumer, () -> new KafkaConsumer<>(AlertForwarder.historyConfig(broker.bootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer()),
                new AlertForwarder.Options(topic, AlertFilter.all(), FAST, Duration.ofHours(1), max, timeout, 1000),
                outputs, new DeadLetterFile(dir.resolve("dead.jsonl"), 1 << 20, Clock.systemUTC()), null, new AlertFormatter(false));
        consumers.put(f, consumer);
        return f;
    }

    /** Runs a forwarder to its end and closes its consumer. */
    private AlertForwarder runToEnd(String topic, String group, List<AlertOutput> outputs, long max) {
        AlertForwarder f = forwarder(topic, group, outputs, max, Duration.ofSeconds(30));
        try {
            f.run();
        } finally {
            closeConsumer(f);
        }
        return f;
    }

    /** Closes the forwarder's group consumer (leaves the group, as a stopped process would). */
    private void closeConsumer(AlertForwarder f) {
        consumers.remove(f).close();
    }

    /** Committed offset of the group equals the end of every partition: nothing left to send again. */
    private static void assertCommittedToTheEnd(String topic, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        var parts = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
        var ends = admin.listOffsets(parts).all().get();
        ends.forEach((p, end) -> {
            long c = committed.containsKey(p) ? committed.get(p).offset() : 0;
            // A transaction's commit marker takes an offset after its last record.
            assertThat(c).as("committed offset of %s", p).isBetween(end.offset() - 1, end.offset());
        });
    }

    private static List<String> ids(Receiver r) throws Exception {
        List<String> ids = new ArrayList<>();
        for (Receiver.Request q : r.requests) {
            ids.add(JSON.readTree(q.body()).path("id").asText());
        }
        return ids;
    }

    @Test
    void alertsRaisedWhileTheForwarderIsDownAreDeliveredAfterItRestartsNoneTwiceWithTheirFiringLabels() throws Exception {
        String topic = topic("restart.alerts", 2);
        try (Receiver hook = Receiver.start()) {
            WebhookOutput webhook = new WebhookOutput(hook.url("/hook"), null, HttpPost.defaults());
            produce(topic, alert("storm-1", "firing", "svc-a"));
            assertThat(runToEnd(topic, "g-restart", List.of(webhook), 1).forwarded()).isEqualTo(1);

            // Down: the incident resolves on another of its sources, and two new alerts fire.
            produce(topic, alert("storm-1", "resolved", "svc-b"), alert("heap-2", "firing", "host-2"));
            produce(topic, alert("heap-3", "firing", "host-3"));

            AlertForwarder restarted = forwarder(topic, "g-restart", List.of(webhook), 3, Duration.ofSeconds(30));
            restarted.run();
            assertThat(restarted.openAlerts()).extracting(StableAlert::id).containsExactlyInAnyOrder("heap-2", "heap-3");
            closeConsumer(restarted);
            assertThat(restarted.forwarded()).isEqualTo(3);
            assertThat(ids(hook)).hasSize(4).doesNotHaveDuplicates().containsExactlyInAnyOrder("storm-1:firing", "storm-1:resolved",
                    "heap-2:firing", "heap-3:firing");
            JsonNode resolved = hook.requests.stream().map(q -> read(q.body()))
                    .filter(n -> n.path("id").asText().equals("storm-1:resolved")).findFirst().orElseThrow();
            // The restarted forwarder learned the firing's labels from the topic: the source label is still the first one.
            assertThat(resolved.path("labels").path("source").asText()).isEqualTo("svc-a");
            assertThat(resolved.path("annotations").path("last_source").asText()).isEqualTo("svc-b");
            assertThat(resolved.path("startsAt").asText()).isEqualTo("2026-03-02T14:05:00Z");
            assertCommittedToTheEnd(topic, "g-restart");
        }
    }

    private static JsonNode read(byte[] b) {
        try {
            return JSON.readTree(b);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anAlertIsCommittedOnlyOnceDeliveredSoAStopDuringRetriesLosesNothing() throws Exception {
        String topic = topic("stop.alerts", 1);
        try (Receiver hook = Receiver.start()) {
            hook.status = 503;
            WebhookOutput webhook = new WebhookOutput(hook.url("/hook"), null, HttpPost.defaults());
            produce(topic, alert("heap-1", "firing", "host-1"));
            AlertForwarder f = forwarder(topic, "g-stop", List.of(webhook), 1, Duration.ofSeconds(30));
            AtomicLong result = new AtomicLong(-1);
            Thread t = new Thread(() -> result.set(f.run()));
            t.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (hook.requests.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            f.stop();
            t.join(10_000);
            closeConsumer(f);
            assertThat(result.get()).isZero();
            assertThat(hook.requests.size()).isGreaterThanOrEqualTo(2);
            assertThat(Files.exists(dir.resolve("dead.jsonl"))).isFalse();

            hook.status = 200;
            hook.requests.clear();
            AlertForwarder again = runToEnd(topic, "g-stop", List.of(webhook), 1);
            assertThat(again.delivered()).isEqualTo(1);
            assertThat(ids(hook)).containsExactly("heap-1:firing");
            assertCommittedToTheEnd(topic, "g-stop");
        }
    }

    @Test
    void aReceiverDownForAWhileGetsTheAlertAfterRetries() throws Exception {
        String topic = topic("down.alerts", 1);
        int port = Receiver.freePort();
        WebhookOutput webhook = new WebhookOutput(URI.create("http://127.0.0.1:" + port + "/hook"), null, HttpPost.defaults());
        produce(topic, alert("heap-1", "firing", "host-1"));
        AlertForwarder f = forwarder(topic, "g-down", List.of(webhook), 1, Duration.ofSeconds(40));
        Thread t = new Thread(f::run);
        t.start();
        Thread.sleep(1500);
        try (Receiver late = Receiver.startOn(port)) {
            t.join(35_000);
            closeConsumer(f);
            assertThat(f.delivered()).isEqualTo(1);
            assertThat(f.deadLettered()).isZero();
            assertThat(ids(late)).containsExactly("heap-1:firing");
            assertCommittedToTheEnd(topic, "g-down");
        }
    }

    /** The scrape's samples of the forwarder, {@code name{labels}} to value. */
    private static Map<String, Double> forwarderSamples(String scrape) {
        Map<String, Double> samples = new TreeMap<>();
        for (String line : scrape.split("\n")) {
            if (line.startsWith("slowburn_alerts_forward_")) {
                int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return samples;
    }

    @Test
    void deliveriesFailuresRetriesDeadLettersAndTheLagAreScrapedPerOutputUnderTheNamesTheReadmeDocuments() throws Exception {
        String topic = topic("metrics.alerts", 1);
        try (Receiver hook = Receiver.start(); Receiver slack = Receiver.start()) {
            hook.next.addAll(List.of(503, 503));
            slack.status = 404;
            WebhookOutput webhook = new WebhookOutput(hook.url("/hook"), null, HttpPost.defaults());
            SlackOutput refusing = new SlackOutput(slack.url("/services/T/B/X"), null, HttpPost.defaults());
            produce(topic, alert("heap-1", "firing", "host-1"), "{not an alert", alert("heap-2", "firing", "host-2"),
                    alert("heap-3", "firing", "host-3"));
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            AlertForwarder f = forwarder(topic, "g-metrics", List.of(webhook, refusing), 2, Duration.ofSeconds(30));
            f.metrics().bindTo(registry);
            String before;
            String after;
            try (MetricsEndpoint endpoint = MetricsEndpoint.start(registry, "127.0.0.1", 0,
                    new StreamsHealth(() -> KafkaStreams.State.RUNNING))) {
                before = scrape(endpoint.port());
                try {
                    f.run();
                } finally {
                    closeConsumer(f);
                }
                after = scrape(endpoint.port());
            }
            // Every output's counters exist, at 0, before the first alert.
            assertThat(forwarderSamples(before).values()).containsOnly(0.0);
            assertThat(forwarderSamples(before).keySet()).isEqualTo(forwarderSamples(after).keySet());
            Map<String, Double> expected = new TreeMap<>();
            expected.put("slowburn_alerts_forward_delivered_total{output=\"webhook\"}", 2.0);
            expected.put("slowburn_alerts_forward_failed_total{output=\"webhook\"}", 2.0);
            expected.put("slowburn_alerts_forward_retried_total{output=\"webhook\"}", 2.0);
            expected.put("slowburn_alerts_forward_dead_lettered_total{output=\"webhook\"}", 0.0);
            expected.put("slowburn_alerts_forward_delivered_total{output=\"slack\"}", 0.0);
            expected.put("slowburn_alerts_forward_failed_total{output=\"slack\"}", 2.0);
            expected.put("slowburn_alerts_forward_retried_total{output=\"slack\"}", 0.0);
            expected.put("slowburn_alerts_forward_dead_lettered_total{output=\"slack\"}", 2.0);
            expected.put("slowburn_alerts_forward_unreadable_total", 1.0);
            // heap-3 and the transaction's commit marker are still ahead of the forwarder (--max 2).
            expected.put("slowburn_alerts_forward_lag_offsets", 2.0);
            assertThat(forwarderSamples(after)).isEqualTo(expected);
            assertThat(hook.requests).hasSize(4);

            // The README's Alert outputs section names exactly these metrics.
            String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
            String section = readme.substring(readme.indexOf("### Alert outputs"), readme.indexOf("### Configuration"));
            Matcher m = Pattern.compile("`(slowburn_alerts_forward_[a-z_]+)(\\{[a-z]+})?`").matcher(section);
            TreeSet<String> documented = new TreeSet<>();
            while (m.find()) {
                documented.add(m.group(1));
            }
            TreeSet<String> scraped = new TreeSet<>();
            expected.keySet().forEach(k -> scraped.add(k.replaceAll("\\{.*", "")));
            assertThat(documented).isEqualTo(scraped);
        }
    }

    private static String scrape(int port) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    @Test
    void aReceiverThatRefusesSendsTheAlertToTheDeadLetterAtOnceAndTheForwarderMovesOn() throws Exception {
        String topic = topic("refused.alerts", 1);
        try (Receiver slack = Receiver.start(); Receiver am = Receiver.start()) {
            slack.status = 400;
            SlackOutput refusing = new SlackOutput(slack.url("/services/T/B/X"), null, HttpPost.defaults());
            AlertmanagerOutput fine = new AlertmanagerOutput(am.url(""), null, HttpPost.defaults());
            produce(topic, alert("heap-1", "firing", "host-1"), "{not an alert", alert("heap-2", "firing", "host-2"));
            AlertForwarder f = runToEnd(topic, "g-refused", List.of(refusing, fine), 2);
            assertThat(slack.requests).hasSize(2);
            assertThat(am.requests).hasSize(2);
            assertThat(f.deadLettered()).isEqualTo(3);
            List<JsonNode> dead = Files.readAllLines(dir.resolve("dead.jsonl")).stream().map(l -> read(l.getBytes(StandardCharsets.UTF_8)))
                    .toList();
            assertThat(dead).extracting(n -> n.path("id").asText(null)).containsExactly("heap-1:firing", null, "heap-2:firing");
            assertThat(dead.get(0).path("output").asText()).isEqualTo("slack");
            assertThat(dead.get(0).path("reason").asText()).isEqualTo("HTTP 400 no");
            assertThat(dead.get(0).path("attempts").asInt()).isEqualTo(1);
            assertThat(dead.get(1).path("raw").asText()).isEqualTo("{not an alert");
            assertCommittedToTheEnd(topic, "g-refused");
        }
    }

    @Test
    void cloudEventsReachAKafkaTopicInTheKafkaBinaryBinding() throws Exception {
        String topic = topic("ce-in.alerts", 1);
        String out = topic("ce-out.events", 1);
        CloudEventsKafkaOutput ce = new CloudEventsKafkaOutput(CloudEventsKafkaOutput.producer(broker.bootstrapServers(), Map.of()), out,
                URI.create("/slowburn/alerts"), Duration.ofSeconds(10));
        String a = alert("heap-1", "firing", "host-1");
        produce(topic, a);
        try {
            assertThat(runToEnd(topic, "g-ce", List.of(ce), 1).delivered()).isEqualTo(1);
        } finally {
            ce.close();
        }
        Map<String, Object> reader = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.GROUP_ID_CONFIG, "ce-reader");
        try (KafkaConsumer<String, CloudEvent> c = new KafkaConsumer<>(reader, new StringDeserializer(), new CloudEventDeserializer())) {
            c.subscribe(List.of(out));
            List<ConsumerRecord<String, CloudEvent>> got = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (got.isEmpty() && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(got::add);
            }
            assertThat(got).hasSize(1);
            ConsumerRecord<String, CloudEvent> r = got.get(0);
            assertThat(r.key()).isEqualTo("heap-1");
            assertThat(new String(r.headers().lastHeader("ce_specversion").value(), StandardCharsets.UTF_8)).isEqualTo("1.0");
            assertThat(new String(r.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
                    .isEqualTo("application/json");
            CloudEvent e = r.value();
            assertThat(e.getId()).isEqualTo("heap-1:firing");
            assertThat(e.getType()).isEqualTo(AlertCloudEvents.TYPE);
            assertThat(e.getSubject()).isEqualTo("host-1");
            assertThat(e.getExtension("alertstatus")).isEqualTo("firing");
            assertThat(JSON.readTree(e.getData().toBytes())).isEqualTo(JSON.readTree(a));
        }
    }
}
