package io.slowburn.rules.testing;

import io.slowburn.analysis.Durations;
import io.slowburn.rules.Location;
import io.slowburn.rules.RuleProblem;
import io.slowburn.rules.yaml.YamlDocument;
import io.slowburn.rules.yaml.YamlFields;
import io.slowburn.rules.yaml.YamlNodes;
import io.slowburn.rules.testing.RuleTestFile.AlertCheck;
import io.slowburn.rules.testing.RuleTestFile.ExpectedAlert;
import io.slowburn.rules.testing.RuleTestFile.InputEvent;
import io.slowburn.rules.testing.RuleTestFile.InputExperiment;
import io.slowburn.rules.testing.RuleTestFile.InputSeries;
import io.slowburn.rules.testing.RuleTestFile.TestCase;
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
        Optional<Node> root = YamlDocument.compose(file, text, problems::add);
        if (root.isEmpty() && !problems.isEmpty()) {
            return null;
        }
        if (root.isEmpty() || !(root.get() instanceof MappingNode top)) {
            problems.add(new RuleProblem(file, 1, 1, "expected a mapping with 'rule_files' and 'tests'", null));
            return null;
        }
        YamlFields e = fields(top, TOP_KEYS, "test file");
        List<Path> ruleFiles = new ArrayList<>();
        for (Node n : e.list("rule_files", "a list")) {
            String t = text(n, "rule file");
            if (t != null) {
                ruleFiles.add(dir.resolve(t).normalize());
            }
        }
        boolean defaultPack = e.flag("default_pack", true);
        if (!defaultPack && ruleFiles.isEmpty()) {
            problem(at(top), "no rules to test: 'default_pack: false' and no 'rule_files'", "name rule_files, or drop default_pack");
        }
        String environment = e.contains("environment") ? text(e.entry("environment").getValueNode(), "environment") : null;
        Map<String, String> config = new LinkedHashMap<>();
        if (e.contains("config") && e.entry("config").getValueNode() instanceof MappingNode cm) {
            for (Map.Entry<String, NodeTuple> c : YamlNodes.entries(file, cm, problems::add).entrySet()) {
                String v = YamlNodes.scalarText(c.getValue().getValueNode());
                if (v == null) {
                    problem(at(c.getValue().getValueNode()), "config value of '" + c.getKey() + "' must be a scalar", null);
                } else {
                    config.put(c.getKey(), v);
                }
            }
        } else if (e.contains("config")) {
            problem(at(e.entry("config").getValueNode()), "'config' must be a mapping of detector settings", null);
        }
        List<TestCase> tests = new ArrayList<>();
        if (!e.contains("tests")) {
            problem(at(top), "missing required key 'tests'", null);
        }
        for (Node n : e.list("tests", "a list")) {
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
        YamlFields e = fields(m, TEST_KEYS, "test");
        String name = e.contains("name") ? text(e.entry("name").getValueNode(), "name") : "test " + (index + 1);
        long start = DEFAULT_START;
        if (e.contains("start")) {
            start = instant(e.entry("start").getValueNode());
        }
        long interval = 60_000L;
        if (e.contains("interval")) {
            Duration d = duration(e.entry("interval").getValueNode(), "interval");
            if (d != null && d.isZero()) {
                problem(at(e.entry("interval").getValueNode()), "'interval' must be positive", null);
            } else if (d != null) {
                interval = d.toMillis();
            }
        }
        List<InputSeries> series = new ArrayList<>();
        for (Node n : e.list("input_series", "a list")) {
            InputSeries s = series(n);
            if (s != null) {
                series.add(s);
            }
        }
        List<InputEvent> events = new ArrayList<>();
        for (Node n : e.list("events", "a list")) {
            InputEvent ev = event(n, start);
            if (ev != null) {
                events.add(ev);
            }
        }
        List<InputExperiment> experiments = new ArrayList<>();
        for (Node n : e.list("experiments", "a list")) {
            InputExperiment x = experiment(n, start);
            if (x != null) {
                experiments.add(x);
            }
        }
        Set<String> untrusted = new LinkedHashSet<>();
        for (Node n : e.list("untrusted_keys", "a list")) {
            String t = text(n, "key id");
            if (t != null) {
                untrusted.add(t);
            }
        }
        List<AlertCheck> checks = new ArrayList<>();
        if (!e.contains("expect_alerts")) {
            problem(at(m), "test '" + name + "' has no 'expect_alerts'", "expect_alerts: [{eval_time: 3h, alerts: [...]}]");
        }
        for (Node n : e.list("expect_alerts", "a list")) {
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
        YamlFields e = fields(m, SERIES_KEYS, "series");
        String metric = null;
        String source = null;
        Map<String, String> labels = new LinkedHashMap<>();
        if (e.contains("series")) {
            Node v = e.entry("series").getValueNode();
            try {
                SeriesName sn = SeriesName.parse(YamlNodes.scalarText(v));
                metric = sn.metric();
                source = sn.source();
                labels.putAll(sn.labels());
            } catch (IllegalArgumentException ex) {
                problem(at(v), ex.getMessage(), null);
            }
        } else {
            metric = e.contains("metric") ? text(e.entry("metric").getValueNode(), "metric") : null;
            source = e.contains("source") ? text(e.entry("source").getValueNode(), "source") : null;
            if (metric == null || source == null) {
                problem(at(m), "a series needs 'series: metric{source=\"...\",...}' or 'metric' and 'source'", null);
            }
            if (e.contains("labels")) {
                labels.putAll(stringMap(e.entry("labels").getValueNode(), "labels"));
            }
        }
        String type = null;
        if (e.contains("type")) {
            type = text(e.entry("type").getValueNode(), "type");
            if (type != null && !type.equals("gauge") && !type.equals("counter")) {
                problem(at(e.entry("type").getValueNode()), "'type' must be gauge or counter, got '" + type + "'", null);
            }
        }
        Double limit = e.contains("limit") ? number(e.entry("limit").getValueNode(), "limit") : null;
        String unit = e.contains("unit") ? text(e.entry("unit").getValueNode(), "unit") : null;
        List<Double> values = null;
        if (!e.contains("values")) {
            problem(at(m), "missing required key 'values'", "e.g. values: '0+10x60' or '1 2 _ 4'");
        } else {
            Node v = e.entry("values").getValueNode();
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
        YamlFields e = fields(m, EVENT_KEYS, "event");
        Long ts = e.contains("at") ? offset(e.entry("at").getValueNode(), start) : Long.valueOf(start);
        String source = required(m, e, "source");
        String kind = required(m, e, "event");
        Map<String, Object> attrs = new LinkedHashMap<>();
        if (e.contains("attrs")) {
            Object o = value(e.entry("attrs").getValueNode());
            if (o instanceof Map<?, ?> map) {
                map.forEach((k, v) -> attrs.put(String.valueOf(k), v));
            } else {
                problem(at(e.entry("attrs").getValueNode()), "'attrs' must be a mapping", null);
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
        YamlFields e = fields(m, EXPERIMENT_KEYS, "experiment");
        Long ts = e.contains("at") ? offset(e.entry("at").getValueNode(), start) : Long.valueOf(start);
        String signedBy = e.contains("signed_by") ? text(e.entry("signed_by").getValueNode(), "signed_by") : null;
        if (!e.contains("declaration")) {
            problem(at(m), "missing required key 'declaration'", "the experiment declaration, as in the contract");
            return null;
        }
        Node d = e.entry("declaration").getValueNode();
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
        YamlFields e = fields(m, CHECK_KEYS, "expect_alerts entry");
        if (!e.contains("eval_time")) {
            problem(at(m), "missing required key 'eval_time'", "how long after the test's start, e.g. 3h");
            return null;
        }
        Node tn = e.entry("eval_time").getValueNode();
        Long ts = offset(tn, start);
        List<ExpectedAlert> alerts = new ArrayList<>();
        for (Node a : e.list("alerts", "a list")) {
            if (!(a instanceof MappingNode am)) {
                problem(at(a), "expected an alert (a mapping of the fields to match), got " + YamlNodes.kind(a), null);
                continue;
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            YamlFields af = fields(am, ALERT_KEYS, "expected alert");
            for (String key : af.keys()) {
                Node v = af.entry(key).getValueNode();
                if ("labels".equals(key)) {
                    fields.put("labels", stringMap(v, "labels"));
                } else {
                    String t = YamlNodes.scalarText(v);
                    if (t == null) {
                        problem(at(v), "'" + key + "' must be a value, got " + YamlNodes.kind(v), null);
                    } else {
                        fields.put(key, t);
                    }
                }
            }
            alerts.add(new ExpectedAlert(fields, at(am)));
        }
        return ts == null ? null : new AlertCheck(ts, YamlNodes.scalarText(tn), alerts, at(m));
    }

    // ---- helpers

    private YamlFields fields(MappingNode m, List<String> known, String what) {
        return YamlFields.of(file, m, what, problems::add).allowOnly(known);
    }

    private String required(MappingNode m, YamlFields e, String key) {
        if (!e.contains(key)) {
            problem(at(m), "missing required key '" + key + "'", null);
            return null;
        }
        return text(e.entry(key).getValueNode(), key);
    }

    private String text(Node n, String what) {
        String t = YamlNodes.scalarText(n);
        if (t == null || t.isBlank()) {
            problem(at(n), "'" + what + "' must be text, got " + YamlNodes.kind(n), null);
            return null;
        }
        return t;
    }

    private Double number(Node n, String what) {
        Double d = YamlNodes.number(n);
        if (d == null) {
            problem(at(n), "'" + what + "' must be a number, got " + YamlNodes.kind(n), null);
        }
        return d;
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
