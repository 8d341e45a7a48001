package io.slowburn.detector.topology;

import static io.slowburn.detector.topology.DetectorEndToEndTest.MIN;
import static io.slowburn.detector.topology.DetectorEndToEndTest.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.slowburn.broker.EmbeddedKafkaBroker;
import io.slowburn.cli.SlowburnMain;
import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.DetectorService;
import io.slowburn.detector.service.DetectorSetup;
import io.slowburn.detector.service.RuleSources;
import io.slowburn.detector.service.TrustedKeySource;
import io.slowburn.engine.RuleBook;
import io.slowburn.verdict.DeclarationSigner;
import io.slowburn.verdict.ExperimentKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every audit record of a live run is in the audit chain, declarations and rule reloads included (issue 12 item 7):
 * on a real broker, a signed declaration, a tampered replacement, an unsigned one, a newer signed version and a
 * withdrawal, a crash loop's verdict and a rules reload are audited; {@code audit verify} finds the topic intact with
 * nothing unchained (and its checkpoints valid); a copy of the trail with the reload record deleted, a declaration
 * record altered, or a forged record inserted is named at the first break.
 */
@Tag("integration")
class AuditTrailLiveTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void shouldChainDeclarationAndRulesRecordsSoThatDeletingOrAlteringOneBreaksTheTrail() throws Exception {
        KeyPair approver = ExperimentKeys.generate();
        Path keys = Files.createDirectories(tmp.resolve("keys"));
        Files.writeString(keys.resolve("sre-lead.pub"), ExperimentKeys.publicPem(approver.getPublic()));
        Path detectorKeys = Files.createDirectories(tmp.resolve("detector"));
        assertThat(SlowburnMain.execute("experiments", "keygen", "--key-id", "detector", "--dir", detectorKeys.toString())).isZero();
        Path rules = Files.createDirectories(tmp.resolve("rules"));
        Files.writeString(rules.resolve("tuned.yaml"), "overrides:\n  - {name: crash-loop, resolve_after: 15m}\n");
        DeclarationSigner signer = new DeclarationSigner();
        String signed = signer.sign(declaration("exp-42", T0, "host-4"), approver.getPrivate(), "sre-lead");
        String tampered = signed.replace("host-4", "host-5");
        String unsigned = declaration("exp-7", T0 + MIN, "host-6");
        String newer = signer.sign(declaration("exp-42", T0 + 2 * MIN, "host-4"), approver.getPrivate(), "sre-lead");

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            Map<String, Object> props = new HashMap<>();
            props.put(DetectorConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
            props.put(DetectorConfig.METRICS_PORT, 0);
            props.put(DetectorConfig.TOPICS_PARTITIONS, 2);
            props.put(DetectorConfig.STATE_DIR, tmp.resolve("state").toString());
            props.put(DetectorConfig.WATERMARK_IDLE_MS, 2_000);
            props.put(DetectorConfig.TRUSTED_KEYS_DIR, keys.toString());
            props.put(DetectorConfig.RULES_DIR, rules.toString());
            props.put(DetectorConfig.RULES_RELOAD_INTERVAL_MS, 200L);
            props.put(DetectorConfig.AUDIT_SIGNING_KEY, detectorKeys.resolve("detector.key").toString());
            props.put(DetectorConfig.AUDIT_CHECKPOINT_RECORDS, 3);
            DetectorConfig config = DetectorConfig.of(props);
            DetectorSetup setup = DetectorSetup.of(config, new RuleBook(RuleSources.load(config).orThrow()),
                    TrustedKeySource.watching(keys, 1_000, System::currentTimeMillis));
            try (DetectorService service = DetectorService.start(config, setup)) {
                assertThat(service.awaitRunning(Duration.ofSeconds(60))).isTrue();
                List<String> trail;
                try (Reader audit = new Reader(broker.bootstrapServers(), config.topics().audit())) {
                    // a rules reload first (so records follow it in the chain), then each declaration once the one
                    // before it is in the registry, a crash loop and a withdrawal
                    Path tuned = rules.resolve("tuned.yaml");
                    Files.writeString(tuned, "overrides:\n  - {name: crash-loop, resolve_after: 20m}\n");
                    Files.setLastModifiedTime(tuned, FileTime.fromMillis(System.currentTimeMillis() + 1_000));
                    audit.await("rules_reloaded");
                    publish(broker, config, signed, audit, "declaration_accepted");
                    publish(broker, config, tampered, audit, "declaration_rejected");
                    publish(broker, config, unsigned, audit, "declaration_unverified");
                    publish(broker, config, newer, audit, "declaration_superseded");
                    List<String> kills = new ArrayList<>();
                    for (int k = 0; k < 4; k++) {
                        kills.add(DetectorEndToEndTest.kill(T0 + (3 + k) * MIN, "host-1"));
                    }
                    DetectorEndToEndTest.publish(broker.bootstrapServers(), config, kills);
                    audit.await("verdict");
                    withdraw(broker.bootstrapServers(), config.topics().experiments(), "exp-7");
                    audit.await("declaration_withdrawn");
                    trail = audit.all();
                }
                assertThat(trail).noneMatch(r -> !r.contains("\"writer\":\"verdict\""));

                // the topic: one chain, nothing unchained, every checkpoint signed by the detector's key
                Cli topic = verify("--bootstrap-servers", broker.bootstrapServers(), "--topic-prefix",
                        config.topics().audit().replaceFirst("audit$", ""), "--public-key",
                        detectorKeys.resolve("detector.pub").toString());
                assertThat(topic.exit).as(topic.toString()).isZero();
                assertThat(topic.out).containsPattern("intact: writer verdict \\d+ records; 0 unchained")
                        .contains("checkpoints verify");

                // a copy of the trail in chain order, as an auditor would keep it
                List<String> chain = new ArrayList<>(trail);
                chain.sort(Comparator.comparingLong(AuditTrailLiveTest::seq));
                Path file = tmp.resolve("audit.jsonl");
                Files.write(file, chain, StandardCharsets.UTF_8);
                assertThat(verify("--input", file.toString()).exit).isZero();

                int reload = indexOf(chain, "rules_reloaded");
                List<String> deleted = new ArrayList<>(chain);
                deleted.remove(reload);
                Files.write(file, deleted, StandardCharsets.UTF_8);
                Cli noReload = verify("--input", file.toString());
                assertThat(noReload.exit).isEqualTo(1);
                assertThat(noReload.err).contains("audit.jsonl:" + (reload + 1) + " (writer verdict, seq " + (reload + 1)
                        + "): deleted: seq " + reload + " missing");

                int rejected = indexOf(chain, "declaration_rejected");
                List<String> altered = new ArrayList<>(chain);
                altered.set(rejected, altered.get(rejected).replace("\"type\":\"declaration_rejected\"",
                        "\"type\":\"declaration_accepted\""));
                Files.write(file, altered, StandardCharsets.UTF_8);
                Cli renamed = verify("--input", file.toString());
                assertThat(renamed.exit).isEqualTo(1);
                assertThat(renamed.err).contains("audit.jsonl:" + (rejected + 1) + " (writer verdict, seq " + rejected + "): altered");

                List<String> inserted = new ArrayList<>(chain);
                inserted.add(1, "{\"type\":\"declaration_accepted\",\"ts\":" + T0 + ",\"experiment\":\"exp-99\",\"authentic\":true}");
                Files.write(file, inserted, StandardCharsets.UTF_8);
                Cli forged = verify("--input", file.toString());
                assertThat(forged.exit).isEqualTo(1);
                assertThat(forged.err).contains("audit.jsonl:2: unchained: a declaration_accepted record in no chain");
                assertThat(verify("--input", file.toString(), "--allow-unchained").out).contains("1 unchained");
            }
        }
    }

    private static String declaration(String id, long ts, String host) {
        return ("{\"stream\":\"experiment\",\"id\":\"%s\",\"ts\":%d,\"title\":\"kill\",\"scope\":{\"sources\":[\"%s\"]},"
                + "\"faults\":[\"process.kill\"],\"start\":%d,\"end\":%d,\"blast_radius\":{\"max_sources\":1},\"abort_when\":[]}")
                .formatted(id, ts, host, T0, T0 + 60 * MIN);
    }

    private static void withdraw(String bootstrap, String topic, String id) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, id, null));
            producer.flush();
        }
    }

    /** Publishes one declaration, then waits for its audit record (and a moment for the registry to have it). */
    private static void publish(EmbeddedKafkaBroker broker, DetectorConfig config, String declaration, Reader audit, String type)
            throws Exception {
        DetectorEndToEndTest.publish(broker.bootstrapServers(), config, List.of(declaration));
        audit.await(type);
        Thread.sleep(500);
    }

    /** The committed records of a topic from its beginning; {@link #await} waits for one of a type not yet returned. */
    private static final class Reader implements AutoCloseable {
        private final KafkaConsumer<String, String> consumer;
        private final List<String> seen = new ArrayList<>();
        private int awaited;

        Reader(String bootstrap, String topic) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.GROUP_ID_CONFIG, "audit-live-" + System.nanoTime());
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
            consumer.subscribe(List.of(topic));
        }

        void await(String type) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                for (int i = awaited; i < seen.size(); i++) {
                    if (seen.get(i).contains("\"type\":\"" + type + "\"")) {
                        awaited = i + 1;
                        return;
                    }
                }
                consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
            }
            throw new AssertionError("no " + type + " audit record within 60 s; seen: " + seen);
        }

        /** Everything read so far, and whatever else comes within a second. */
        List<String> all() {
            long until = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            while (System.nanoTime() < until) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
            }
            return List.copyOf(seen);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    private static long seq(String record) {
        try {
            return JSON.readTree(record).get("seq").asLong();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int indexOf(List<String> chain, String type) {
        for (int i = 0; i < chain.size(); i++) {
            if (chain.get(i).contains("\"type\":\"" + type + "\"")) {
                return i;
            }
        }
        throw new AssertionError("no " + type + " in " + chain);
    }

    private static Cli verify(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "audit";
        all[1] = "verify";
        System.arraycopy(args, 0, all, 2, args.length);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine cl = SlowburnMain.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(all);
        return new Cli(exit, out.toString(), err.toString());
    }

    private record Cli(int exit, String out, String err) {
    }
}
