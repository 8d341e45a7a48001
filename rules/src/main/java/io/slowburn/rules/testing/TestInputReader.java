package io.slowburn.rules.testing;

import io.slowburn.rules.testing.RuleTestFile.InputEvent;
import io.slowburn.rules.testing.RuleTestFile.InputExperiment;
import io.slowburn.rules.testing.RuleTestFile.InputSeries;
import io.slowburn.rules.yaml.YamlFields;
import io.slowburn.rules.yaml.YamlNodes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/**
 * Reads what a rule test feeds the rules: metric series in the promtool-like notation, events and experiment
 * declarations at times after the test's start. Each returns {@code null} when its entry has a problem (reported).
 */
final class TestInputReader {

    static final List<String> SERIES_KEYS = List.of("series", "metric", "source", "labels", "values", "type", "limit", "unit");
    static final List<String> EVENT_KEYS = List.of("at", "source", "event", "attrs");
    static final List<String> EXPERIMENT_KEYS = List.of("at", "signed_by", "declaration");
    /** Declaration fields that are times: written in a test as offsets after its start too. */
    private static final List<String> DECLARATION_TIMES = List.of("start", "end", "ts");

    private final TestYaml yaml;
    private final TestTimes times;

    TestInputReader(TestYaml yaml, TestTimes times) {
        this.yaml = yaml;
        this.times = times;
    }

    InputSeries series(Node n) {
        if (!(n instanceof MappingNode m)) {
            yaml.problem(n, "expected a series (a mapping with 'series' and 'values'), got " + YamlNodes.kind(n), null);
            return null;
        }
        YamlFields e = yaml.fields(m, SERIES_KEYS, "series");
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
                yaml.problem(v, ex.getMessage(), null);
            }
        } else {
            metric = yaml.optionalText(e, "metric");
            source = yaml.optionalText(e, "source");
            if (metric == null || source == null) {
                yaml.problem(m, "a series needs 'series: metric{source=\"...\",...}' or 'metric' and 'source'", null);
            }
            if (e.contains("labels")) {
                labels.putAll(yaml.stringMap(e.entry("labels").getValueNode(), "labels"));
            }
        }
        String type = null;
        if (e.contains("type")) {
            type = yaml.optionalText(e, "type");
            if (type != null && !type.equals("gauge") && !type.equals("counter")) {
                yaml.problem(e.entry("type").getValueNode(), "'type' must be gauge or counter, got '" + type + "'", null);
            }
        }
        Double limit = e.contains("limit") ? yaml.number(e.entry("limit").getValueNode(), "limit") : null;
        String unit = yaml.optionalText(e, "unit");
        List<Double> values = null;
        if (!e.contains("values")) {
            yaml.problem(m, "missing required key 'values'", "e.g. values: '0+10x60' or '1 2 _ 4'");
        } else {
            Node v = e.entry("values").getValueNode();
            try {
                values = SeriesNotation.parse(YamlNodes.scalarText(v));
            } catch (IllegalArgumentException ex) {
                yaml.problem(v, ex.getMessage(), null);
            }
        }
        if (metric == null || source == null || values == null) {
            return null;
        }
        return new InputSeries(metric, source, labels, type, limit, unit, values, yaml.at(m));
    }

    InputEvent event(Node n, long start) {
        if (!(n instanceof MappingNode m)) {
            yaml.problem(n, "expected an event (a mapping with at, source, event, attrs), got " + YamlNodes.kind(n), null);
            return null;
        }
        YamlFields e = yaml.fields(m, EVENT_KEYS, "event");
        Long ts = e.contains("at") ? times.offset(e.entry("at").getValueNode(), start) : Long.valueOf(start);
        String source = yaml.required(m, e, "source");
        String kind = yaml.required(m, e, "event");
        Map<String, Object> attrs = new LinkedHashMap<>();
        if (e.contains("attrs")) {
            Object o = yaml.plain(e.entry("attrs").getValueNode());
            if (o instanceof Map<?, ?> map) {
                map.forEach((k, v) -> attrs.put(String.valueOf(k), v));
            } else {
                yaml.problem(e.entry("attrs").getValueNode(), "'attrs' must be a mapping", null);
            }
        }
        if (ts == null || source == null || kind == null) {
            return null;
        }
        return new InputEvent(ts, source, kind, attrs, yaml.at(m));
    }

    InputExperiment experiment(Node n, long start) {
        if (!(n instanceof MappingNode m)) {
            yaml.problem(n, "expected an experiment (a mapping with at, signed_by, declaration), got " + YamlNodes.kind(n), null);
            return null;
        }
        YamlFields e = yaml.fields(m, EXPERIMENT_KEYS, "experiment");
        Long ts = e.contains("at") ? times.offset(e.entry("at").getValueNode(), start) : Long.valueOf(start);
        String signedBy = yaml.optionalText(e, "signed_by");
        if (!e.contains("declaration")) {
            yaml.problem(m, "missing required key 'declaration'", "the experiment declaration, as in the contract");
            return null;
        }
        Node d = e.entry("declaration").getValueNode();
        if (!(d instanceof MappingNode dm)) {
            yaml.problem(d, "'declaration' must be a mapping", null);
            return null;
        }
        Map<String, Object> declaration = new LinkedHashMap<>();
        for (Map.Entry<String, NodeTuple> t : yaml.entries(dm).entrySet()) {
            Node v = t.getValue().getValueNode();
            // Times may be durations after the test's start (10m), ISO-8601 instants or epoch milliseconds.
            if (DECLARATION_TIMES.contains(t.getKey()) && YamlNodes.isText(v) && TestTimes.looksLikeDuration(YamlNodes.scalarText(v))) {
                declaration.put(t.getKey(), times.offset(v, start));
            } else {
                declaration.put(t.getKey(), yaml.plain(v));
            }
        }
        if (!declaration.containsKey("id")) {
            yaml.problem(d, "the declaration needs an 'id'", null);
        }
        if (ts == null) {
            return null;
        }
        return new InputExperiment(ts, signedBy, declaration, yaml.at(m));
    }
}
