package io.slowburn.detector.ruletest;

import com.fasterxml.jackson.databind.JsonNode;
import io.slowburn.detector.backtest.OfflineDetector;
import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.DetectorMetrics;
import io.slowburn.detector.service.DetectorSetup;
import io.slowburn.detector.service.RuleSources;
import io.slowburn.detector.service.TrustedKeySource;
import io.slowburn.engine.RuleBook;
import io.slowburn.model.Event;
import io.slowburn.model.InvalidRecordException;
import io.slowburn.model.MetricSample;
import io.slowburn.model.MetricType;
import io.slowburn.model.RecordCodec;
import io.slowburn.rules.RuleLoadResult;
import io.slowburn.rules.RuleSet;
import io.slowburn.rules.testing.RuleTestFile;
import io.slowburn.rules.testing.RuleTestFile.AlertCheck;
import io.slowburn.rules.testing.RuleTestFile.ExpectedAlert;
import io.slowburn.rules.testing.RuleTestFile.InputEvent;
import io.slowburn.rules.testing.RuleTestFile.InputExperiment;
import io.slowburn.rules.testing.RuleTestFile.InputSeries;
import io.slowburn.rules.testing.RuleTestFile.TestCase;
import io.slowburn.rules.testing.RuleTestParser;
import io.slowburn.verdict.DeclarationSigner;
import io.slowburn.verdict.ExperimentKeys;
import io.slowburn.verdict.TrustedKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.streams.KeyValue;

/**
 * Runs rule unit tests ({@code slowburn rules test FILE...}): each test's input goes, in event-time order, through
 * the real topology ({@link OfflineDetector}) with the rules under test layered as the service layers them; at each
 * {@code eval_time} the alerts raised so far (each in its latest state) are compared with the expected ones. A
 * failure prints what was expected and what came, per evaluation time.
 */
public final class RuleTestRunner {

    /** What a run found: tests passed and failed, and files that could not be run (bad test file or bad rules). */
    public record Summary(int passed, int failed, int badFiles) {

        public Summary plus(Summary o) {
            return new Summary(passed + o.passed, failed + o.failed, badFiles + o.badFiles);
        }

        /** 0 all pass, 1 any failure, 2 any bad file. */
        public int exitCode() {
            return badFiles > 0 ? 2 : failed > 0 ? 1 : 0;
        }
    }

    /** The fields an alert is shown with, in this order. */
    private static final List<String> SHOWN = List.of("rule", "signal", "verdict", "severity", "status", "source", "labels",
            "experiment");

    private final PrintWriter out;
    private final RecordCodec codec = new RecordCodec();

    public RuleTestRunner(PrintWriter out) {
        this.out = out;
    }

    /** Runs every file; the summary's {@link Summary#exitCode()} is the command's exit code. */
    public Summary run(List<Path> files) {
        Summary total = new Summary(0, 0, 0);
        for (Path f : files) {
            total = total.plus(run(f));
        }
        out.printf("%d passed, %d failed%s%n", total.passed(), total.failed(),
                total.badFiles() == 0 ? "" : ", " + total.badFiles() + " file(s) could not be run");
        out.flush();
        return total;
    }

