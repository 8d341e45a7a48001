package io.slowburn.rules.testing;

import io.slowburn.analysis.Durations;
import io.slowburn.rules.Location;
import io.slowburn.rules.RuleProblem;
import io.slowburn.rules.yaml.YamlNodes;
import io.slowburn.rules.testing.RuleTestFile.AlertCheck;
import io.slowburn.rules.testing.RuleTestFile.ExpectedAlert;
import io.slowburn.rules.testing.RuleTestFile.InputEvent;
import io.slowburn.rules.testing.RuleTestFile.InputExperiment;
import io.slowburn.rules.testing.RuleTestFile.InputSeries;
import io.slowburn.rules.testing.RuleTestFile.TestCase;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/** Parses and validates a rule test file, reporting every problem with file:line:col. Pure: reads no other file. */
public final class RuleTestParser {

    /** Where a test starts when it names no {@code start}: 2026-03-02T00:00:00Z. */
    public static final long DEFAULT_START = 1_772_409_600_000L;

    static final List<String> TOP_KEYS = List.of("rule_files", "default_pack", "environment", "config", "tests");
    static final List<String> TEST_KEYS = List.of("name", "start", "interval", "input_series", "events", "experiments",
        "untrusted_keys", "expect_alerts");
    static final List<String> SERIES_KEYS = List.of("series", "metric", "source", "labels", "values", "type", "limit", "unit");
    static final List<String> EVENT_KEYS = List.of("at", "source", "event", "attrs");
    static final List<String> EXPERIMENT_KEYS = List.of("at", "signed_by", "declaration");
    static final List<String> CHECK_KEYS = List.of("eval_time", "alerts");
    static final List<String> ALERT_KEYS = List.of("signal", "verdict", "severity", "source", "labels", "rule", "status", "experiment");

