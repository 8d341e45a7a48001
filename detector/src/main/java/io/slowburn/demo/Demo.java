package io.slowburn.demo;

import io.slowburn.alerts.AlertFormatter;
import io.slowburn.alerts.AlertRecord;
import io.slowburn.broker.Directories;
import io.slowburn.broker.EmbeddedKafkaBroker;
import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.DetectorService;
import io.slowburn.detector.service.DetectorSetup;
import io.slowburn.detector.service.RuleSources;
import io.slowburn.detector.service.TrustedKeySource;
import io.slowburn.engine.RuleBook;
import io.slowburn.ingest.simulate.SigningKeys;
import io.slowburn.ingest.simulate.SimulateOptions;
import io.slowburn.ingest.simulate.SimulateRunner;
import io.slowburn.model.Verdict;
import io.slowburn.report.LiveIncidents;
import io.slowburn.report.ReportFiles;
import io.slowburn.report.ReportModel;
import io.slowburn.report.ReportPage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@code slowburn demo}: a real embedded Kafka broker, the detector service with the default rules and the demo key
 * trusted, and the built-in {@code demo} scenario published through the simulator. Alerts and abort commands are
 * printed as they arrive on the topics (read_committed), then a summary of the four stories.
 */
public final class Demo {

    /**
     * Event-time seconds per wall second: ten hours of telemetry in about 30 s, arriving as it would live (in order
     * across partitions), with the alerts showing up as the story unfolds.
     */
    private static final String SPEED = "1200";
    /** How long an abort command waits for its breach alert to be printed first (display only, wall clock). */
    private static final long ABORT_HOLD_MS = 2_000;

    private final PrintStream out;
    private final boolean json;
    private final Duration timeout;
    private final Path report;

    public Demo(PrintStream out, boolean json, Duration timeout) {
        this(out, json, timeout, null);
    }

    /** As above; at the end, writes the incident report to {@code report} (when not null) from the demo's topics. */
    public Demo(PrintStream out, boolean json, Duration timeout, Path report) {
        this.out = out;
        this.json = json;
        this.timeout = timeout;
        this.report = report;
    }

