package io.slowburn.rules.testing;

import io.slowburn.rules.RuleProblem;
import io.slowburn.rules.testing.RuleTestFile.AlertCheck;
import io.slowburn.rules.testing.RuleTestFile.InputEvent;
import io.slowburn.rules.testing.RuleTestFile.InputExperiment;
import io.slowburn.rules.testing.RuleTestFile.InputSeries;
import io.slowburn.rules.testing.RuleTestFile.TestCase;
import io.slowburn.rules.yaml.YamlDocument;
import io.slowburn.rules.yaml.YamlFields;
import io.slowburn.rules.yaml.YamlNodes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/**
 * Parses and validates a rule test file, reporting every problem with file:line:col. Pure: reads no other file. This
 * class reads the file's frame (rule files, pack, environment, config) and each test's settings; the inputs are read
 * by {@link TestInputReader}, the expected alerts by {@link AlertExpectationReader}, times by {@link TestTimes}.
 */
public final class RuleTestParser {

    /** Where a test starts when it names no {@code start}: 2026-03-02T00:00:00Z. */
    public static final long DEFAULT_START = 1_772_409_600_000L;

    static final List<String> TOP_KEYS = List.of("rule_files", "default_pack", "environment", "config", "tests");
    static final List<String> TEST_KEYS = List.of("name", "start", "interval", "input_series", "events", "experiments",
        "untrusted_keys", "expect_alerts");

    /** The parsed file, or every problem. */
    public record Result(RuleTestFile file, List<RuleProblem> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private final Path dir;
    private final List<RuleProblem> problems = new ArrayList<>();
    private final TestYaml yaml;
    private final TestTimes times;
    private final TestInputReader inputs;
    private final AlertExpectationReader expectations;

    private RuleTestParser(String file, Path dir) {
        this.dir = dir;
        this.yaml = new TestYaml(file, problems::add);
        this.times = new TestTimes(yaml);
        this.inputs = new TestInputReader(yaml, times);
        this.expectations = new AlertExpectationReader(yaml, times);
    }

    /** Parses {@code text}, the content of the test file {@code path} (rule files are resolved against its directory). */
    public static Result parse(Path path, String text) {
        Path dir = path.toAbsolutePath().getParent();
        RuleTestParser p = new RuleTestParser(path.toString(), dir == null ? Path.of(".") : dir);
        RuleTestFile f = p.parse(text);
        return new Result(p.problems.isEmpty() ? f : null, List.copyOf(p.problems));
    }

    private RuleTestFile parse(String text) {
        String file = yaml.file();
        Optional<Node> root = YamlDocument.compose(file, text, problems::add);
        if (root.isEmpty() && !problems.isEmpty()) {
            return null;
        }
        if (root.isEmpty() || !(root.get() instanceof MappingNode top)) {
            problems.add(new RuleProblem(file, 1, 1, "expected a mapping with 'rule_files' and 'tests'", null));
            return null;
        }
        YamlFields e = yaml.fields(top, TOP_KEYS, "test file");
        List<Path> ruleFiles = new ArrayList<>();
        for (String t : each(e, "rule_files", n -> yaml.text(n, "rule file"))) {
            ruleFiles.add(dir.resolve(t).normalize());
        }
        boolean defaultPack = e.flag("default_pack", true);
        if (!defaultPack && ruleFiles.isEmpty()) {
            yaml.problem(top, "no rules to test: 'default_pack: false' and no 'rule_files'", "name rule_files, or drop default_pack");
        }
        String environment = yaml.optionalText(e, "environment");
        Map<String, String> config = config(e);
        if (!e.contains("tests")) {
            yaml.problem(top, "missing required key 'tests'", null);
        }
        List<TestCase> tests = new ArrayList<>();
        for (Node n : e.list("tests", "a list")) {
            if (n instanceof MappingNode m) {
                tests.add(test(m, tests.size()));
            } else {
                yaml.problem(n, "expected a test (a mapping), got " + YamlNodes.kind(n), null);
            }
        }
        return new RuleTestFile(file, ruleFiles, defaultPack, environment, config, tests);
    }

    /** Detector settings for the test ({@code config: {key: value}}), every value a scalar. */
    private Map<String, String> config(YamlFields e) {
        Map<String, String> config = new LinkedHashMap<>();
        if (!e.contains("config")) {
            return config;
        }
        Node node = e.entry("config").getValueNode();
        if (!(node instanceof MappingNode cm)) {
            yaml.problem(node, "'config' must be a mapping of detector settings", null);
            return config;
        }
        for (Map.Entry<String, NodeTuple> c : yaml.entries(cm).entrySet()) {
            String v = YamlNodes.scalarText(c.getValue().getValueNode());
            if (v == null) {
                yaml.problem(c.getValue().getValueNode(), "config value of '" + c.getKey() + "' must be a scalar", null);
            } else {
                config.put(c.getKey(), v);
            }
        }
        return config;
    }

    private TestCase test(MappingNode m, int index) {
        YamlFields e = yaml.fields(m, TEST_KEYS, "test");
        String name = e.contains("name") ? yaml.optionalText(e, "name") : "test " + (index + 1);
        long start = DEFAULT_START;
        if (e.contains("start")) {
            Long s = times.instant(e.entry("start").getValueNode());
            start = s == null ? DEFAULT_START : s;
        }
        long interval = 60_000L;
        if (e.contains("interval")) {
            Node node = e.entry("interval").getValueNode();
            Duration d = times.duration(node, "interval");
            if (d != null && d.isZero()) {
                yaml.problem(node, "'interval' must be positive", null);
            } else if (d != null) {
                interval = d.toMillis();
            }
        }
        long from = start;
        List<InputSeries> series = each(e, "input_series", inputs::series);
        List<InputEvent> events = each(e, "events", n -> inputs.event(n, from));
        List<InputExperiment> experiments = each(e, "experiments", n -> inputs.experiment(n, from));
        Set<String> untrusted = new LinkedHashSet<>(each(e, "untrusted_keys", n -> yaml.text(n, "key id")));
        if (!e.contains("expect_alerts")) {
            yaml.problem(m, "test '" + name + "' has no 'expect_alerts'", "expect_alerts: [{eval_time: 3h, alerts: [...]}]");
        }
        List<AlertCheck> checks = each(e, "expect_alerts", n -> expectations.check(n, from));
        return new TestCase(name, yaml.at(m), start, interval, series, events, experiments, untrusted, checks);
    }

    /** The items of a list read one by one, those with a problem (read as {@code null}) left out. */
    private static <T> List<T> each(YamlFields e, String key, Function<Node, T> read) {
        List<T> out = new ArrayList<>();
        for (Node n : e.list(key, "a list")) {
            T t = read.apply(n);
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }
}