    /** The parsed file, or every problem. */
    public record Result(RuleTestFile file, List<RuleProblem> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private final String file;
    private final Path dir;
    private final List<RuleProblem> problems = new ArrayList<>();

    private RuleTestParser(String file, Path dir) {
        this.file = file;
        this.dir = dir;
    }

    /** Parses {@code text}, the content of the test file {@code path} (rule files are resolved against its directory). */
    public static Result parse(Path path, String text) {
        Path dir = path.toAbsolutePath().getParent();
        RuleTestParser p = new RuleTestParser(path.toString(), dir == null ? Path.of(".") : dir);
        RuleTestFile f = p.parse(text);
        return new Result(p.problems.isEmpty() ? f : null, List.copyOf(p.problems));
    }

    private RuleTestFile parse(String text) {
        Optional<Node> root;
        try {
            root = new Compose(LoadSettings.builder().setLabel(file).build()).composeReader(new StringReader(text));
        } catch (MarkedYamlEngineException e) {
            problem(YamlNodes.location(file, e.getProblemMark().orElse(null)), "invalid YAML: " + e.getProblem(), null);
            return null;
        } catch (YamlEngineException e) {
            problems.add(new RuleProblem(file, 1, 1, "invalid YAML: " + e.getMessage(), null));
            return null;
        }
        if (root.isEmpty() || !(root.get() instanceof MappingNode top)) {
            problems.add(new RuleProblem(file, 1, 1, "expected a mapping with 'rule_files' and 'tests'", null));
            return null;
        }
        Map<String, NodeTuple> e = entries(top, TOP_KEYS, "test file");
        List<Path> ruleFiles = new ArrayList<>();
        for (Node n : list(e.get("rule_files"), "rule_files")) {
            String t = text(n, "rule file");
            if (t != null) {
                ruleFiles.add(dir.resolve(t).normalize());
            }
        }
        boolean defaultPack = e.containsKey("default_pack") ? bool(e.get("default_pack").getValueNode(), "default_pack") : true;
        if (!defaultPack && ruleFiles.isEmpty()) {
            problem(at(top), "no rules to test: 'default_pack: false' and no 'rule_files'", "name rule_files, or drop default_pack");
        }
        String environment = e.containsKey("environment") ? text(e.get("environment").getValueNode(), "environment") : null;
        Map<String, String> config = new LinkedHashMap<>();
        if (e.containsKey("config") && e.get("config").getValueNode() instanceof MappingNode cm) {
            for (Map.Entry<String, NodeTuple> c : YamlNodes.entries(file, cm, problems::add).entrySet()) {
                String v = YamlNodes.scalarText(c.getValue().getValueNode());
                if (v == null) {
                    problem(at(c.getValue().getValueNode()), "config value of '" + c.getKey() + "' must be a scalar", null);
                } else {
                    config.put(c.getKey(), v);
                }
            }
        } else if (e.containsKey("config")) {
            problem(at(e.get("config").getValueNode()), "'config' must be a mapping of detector settings", null);
        }
        List<TestCase> tests = new ArrayList<>();
        if (!e.containsKey("tests")) {
            problem(at(top), "missing required key 'tests'", null);
        }
        for (Node n : list(e.get("tests"), "tests")) {
            if (n instanceof MappingNode m) {
                TestCase t = test(m, tests.size());
                if (t != null) {
                    tests.add(t);
                }
            } else {
                problem(at(n), "expected a test (a mapping), got " + YamlNodes.kind(n), null);
            }
        }
        return new RuleTestFile(file, ruleFiles, defaultPack, environment, config, tests);
    }

    private TestCase test(MappingNode m, int index) {
        Map<String, NodeTuple> e = entries(m, TEST_KEYS, "test");
        String name = e.containsKey("name") ? text(e.get("name").getValueNode(), "name") : "test " + (index + 1);
        long start = DEFAULT_START;
        if (e.containsKey("start")) {
            start = instant(e.get("start").getValueNode());
        }
        long interval = 60_000L;
        if (e.containsKey("interval")) {
            Duration d = duration(e.get("interval").getValueNode(), "interval");
            if (d != null && d.isZero()) {
                problem(at(e.get("interval").getValueNode()), "'interval' must be positive", null);
            } else if (d != null) {
                interval = d.toMillis();
            }
        }
        List<InputSeries> series = new ArrayList<>();
        for (Node n : list(e.get("input_series"), "input_series")) {
            InputSeries s = series(n);
            if (s != null) {
                series.add(s);
            }
        }
        List<InputEvent> events = new ArrayList<>();
        for (Node n : list(e.get("events"), "events")) {
            InputEvent ev = event(n, start);
            if (ev != null) {
                events.add(ev);
            }
        }
        List<InputExperiment> experiments = new ArrayList<>();
        for (Node n : list(e.get("experiments"), "experiments")) {
            InputExperiment x = experiment(n, start);
            if (x != null) {
                experiments.add(x);
            }
        }
        Set<String> untrusted = new LinkedHashSet<>();
        for (Node n : list(e.get("untrusted_keys"), "untrusted_keys")) {
            String t = text(n, "key id");
            if (t != null) {
                untrusted.add(t);
            }
        }
        List<AlertCheck> checks = new ArrayList<>();
        if (!e.containsKey("expect_alerts")) {
            problem(at(m), "test '" + name + "' has no 'expect_alerts'", "expect_alerts: [{eval_time: 3h, alerts: [...]}]");
        }
        for (Node n : list(e.get("expect_alerts"), "expect_alerts")) {
            AlertCheck c = check(n, start);
            if (c != null) {
                checks.add(c);
            }
        }
        return new TestCase(name, at(m), start, interval, series, events, experiments, untrusted, checks);
    }

    private InputSeries series(Node n) {
        if (!(n instanceof MappingNode m)) {
            problem(at(n), "expected a series (a mapping with 'series' and 'values'), got " + YamlNodes.kind(n), null);
            return null;
        }
        Map<String, NodeTuple> e = entries(m, SERIES_KEYS, "series");
        String metric = null;
        String source = null;
        Map<String, String> labels = new LinkedHashMap<>();
        if (e.containsKey("series")) {
            Node v = e.get("series").getValueNode();
            try {
                SeriesName sn = SeriesName.parse(YamlNodes.scalarText(v));
                metric = sn.metric();
                source = sn.source();
                labels.putAll(sn.labels());
            } catch (IllegalArgumentException ex) {
                problem(at(v), ex.getMessage(), null);
            }
        } else {
            metric = e.containsKey("metric") ? text(e.get("metric").getValueNode(), "metric") : null;
            source = e.containsKey("source") ? text(e.get("source").getValueNode(), "source") : null;
            if (metric == null || source == null) {
                problem(at(m), "a series needs 'series: metric{source=\"...\",...}' or 'metric' and 'source'", null);
            }
            if (e.containsKey("labels")) {
                labels.putAll(stringMap(e.get("labels").getValueNode(), "labels"));
            }
        }
        String type = null;
        if (e.containsKey("type")) {
            type = text(e.get("type").getValueNode(), "type");
            if (type != null && !type.equals("gauge") && !type.equals("counter")) {
                problem(at(e.get("type").getValueNode()), "'type' must be gauge or counter, got '" + type + "'", null);
            }
        }
        Double limit = e.containsKey("limit") ? number(e.get("limit").getValueNode(), "limit") : null;
        String unit = e.containsKey("unit") ? text(e.get("unit").getValueNode(), "unit") : null;
        List<Double> values = null;
        if (!e.containsKey("values")) {
            problem(at(m), "missing required key 'values'", "e.g. values: '0+10x60' or '1 2 _ 4'");
        } else {
            Node v = e.get("values").getValueNode();
            try {
                values = SeriesNotation.parse(YamlNodes.scalarText(v));
            } catch (IllegalArgumentException ex) {
                problem(at(v), ex.getMessage(), null);
            }
        }
        if (metric == null || source == null || values == null) {
            return null;
        }
        return new InputSeries(metric, source, labels, type, limit, unit, values, at(m));
    }

    private InputEvent event(Node n, long start) {
        if (!(n instanceof MappingNode m)) {
            problem(at(n), "expected an event (a mapping with at, source, event, attrs), got " + YamlNodes.kind(n), null);
            return null;
        }
        Map<String, NodeTuple> e = entries(m, EVENT_KEYS, "event");
        Long ts = e.containsKey("at") ? offset(e.get("at").getValueNode(), start) : Long.valueOf(start);
        String source = required(m, e, "source");
        String kind = required(m, e, "event");
        Map<String, Object> attrs = new LinkedHashMap<>();
        if (e.containsKey("attrs")) {
            Object o = value(e.get("attrs").getValueNode());
            if (o instanceof Map<?, ?> map) {
                map.forEach((k, v) -> attrs.put(String.valueOf(k), v));
            } else {
                problem(at(e.get("attrs").getValueNode()), "'attrs' must be a mapping", null);
            }
        }
        if (ts == null || source == null || kind == null) {
            return null;
        }
        return new InputEvent(ts, source, kind, attrs, at(m));
    }

    private InputExperiment experiment(Node n, long start) {
        if (!(n instanceof MappingNode m)) {
            problem(at(n), "expected an experiment (a mapping with at, signed_by, declaration), got " + YamlNodes.kind(n), null);
            return null;
        }
        Map<String, NodeTuple> e = entries(m, EXPERIMENT_KEYS, "experiment");
        Long ts = e.containsKey("at") ? offset(e.get("at").getValueNode(), start) : Long.valueOf(start);
        String signedBy = e.containsKey("signed_by") ? text(e.get("signed_by").getValueNode(), "signed_by") : null;
        if (!e.containsKey("declaration")) {
            problem(at(m), "missing required key 'declaration'", "the experiment declaration, as in the contract");
            return null;
        }
        Node d = e.get("declaration").getValueNode();
        if (!(d instanceof MappingNode dm)) {
            problem(at(d), "'declaration' must be a mapping", null);
            return null;
        }
        Map<String, Object> declaration = new LinkedHashMap<>();
        for (Map.Entry<String, NodeTuple> t : YamlNodes.entries(file, dm, problems::add).entrySet()) {
            Node v = t.getValue().getValueNode();
            boolean time = List.of("start", "end", "ts").contains(t.getKey());
            // Times may be durations after the test's start (10m), ISO-8601 instants or epoch milliseconds.
            if (time && YamlNodes.isText(v) && looksLikeDuration(YamlNodes.scalarText(v))) {
                declaration.put(t.getKey(), offset(v, start));
            } else {
                declaration.put(t.getKey(), value(v));
            }
        }
        if (!declaration.containsKey("id")) {
            problem(at(d), "the declaration needs an 'id'", null);
        }
        if (ts == null) {
            return null;
        }
        return new InputExperiment(ts, signedBy, declaration, at(m));
    }

    private AlertCheck check(Node n, long start) {
        if (!(n instanceof MappingNode m)) {
            problem(at(n), "expected {eval_time: DURATION, alerts: [...]}, got " + YamlNodes.kind(n), null);
            return null;
        }
        Map<String, NodeTuple> e = entries(m, CHECK_KEYS, "expect_alerts entry");
        if (!e.containsKey("eval_time")) {
            problem(at(m), "missing required key 'eval_time'", "how long after the test's start, e.g. 3h");
            return null;
        }
        Node tn = e.get("eval_time").getValueNode();
        Long ts = offset(tn, start);
        List<ExpectedAlert> alerts = new ArrayList<>();
        for (Node a : list(e.get("alerts"), "alerts")) {
            if (!(a instanceof MappingNode am)) {
                problem(at(a), "expected an alert (a mapping of the fields to match), got " + YamlNodes.kind(a), null);
                continue;
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            for (Map.Entry<String, NodeTuple> f : entries(am, ALERT_KEYS, "expected alert").entrySet()) {
                Node v = f.getValue().getValueNode();
                if ("labels".equals(f.getKey())) {
                    fields.put("labels", stringMap(v, "labels"));
                } else {
                    String t = YamlNodes.scalarText(v);
                    if (t == null) {
                        problem(at(v), "'" + f.getKey() + "' must be a value, got " + YamlNodes.kind(v), null);
                    } else {
                        fields.put(f.getKey(), t);
                    }
                }
            }
            alerts.add(new ExpectedAlert(fields, at(am)));
        }
        return ts == null ? null : new AlertCheck(ts, YamlNodes.scalarText(tn), alerts, at(m));
    }

    // ---- helpers

    private Map<String, NodeTuple> entries(MappingNode m, List<String> known, String what) {
        Map<String, NodeTuple> e = YamlNodes.entries(file, m, problems::add);
        for (String k : e.keySet()) {
            if (!known.contains(k)) {
                String hint = io.slowburn.rules.Suggest.didYouMean(k, known);
                problem(at(e.get(k).getKeyNode()), "unknown key '" + k + "' in " + what,
                    hint != null ? hint : "known keys: " + String.join(", ", known));
            }
        }
        return e;
    }

    private List<Node> list(NodeTuple t, String key) {
        if (t == null || YamlNodes.isNull(t.getValueNode())) {
            return List.of();
        }
        if (t.getValueNode() instanceof SequenceNode s) {
            return s.getValue();
        }
        problem(at(t.getValueNode()), "'" + key + "' must be a list, got " + YamlNodes.kind(t.getValueNode()), null);
        return List.of();
    }

    private String required(MappingNode m, Map<String, NodeTuple> e, String key) {
        if (!e.containsKey(key)) {
            problem(at(m), "missing required key '" + key + "'", null);
            return null;
        }
        return text(e.get(key).getValueNode(), key);
    }

    private String text(Node n, String what) {
        String t = YamlNodes.scalarText(n);
        if (t == null || t.isBlank()) {
            problem(at(n), "'" + what + "' must be text, got " + YamlNodes.kind(n), null);
            return null;
        }
        return t;
    }

    private boolean bool(Node n, String what) {
        if (n instanceof ScalarNode s && Tag.BOOL.equals(s.getTag())) {
            return Boolean.parseBoolean(s.getValue());
        }
        problem(at(n), "'" + what + "' must be true or false, got " + YamlNodes.kind(n), null);
        return true;
    }

    private Double number(Node n, String what) {
        try {
            return Double.valueOf(YamlNodes.scalarText(n));
        } catch (NumberFormatException | NullPointerException e) {
            problem(at(n), "'" + what + "' must be a number, got " + YamlNodes.kind(n), null);
            return null;
        }
    }

    private Duration duration(Node n, String what) {
        try {
            return YamlNodes.duration(n);
        } catch (IllegalArgumentException e) {
            problem(at(n), "'" + what + "': " + e.getMessage(), null);
            return null;
        }
    }

    /** A duration after {@code start} ({@code 90m}), an ISO-8601 instant, or epoch milliseconds. */
    private Long offset(Node n, long start) {
        String t = YamlNodes.scalarText(n);
        if (t != null && looksLikeDuration(t)) {
            Duration d = duration(n, "time");
            return d == null ? null : start + d.toMillis();
        }
        return instantOrNull(n);
    }

    private long instant(Node n) {
        Long v = instantOrNull(n);
        return v == null ? DEFAULT_START : v;
    }

    private Long instantOrNull(Node n) {
        String t = YamlNodes.scalarText(n);
        if (t != null && t.matches("\\d{10,}")) {
            return Long.parseLong(t);
        }
        try {
            return Instant.parse(String.valueOf(t)).toEpochMilli();
        } catch (DateTimeParseException e) {
            problem(at(n), "expected a duration after the test's start (90m), an ISO-8601 instant or epoch milliseconds, got "
                + YamlNodes.kind(n), null);
            return null;
        }
    }

    private static boolean looksLikeDuration(String t) {
        if ("0".equals(t.trim())) {
            return true;
        }
        try {
            Durations.parse(t);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private Map<String, String> stringMap(Node n, String what) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!(n instanceof MappingNode m)) {
            problem(at(n), "'" + what + "' must be a mapping, got " + YamlNodes.kind(n), null);
            return out;
        }
        for (Map.Entry<String, NodeTuple> e : YamlNodes.entries(file, m, problems::add).entrySet()) {
            String v = YamlNodes.scalarText(e.getValue().getValueNode());
            if (v == null) {
                problem(at(e.getValue().getValueNode()), "value of '" + e.getKey() + "' must be text", null);
            } else {
                out.put(e.getKey(), v);
            }
        }
        return out;
    }

    /** A node as plain Java values: maps, lists, strings, longs, doubles, booleans, null. */
    private Object value(Node n) {
        if (n instanceof MappingNode m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, NodeTuple> e : YamlNodes.entries(file, m, problems::add).entrySet()) {
                out.put(e.getKey(), value(e.getValue().getValueNode()));
            }
            return out;
        }
        if (n instanceof SequenceNode s) {
            List<Object> out = new ArrayList<>();
            s.getValue().forEach(i -> out.add(value(i)));
            return out;
        }
        ScalarNode s = (ScalarNode) n;
        if (Tag.NULL.equals(s.getTag())) {
            return null;
        }
        if (Tag.BOOL.equals(s.getTag())) {
            return Boolean.parseBoolean(s.getValue());
        }
        if (Tag.INT.equals(s.getTag())) {
            try {
                return Long.parseLong(s.getValue());
            } catch (NumberFormatException e) {
                return s.getValue();
            }
        }
        if (Tag.FLOAT.equals(s.getTag())) {
            try {
                return Double.parseDouble(s.getValue());
            } catch (NumberFormatException e) {
                return s.getValue();
            }
        }
        return s.getValue();
    }

    private Location at(Node n) {
        return YamlNodes.location(file, n);
    }

    private void problem(Location where, String message, String hint) {
        problems.add(RuleProblem.at(where, message, hint));
    }
}
