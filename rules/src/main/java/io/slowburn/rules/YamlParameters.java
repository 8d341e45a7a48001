package io.slowburn.rules;

import io.slowburn.analysis.ParameterBounds;
import io.slowburn.analysis.Parameters;
import io.slowburn.rules.yaml.YamlNodes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * {@link Parameters} over the {@code analysis:} mapping of a rule file. Every problem (wrong type, out of range,
 * unknown key) is recorded as a {@link RuleProblem} at the line and column of the offending value, and the
 * default is returned so validation goes on. An analysis asks for every parameter it knows; after it is built,
 * {@link #reportUnread()} names the keys nobody asked for (usually typos) and suggests the closest known one.
 */
public final class YamlParameters implements Parameters {

    private final String file;
    private final String analysisType;
    private final Node anchor;
    private final Map<String, NodeTuple> entries;
    private final List<RuleProblem> problems;
    private final Set<String> read = new LinkedHashSet<>();
    private final Map<String, Duration> durations = new HashMap<>();

    /**
     * @param analysisNode the {@code analysis:} mapping (its entries are the parameters)
     * @param reserved keys that are not parameters (e.g. {@code type})
     * @param problems where problems go (shared with the loader so they stay in file order)
     */
    YamlParameters(String file, String analysisType, MappingNode analysisNode, Set<String> reserved, List<RuleProblem> problems) {
        this.file = file;
        this.analysisType = analysisType;
        this.anchor = analysisNode;
        this.problems = problems;
        this.entries = YamlNodes.entries(file, analysisNode, problems::add);
        this.entries.keySet().removeAll(reserved);
    }

    /** Parameters read from YAML text holding a single mapping; for tests and tools. Problems go to {@code problems}. */
    public static YamlParameters fromMapping(String file, String analysisType, MappingNode node, List<RuleProblem> problems) {
        return new YamlParameters(file, analysisType, node, Set.of("type"), problems);
    }

    /** Keys present that no accessor read. */
    public Set<String> unread() {
        Set<String> unread = new LinkedHashSet<>(entries.keySet());
        unread.removeAll(read);
        return unread;
    }

    /** Reports each unread key as an unknown parameter, with a "did you mean" hint or the list of known ones. */
    public void reportUnread() {
        for (String key : unread()) {
            String hint = Suggest.didYouMean(key, read);
            if (hint == null) {
                hint = read.isEmpty() ? analysisType + " takes no parameters" : "known parameters: " + String.join(", ", read);
            }
            problems.add(RuleProblem.at(YamlNodes.location(file, entries.get(key).getKeyNode()),
                "unknown parameter '" + key + "' for analysis " + analysisType, hint));
        }
    }

    /**
     * Reports each span that would keep more than {@link ParameterBounds#MAX_BUCKETS_PER_SERIES} buckets per series
     * (defaults included), at the span's value or, for a default, at the {@code bucket}.
     */
    public void reportStateSize() {
        for (ParameterBounds.Excess e : ParameterBounds.stateSize(durations)) {
            NodeTuple at = entries.get(e.key()) != null ? entries.get(e.key()) : entries.get(ParameterBounds.BUCKET);
            problemAt(at == null ? anchor : at.getValueNode(), e.key(), e.message());
        }
    }

    private Node get(String key) {
        read.add(key);
        NodeTuple t = entries.get(key);
        if (t == null || YamlNodes.isNull(t.getValueNode())) {
            return null;
        }
        return t.getValueNode();
    }

    private void problemAt(Node node, String key, String message) {
        problems.add(RuleProblem.at(YamlNodes.location(file, node),
            "parameter '" + key + "' of analysis " + analysisType + ": " + message, null));
    }

    @Override
    public Duration duration(String key, Duration defaultValue) {
        Node v = get(key);
        Duration d = defaultValue;
        if (v != null) {
            try {
                d = YamlNodes.duration(v);
                String outOfBounds = ParameterBounds.check(key, d);
                if (outOfBounds != null) {
                    problemAt(v, key, outOfBounds);
                    d = defaultValue;
                }
            } catch (IllegalArgumentException e) {
                problemAt(v, key, e.getMessage());
            }
        }
        if (d != null) {
            durations.put(key, d);
        }
        return d;
    }

    @Override
    public double number(String key, double defaultValue) {
        Node v = get(key);
        Double d = v == null ? Double.valueOf(defaultValue) : YamlNodes.number(v);
        if (d == null) {
            problemAt(v, key, "expected a finite number, got " + YamlNodes.kind(v));
            return defaultValue;
        }
        return d;
    }

    @Override
    public long integer(String key, long defaultValue) {
        Node v = get(key);
        Long l = v == null ? Long.valueOf(defaultValue) : YamlNodes.integer(v);
        if (l == null) {
            problemAt(v, key, "expected an integer, got " + YamlNodes.kind(v));
            return defaultValue;
        }
        return l;
    }

    @Override
    public boolean flag(String key, boolean defaultValue) {
        Node v = get(key);
        Boolean b = v == null ? Boolean.valueOf(defaultValue) : YamlNodes.flag(v);
        if (b == null) {
            problemAt(v, key, "expected true or false, got " + YamlNodes.kind(v));
            return defaultValue;
        }
        return b;
    }

    @Override
    public String text(String key, String defaultValue) {
        Node v = get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof ScalarNode s) {
            return s.getValue();
        }
        problemAt(v, key, "expected text, got " + YamlNodes.kind(v));
        return defaultValue;
    }

    @Override
    public List<String> texts(String key, List<String> defaultValue) {
        Node v = get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof ScalarNode s) {
            return List.of(s.getValue());
        }
        if (v instanceof SequenceNode seq) {
            List<String> out = new ArrayList<>(seq.getValue().size());
            boolean ok = true;
            for (Node item : seq.getValue()) {
                String t = YamlNodes.scalarText(item);
                if (t == null) {
                    problemAt(item, key, "expected a list of texts, got " + YamlNodes.kind(item) + " in it");
                    ok = false;
                } else {
                    out.add(t);
                }
            }
            return ok ? out : defaultValue;
        }
        problemAt(v, key, "expected a list, got " + YamlNodes.kind(v));
        return defaultValue;
    }

    @Override
    public void problem(String key, String message) {
        NodeTuple t = entries.get(key);
        Node at = t == null ? anchor : t.getValueNode();
        problemAt(at, key, message);
    }
}
