package io.slowburn.rules.testing;

import io.slowburn.rules.testing.RuleTestFile.AlertCheck;
import io.slowburn.rules.testing.RuleTestFile.ExpectedAlert;
import io.slowburn.rules.yaml.YamlFields;
import io.slowburn.rules.yaml.YamlNodes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads a rule test's {@code expect_alerts} entries: at an evaluation time, the alerts expected to be firing. */
final class AlertExpectationReader {

    static final List<String> CHECK_KEYS = List.of("eval_time", "alerts");
    static final List<String> ALERT_KEYS = List.of("signal", "verdict", "severity", "source", "labels", "rule", "status", "experiment");

    private final TestYaml yaml;
    private final TestTimes times;

    AlertExpectationReader(TestYaml yaml, TestTimes times) {
        this.yaml = yaml;
        this.times = times;
    }

    /** One {@code {eval_time, alerts}} entry, or {@code null} when its time has a problem (reported). */
    AlertCheck check(Node n, long start) {
        if (!(n instanceof MappingNode m)) {
            yaml.problem(n, "expected {eval_time: DURATION, alerts: [...]}, got " + YamlNodes.kind(n), null);
            return null;
        }
        YamlFields e = yaml.fields(m, CHECK_KEYS, "expect_alerts entry");
        if (!e.contains("eval_time")) {
            yaml.problem(m, "missing required key 'eval_time'", "how long after the test's start, e.g. 3h");
            return null;
        }
        Node tn = e.entry("eval_time").getValueNode();
        Long ts = times.offset(tn, start);
        List<ExpectedAlert> alerts = new ArrayList<>();
        for (Node a : e.list("alerts", "a list")) {
            if (a instanceof MappingNode am) {
                alerts.add(alert(am));
            } else {
                yaml.problem(a, "expected an alert (a mapping of the fields to match), got " + YamlNodes.kind(a), null);
            }
        }
        return ts == null ? null : new AlertCheck(ts, YamlNodes.scalarText(tn), alerts, yaml.at(m));
    }

    private ExpectedAlert alert(MappingNode am) {
        Map<String, Object> fields = new LinkedHashMap<>();
        YamlFields af = yaml.fields(am, ALERT_KEYS, "expected alert");
        for (String key : af.keys()) {
            Node v = af.entry(key).getValueNode();
            if ("labels".equals(key)) {
                fields.put("labels", yaml.stringMap(v, "labels"));
            } else {
                String t = YamlNodes.scalarText(v);
                if (t == null) {
                    yaml.problem(v, "'" + key + "' must be a value, got " + YamlNodes.kind(v), null);
                } else {
                    fields.put(key, t);
                }
            }
        }
        return new ExpectedAlert(fields, yaml.at(am));
    }
}