    /** Runs one test file. */
    public Summary run(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            out.println(file + ":1:1: cannot read test file: " + e.getMessage());
            return new Summary(0, 0, 1);
        }
        RuleTestParser.Result parsed = RuleTestParser.parse(file, text);
        if (!parsed.ok()) {
            parsed.problems().forEach(out::println);
            return new Summary(0, 0, 1);
        }
        RuleTestFile tf = parsed.file();
        RuleLoadResult rules = RuleSources.load(tf.ruleFiles(), tf.defaultPack(), tf.environment(), Map.of());
        if (!rules.ok()) {
            out.println(file + ": the rules under test do not load:");
            rules.problems().forEach(p -> out.println("  " + p));
            return new Summary(0, 0, 1);
        }
        Map<String, Object> settings = new HashMap<>(tf.config());
        settings.put(DetectorConfig.STATE_STORE_TYPE, "memory");
        DetectorConfig config;
        try {
            config = DetectorConfig.of(settings);
        } catch (DetectorConfig.InvalidConfigException e) {
            out.println(file + ":1:1: bad 'config': " + String.join("; ", e.problems()));
            return new Summary(0, 0, 1);
        }
        int passed = 0;
        int failed = 0;
        for (TestCase t : tf.tests()) {
            try {
                if (runTest(t, rules.rules(), config)) {
                    passed++;
                } else {
                    failed++;
                }
            } catch (InvalidRecordException | RuntimeException e) {
                out.println("FAIL " + t.location() + ": test '" + t.name() + "': " + e.getMessage());
                failed++;
            }
        }
        out.println((failed == 0 ? "PASS " : "FAIL ") + file + ": " + passed + " of " + (passed + failed) + " tests passed");
        out.flush();
        return new Summary(passed, failed, 0);
    }

    private boolean runTest(TestCase t, RuleSet rules, DetectorConfig config) throws InvalidRecordException {
        Map<String, KeyPair> keys = new TreeMap<>();
        Map<String, PublicKey> trusted = new TreeMap<>();
        for (InputExperiment x : t.experiments()) {
            if (x.signedBy() != null && !keys.containsKey(x.signedBy())) {
                KeyPair kp = ExperimentKeys.generate();
                keys.put(x.signedBy(), kp);
                if (!t.untrustedKeys().contains(x.signedBy())) {
                    trusted.put(x.signedBy(), kp.getPublic());
                }
            }
        }
        List<Input> inputs = new ArrayList<>();
        for (InputExperiment x : t.experiments()) {
            String json = json(x.declaration());
            String signed = x.signedBy() == null ? json
                    : new DeclarationSigner().sign(json, keys.get(x.signedBy()).getPrivate(), x.signedBy());
            String id = String.valueOf(x.declaration().get("id"));
            inputs.add(new Input(x.ts(), 0, inputs.size(), d -> d.pipeExperiment(id, signed.getBytes(StandardCharsets.UTF_8), x.ts())));
        }
        for (InputEvent e : t.events()) {
            Event ev = new Event(e.ts(), e.source(), e.event(), e.attrs());
            byte[] bytes = codec.bytes(codec.toJson(ev));
            inputs.add(new Input(e.ts(), 1, inputs.size(), d -> d.pipeEvent(e.source(), bytes, e.ts())));
        }
        for (InputSeries s : t.series()) {
            MetricType type = "counter".equals(s.type()) ? MetricType.COUNTER : MetricType.GAUGE;
            for (int i = 0; i < s.values().size(); i++) {
                Double v = s.values().get(i);
                if (v == null) {
                    continue;
                }
                long ts = t.start() + i * t.intervalMs();
                MetricSample sample = new MetricSample(ts, s.source(), s.metric(), s.labels(), v, type, s.limit(), s.unit());
                byte[] bytes = codec.bytes(codec.toJson(sample));
                inputs.add(new Input(ts, 2, inputs.size(), d -> d.pipeMetric(sample.seriesId(), bytes, ts)));
            }
        }
        inputs.sort(Comparator.comparingLong(Input::ts).thenComparingInt(Input::kind).thenComparingInt(Input::seq));
        List<AlertCheck> checks = new ArrayList<>(t.checks());
        checks.sort(Comparator.comparingLong(AlertCheck::evalTime));
        Map<String, JsonNode> alerts = new LinkedHashMap<>();
        boolean ok = true;
        try (OfflineDetector d = new OfflineDetector(config, DetectorSetup.of(config, new RuleBook(rules),
                TrustedKeySource.fixed(TrustedKeys.of(trusted))), DetectorMetrics.detached())) {
            int next = 0;
            for (AlertCheck c : checks) {
                while (next < inputs.size() && inputs.get(next).ts() <= c.evalTime()) {
                    inputs.get(next++).pipe().accept(d);
                    for (KeyValue<String, byte[]> kv : d.drainAlerts()) {
                        JsonNode a = tree(kv.value);
                        alerts.put(a.get("id").asText(), a);
                    }
                    d.drainAudit();
                    d.drainControl();
                    d.drainDlq();
                }
                ok &= compare(t, c, new ArrayList<>(alerts.values()));
            }
        }
        return ok;
    }

    private String json(Object value) {
        try {
            return codec.mapper().writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private JsonNode tree(byte[] value) {
        try {
            return codec.mapper().readTree(value);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON on the alert topic", e);
        }
    }

    /** One record to pipe: experiments first at equal times, then events, then samples, each in file order. */
    private record Input(long ts, int kind, int seq, Consumer<OfflineDetector> pipe) {
    }

    private boolean compare(TestCase t, AlertCheck c, List<JsonNode> actual) {
        List<JsonNode> left = new ArrayList<>(actual);
        List<ExpectedAlert> missing = new ArrayList<>();
        for (ExpectedAlert e : c.alerts()) {
            JsonNode hit = null;
            for (JsonNode a : left) {
                if (matches(e, a)) {
                    hit = a;
                    break;
                }
            }
            if (hit == null) {
                missing.add(e);
            } else {
                left.remove(hit);
            }
        }
        if (missing.isEmpty() && left.isEmpty()) {
            return true;
        }
        out.printf("FAIL %s: test '%s', eval_time %s (%s):%n", c.location(), t.name(), c.evalTimeText(),
                Instant.ofEpochMilli(c.evalTime()));
        out.println("  expected " + c.alerts().size() + " alert(s):");
        if (c.alerts().isEmpty()) {
            out.println("    (none)");
        }
        c.alerts().forEach(e -> out.println("    " + expectedText(e)));
        out.println("  got " + actual.size() + " alert(s) (latest state of every alert raised by then):");
        if (actual.isEmpty()) {
            out.println("    (none)");
        }
        actual.forEach(a -> out.println("    " + actualText(a)));
        missing.forEach(e -> out.println("  - missing:    " + expectedText(e) + "  (" + e.location() + ")"));
        left.forEach(a -> out.println("  + unexpected: " + actualText(a)));
        return false;
    }

    private static boolean matches(ExpectedAlert e, JsonNode a) {
        for (Map.Entry<String, Object> f : e.fields().entrySet()) {
            if ("labels".equals(f.getKey())) {
                @SuppressWarnings("unchecked")
                Map<String, String> labels = (Map<String, String>) f.getValue();
                JsonNode al = a.path("labels");
                for (Map.Entry<String, String> l : labels.entrySet()) {
                    if (!l.getValue().equals(al.path(l.getKey()).asText(null))) {
                        return false;
                    }
                }
            } else if (!String.valueOf(f.getValue()).equals(a.path(f.getKey()).isNull() ? "null" : a.path(f.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    private static String expectedText(ExpectedAlert e) {
        StringBuilder sb = new StringBuilder("{");
        for (String k : SHOWN) {
            if (e.fields().containsKey(k)) {
                sb.append(sb.length() > 1 ? ", " : "").append(k).append(": ").append(e.fields().get(k));
            }
        }
        return sb.append('}').toString();
    }

    private static String actualText(JsonNode a) {
        StringBuilder sb = new StringBuilder("{");
        for (String k : SHOWN) {
            JsonNode v = a.path(k);
            if (v.isMissingNode() || v.isNull() || v.isObject() && v.isEmpty()) {
                continue;
            }
            sb.append(sb.length() > 1 ? ", " : "").append(k).append(": ").append(v.isTextual() ? v.asText() : v.toString());
        }
        sb.append(", ts: ").append(Instant.ofEpochMilli(a.path("ts").asLong()));
        if (a.path("evidence").has("since")) {
            sb.append(", since: ").append(Instant.ofEpochMilli(a.path("evidence").path("since").asLong()));
        }
        return sb.append('}').toString();
    }
}
