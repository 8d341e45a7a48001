package io.slowburn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.slowburn.broker.EmbeddedKafkaBroker;
import io.slowburn.ingest.otlp.OtlpConverter;
import io.slowburn.ingest.otlp.OtlpEncoding;
import io.slowburn.ingest.otlp.OtlpKafkaIngest;
import io.slowburn.ingest.prometheus.PrometheusMapping;
import io.slowburn.ingest.publish.KafkaDeadLetterSink;
import io.slowburn.ingest.publish.KafkaRecordSink;
import io.slowburn.ingest.publish.TelemetryPublisher;
import io.slowburn.model.MetricSample;
import io.slowburn.model.RecordCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
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
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slowburn ingest otlp} end to end on a real broker: requests built with the official OTLP classes are produced
 * to the topics the Collector's kafkaexporter writes (otlp_proto and otlp_json), consumed in a group, published as
 * contract samples, and the group's offsets committed; records it cannot use land on the dead-letter topic with the
 * reason, counted.
 */
@Tag("integration")
class OtlpIngestAgainstBrokerTest {

    private static final String PREFIX = "otlp-it.";
    private static final Path BASEDIR = Path.of(System.getProperty("basedir", "."));
    private static final long T0_NANOS = 1_772_409_600_000L * 1_000_000;
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedKafkaBroker.start();
        Cli topics = new Cli();
        assertThat(topics.run("topics", "create", "--bootstrap-servers", broker.bootstrapServers(), "--partitions", "1",
                "--topic-prefix", PREFIX)).as(topics.toString()).isZero();
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic("otlp_metrics", 2, (short) 1), new NewTopic("otlp_json_metrics", 1, (short) 1)))
                    .all().get();
        }
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static KeyValue attr(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    /** What an OpenTelemetry Java agent exports for a JVM's heap pools at one instant. */
    private static ExportMetricsServiceRequest heap(String host, long timeNanos, double oldGen, double eden) {
        Sum.Builder used = Sum.newBuilder().setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
        used.addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(timeNanos).setAsInt((long) oldGen)
                .addAttributes(attr("jvm.memory.type", "heap")).addAttributes(attr("jvm.memory.pool.name", "G1 Old Gen")));
        used.addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(timeNanos).setAsInt((long) eden)
                .addAttributes(attr("jvm.memory.type", "heap")).addAttributes(attr("jvm.memory.pool.name", "G1 Eden Space")));
        Sum.Builder limit = Sum.newBuilder().setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(timeNanos).setAsInt(4_000_000_000L)
                        .addAttributes(attr("jvm.memory.type", "heap")).addAttributes(attr("jvm.memory.pool.name", "G1 Old Gen")));
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(attr("host.name", host)).addAttributes(attr("service.name", "checkout")))
                .addScopeMetrics(ScopeMetrics.newBuilder()
                        .addMetrics(Metric.newBuilder().setName("jvm.memory.used").setUnit("By").setSum(used))
                        .addMetrics(Metric.newBuilder().setName("jvm.memory.limit").setUnit("By").setSum(limit)))).build();
    }

    private static void produce(String topic, List<byte[]> values) throws Exception {
        Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (byte[] v : values) {
                producer.send(new ProducerRecord<>(topic, v)).get();
            }
        }
    }

    private static List<ConsumerRecord<String, byte[]>> contractRecords(String sourcePrefix, int atLeast) {
        Map<String, Object> p = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(PREFIX + "metrics", 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (out.size() < atLeast && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.key().startsWith(sourcePrefix)) {
                        out.add(r);
                    }
                });
            }
        }
        return out;
    }

    @Test
    void protobufRecordsArePublishedAsContractSamplesAndTheGroupCommitted() throws Exception {
        produce("otlp_metrics", List.of(heap("it-host-1", T0_NANOS, 5.0e8, 1.0e8).toByteArray(),
                "not a protobuf request".getBytes(StandardCharsets.UTF_8),
                heap("it-host-1", T0_NANOS + 60_000_000_000L, 5.2e8, 3.0e7).toByteArray()));

        Cli first = new Cli();
        assertThat(first.run("ingest", "otlp", "--bootstrap-servers", broker.bootstrapServers(), "--topic-prefix", PREFIX,
                "--group", "it-proto", "--from-beginning", "--once")).as(first.toString()).isZero();
        assertThat(first.err()).contains("reading otlp_metrics (otlp_proto, group it-proto)")
                .contains("3 record(s) read, 1 not OTLP").contains("2 record(s) published");

        RecordCodec codec = new RecordCodec();
        List<MetricSample> samples = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : contractRecords("it-host-1|", 2)) {
            MetricSample s = codec.readMetric(r.value());
            assertThat(r.key()).isEqualTo(s.seriesId());
            // (The Kafka timestamp is the broker's: telemetry topics are LogAppendTime. Event time is the point's.)
            assertThat(s.ts()).isIn(1_772_409_600_000L, 1_772_409_660_000L);
            samples.add(s);
        }
        assertThat(samples).extracting(MetricSample::metric).containsOnly("jvm.memory.used");
        assertThat(samples).extracting(MetricSample::value).containsExactlyInAnyOrder(6.0e8, 5.5e8);
        assertThat(samples).allSatisfy(s -> {
            assertThat(s.labels()).isEqualTo(Map.of("area", "heap", "service", "checkout"));
            assertThat(s.limit()).isEqualTo(4.0e9);
        });

        // Committed to the end of every partition: the group's next run reads nothing again.
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets("it-proto").partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest =
                    committed.keySet().stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get();
            assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum()).isEqualTo(3);
            committed.forEach((tp, o) -> assertThat(o.offset()).as(tp.toString()).isEqualTo(ends.get(tp).offset()));
        }
        Cli again = new Cli();
        assertThat(again.run("ingest", "otlp", "--bootstrap-servers", broker.bootstrapServers(), "--topic-prefix", PREFIX,
                "--group", "it-proto", "--once")).as(again.toString()).isZero();
        assertThat(again.err()).contains("0 record(s) read");
    }

    @Test
    void jsonRecordsOfTheOtlpJsonEncodingAreReadToo() throws Exception {
        String json = JsonFormat.printer().print(heap("it-host-2", T0_NANOS, 7.0e8, 0));
        produce("otlp_json_metrics", List.of(json.getBytes(StandardCharsets.UTF_8)));
        Cli cli = new Cli();
        assertThat(cli.run("ingest", "otlp", "--bootstrap-servers", broker.bootstrapServers(), "--topic-prefix", PREFIX,
                "--topic", "otlp_json_metrics", "--encoding", "otlp_json", "--group", "it-json", "--from-beginning", "--once"))
                .as(cli.toString()).isZero();
        List<ConsumerRecord<String, byte[]>> records = contractRecords("it-host-2|", 1);
        assertThat(records).singleElement().satisfies(r -> assertThat(new RecordCodec().readMetric(r.value()).value()).isEqualTo(7.0e8));
    }

    /** A trace export, as a Collector misconfigured to send traces to the metrics topic writes it. */
    private static byte[] traceExport() {
        Span span = Span.newBuilder().setTraceId(ByteString.copyFromUtf8("0123456789abcdef"))
                .setSpanId(ByteString.copyFromUtf8("01234567")).setStartTimeUnixNano(T0_NANOS).setEndTimeUnixNano(T0_NANOS + 5_000_000)
                .build();
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(attr("host.name", "it-host-3")))
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(span))).build().toByteArray();
    }

    /** The dead letters of {@code sourceTopic}, in offset order. */
    private static List<JsonNode> deadLetters(String sourceTopic, int atLeast) throws Exception {
        Map<String, Object> p = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(PREFIX + "dlq", 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (out.size() < atLeast && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    JsonNode letter = json.readTree(r.value());
                    if (letter.path("topic").asText().equals(sourceTopic)) {
                        out.add(letter);
                    }
                }
            }
        }
        return out;
    }

    @Test
    void recordsThatAreNotOtlpMetricsLandOnTheDeadLetterTopicWithTheReasonAndAreCounted() throws Exception {
        String topic = "otlp_dlq_metrics";
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        byte[] garbage = "not a protobuf request".getBytes(StandardCharsets.UTF_8);
        Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, heap("it-host-3", T0_NANOS, 5.0e8, 1.0e8).toByteArray())).get();
            producer.send(new ProducerRecord<>(topic, "collector-7".getBytes(StandardCharsets.UTF_8), garbage)).get();
            producer.send(new ProducerRecord<>(topic, null)).get();
            producer.send(new ProducerRecord<>(topic, traceExport())).get();
        }

        OtlpKafkaIngest ingest;
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        TelemetryPublisher publisher = new TelemetryPublisher(new KafkaRecordSink(broker.bootstrapServers(), PREFIX + "metrics",
                PREFIX + "events", Map.of()));
        try (KafkaDeadLetterSink dlq = new KafkaDeadLetterSink(broker.bootstrapServers(), PREFIX + "dlq", Map.of())) {
            ingest = new OtlpKafkaIngest(OtlpKafkaIngest.consumer(broker.bootstrapServers(), "it-dlq", true), topic,
                    OtlpEncoding.OTLP_PROTO, new OtlpConverter(PrometheusMapping.resolve("otel"), "fallback", 1000), publisher, dlq);
            ingest.metrics().bindTo(registry);
            publisher.metrics().bindTo(registry);
            ingest.run(true, Duration.ofSeconds(30));
        } finally {
            publisher.close();
        }

        List<JsonNode> letters = deadLetters(topic, 3);
        assertThat(letters).hasSize(3);
        assertThat(letters).extracting(l -> l.path("offset").asLong()).containsExactly(1L, 2L, 3L);
        assertThat(letters).allSatisfy(l -> assertThat(l.path("partition").asInt()).isZero());
        JsonNode undecodable = letters.get(0);
        // The example of ingest/OTLP.md, byte for byte but the timestamp (the producer's clock).
        assertThat(undecodable.path("reason").asText()).isEqualTo("not an OTLP protobuf ExportMetricsServiceRequest: Protocol "
                + "message tag had invalid wire type. (--encoding otlp_proto)");
        assertThat(undecodable.path("key").asText()).isEqualTo("collector-7");
        assertThat(undecodable.path("value").asText()).isEqualTo("not a protobuf request");
        assertThat(letters.get(1).path("reason").asText()).isEqualTo("empty record: no OTLP ExportMetricsServiceRequest");
        assertThat(letters.get(1).path("value").isNull()).isTrue();
        assertThat(letters.get(2).path("reason").asText()).startsWith("no metric with data points of a known type: not an OTLP "
                + "metrics export (a trace or log export on the metrics topic?)");
        // Protobuf bytes are no text: the original record comes back byte for byte from value_base64.
        assertThat(Base64.getDecoder().decode(letters.get(2).path("value_base64").asText())).isEqualTo(traceExport());

        String scrape = registry.scrape();
        assertThat(scrape).contains("slowburn_ingest_otlp_records_read_total 4.0")
                .contains("slowburn_ingest_otlp_dead_letters_total{kind=\"undecodable\"} 1.0")
                .contains("slowburn_ingest_otlp_dead_letters_total{kind=\"unknown_payload\"} 2.0");
        // Every metric name ingest/OTLP.md gives is in the scrape.
        String doc = Files.readString(BASEDIR.resolve("../ingest/OTLP.md"));
        Matcher names = Pattern.compile("`(slowburn_[a-z_]+)").matcher(doc);
        int documented = 0;
        while (names.find()) {
            documented++;
            assertThat(scrape).as("ingest/OTLP.md names %s", names.group(1)).containsPattern("(?m)^" + names.group(1) + "[{ ]");
        }
        assertThat(documented).isEqualTo(7);
        // The good record was published, and every offset committed: the dead letters are where the records went.
        assertThat(contractRecords("it-host-3|", 1)).hasSize(1);
        try (Admin admin = admin()) {
            assertThat(admin.listConsumerGroupOffsets("it-dlq").partitionsToOffsetAndMetadata().get()
                    .get(new TopicPartition(topic, 0)).offset()).isEqualTo(4);
        }
    }

    @Test
    void withOutputTheDeadLettersGoToAFileBesideIt(@TempDir Path dir) throws Exception {
        String topic = "otlp_dlq_file_metrics";
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        produce(topic, List.of("{\"not\":\"protobuf\"}".getBytes(StandardCharsets.UTF_8),
                heap("it-host-4", T0_NANOS, 5.0e8, 1.0e8).toByteArray()));
        Path output = dir.resolve("samples.jsonl");
        Cli cli = new Cli();
        assertThat(cli.run("ingest", "otlp", "--bootstrap-servers", broker.bootstrapServers(), "--topic", topic, "--group", "it-file",
                "--from-beginning", "--once", "--output", output.toString(), "--metrics-port", "0")).as(cli.toString()).isZero();
        assertThat(cli.err()).containsPattern("slowburn ingest otlp: metrics on http://127\\.0\\.0\\.1:[1-9][0-9]*/metrics");
        Path dlq = dir.resolve("samples.jsonl.dlq");
        assertThat(cli.err()).contains("2 record(s) read, 1 not OTLP metrics (dead letters in " + dlq + ")");
        List<String> lines = Files.readAllLines(dlq);
        assertThat(lines).singleElement().satisfies(line -> {
            JsonNode letter = new ObjectMapper().readTree(line);
            assertThat(letter.path("topic").asText()).isEqualTo(topic);
            assertThat(letter.path("offset").asLong()).isZero();
            assertThat(letter.path("value").asText()).isEqualTo("{\"not\":\"protobuf\"}");
            assertThat(letter.path("reason").asText()).startsWith("not an OTLP protobuf ExportMetricsServiceRequest");
        });
        assertThat(Files.readAllLines(output)).hasSize(1);
    }
}