    /** Runs the demo; returns 0 when all four stories were seen, 1 otherwise. */
    public int run() throws Exception {
        long started = System.nanoTime();
        Path work = Files.createTempDirectory("slowburn-demo-");
        DemoStories stories = new DemoStories();
        Map<String, Integer> byVerdict = new TreeMap<>();
        out.println("slowburn demo: starting a real Kafka broker (KRaft, one node, in this JVM) ...");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            Path keys = Files.createDirectories(work.resolve("trusted-keys"));
            Files.writeString(keys.resolve(SigningKeys.DEMO + ".pub"), SigningKeys.demoPublicPem());
            DetectorConfig config = DetectorConfig.of(Map.of(
                    DetectorConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
                    DetectorConfig.APPLICATION_ID, "slowburn-demo",
                    DetectorConfig.TOPICS_PARTITIONS, 2,
                    DetectorConfig.STATE_DIR, work.resolve("state").toString(),
                    DetectorConfig.TRUSTED_KEYS_DIR, keys.toString(),
                    DetectorConfig.METRICS_PORT, 0));
            RuleBook rules = new RuleBook(RuleSources.load(config).orThrow());
            DetectorSetup setup = DetectorSetup.of(config, rules, TrustedKeySource.loadOnce(keys));
            out.println("broker on " + broker.bootstrapServers() + "; detector starting with " + rules.rules().size()
                    + " default rules (exactly-once), the demo key trusted");
            try (DetectorService service = DetectorService.start(config, setup)) {
                if (!service.awaitRunning(Duration.ofSeconds(60))) {
                    out.println("the detector did not start: " + service.state());
                    return 1;
                }
                AtomicBoolean stop = new AtomicBoolean();
                Thread tail = new Thread(() -> tail(broker.bootstrapServers(), config, stories, byVerdict, stop), "slowburn-demo-tail");
                tail.start();
                out.println("publishing the 'demo' scenario at 1200x: 6 hosts, 10 hours of telemetry in about 30 s, "
                        + "a rolling deploy, a heap leak, two signed experiments, a fork bomb\n");
                int simulated = new SimulateRunner(new SimulateOptions("demo", SPEED, null, broker.bootstrapServers(),
                        config.getString(DetectorConfig.TOPIC_PREFIX), Map.of()), new PrintStream(PrintStream.nullOutputStream())).run();
                long deadline = System.nanoTime() + timeout.toNanos();
                while (!stories.all() && System.nanoTime() < deadline && simulated == 0) {
                    Thread.sleep(100);
                }
                Thread.sleep(500); // let the last resolutions of the batch print
                stop.set(true);
                tail.join(10_000);
                if (report != null) {
                    writeReport(config, rules);
                }
            }
        } finally {
            Directories.deleteRecursively(work);
        }
        return summary(stories, byVerdict, (System.nanoTime() - started) / 1e9);
    }

    /** The incident report, read back from the topics as the detector's live view reads them. */
    private void writeReport(DetectorConfig config, RuleBook rules) throws IOException {
        ReportModel model = new LiveIncidents(config, rules).read("slowburn demo: incident report");
        byte[] html = ReportFiles.save(ReportPage.render(model), report);
        out.printf(Locale.ROOT, "%nincident report (%d incidents, %,d bytes; open it in a browser): %s%n",
                model.incidents().size(), html.length, report.toAbsolutePath());
    }

    private void tail(String bootstrap, DetectorConfig config, DemoStories stories, Map<String, Integer> byVerdict,
                      AtomicBoolean stop) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "slowburn-demo-tail");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        AlertFormatter formatter = new AlertFormatter(System.console() != null && !json);
        String alerts = config.topics().alerts();
        CauseBeforeEffect order = new CauseBeforeEffect(ABORT_HOLD_MS);
        try (var consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(alerts, config.topics().control()));
            while (!stop.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    String text = new String(r.value(), StandardCharsets.UTF_8);
                    if (r.topic().equals(alerts)) {
                        AlertRecord a = AlertRecord.parse(r.value());
                        if ("firing".equals(a.status())) {
                            byVerdict.merge(a.verdict(), 1, Integer::sum);
                        }
                        out.println(json ? text : formatter.format(a));
                        if (!json) {
                            order.sourceMoved(a).ifPresent(out::println);
                        }
                        stories.alert(a).ifPresent(line -> out.println("   >> " + line));
                        order.alertShown(a).forEach(abort -> printAbort(abort, stories));
                    } else {
                        var abort = new CauseBeforeEffect.Abort(r.key(), json ? text
                                : "ABORT    experiment " + r.key() + " -> chaos tooling must stop it");
                        order.abortArrived(abort, System.currentTimeMillis()).ifPresent(ready -> printAbort(ready, stories));
                    }
                }
                order.overdue(System.currentTimeMillis()).forEach(abort -> printAbort(abort, stories));
            }
            order.overdue(Long.MAX_VALUE).forEach(abort -> printAbort(abort, stories));
        }
    }

    private void printAbort(CauseBeforeEffect.Abort abort, DemoStories stories) {
        out.println(abort.line());
        stories.abort(abort.experiment()).ifPresent(line -> out.println("   >> " + line));
    }

    private int summary(DemoStories stories, Map<String, Integer> byVerdict, double seconds) {
        out.println();
        out.printf(Locale.ROOT, "summary (%.0f s): firing alerts by verdict %s%n", seconds, byVerdict);
        Map<DemoStories.Story, String> seen = stories.seen();
        for (DemoStories.Story s : DemoStories.Story.values()) {
            String line = seen.get(s);
            out.println((line == null ? "  MISSING " : "  shown   ") + s.description + (line == null ? "" : "\n          " + line));
        }
        boolean ok = stories.all() && byVerdict.containsKey(Verdict.SANCTIONED.wire());
        out.println(ok ? "all four stories shown." : "some stories were not shown.");
        return ok ? 0 : 1;
    }
}
