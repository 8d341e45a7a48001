package io.slowburn.rules;

import io.slowburn.rules.yaml.YamlNodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/**
 * A rule with an override's keys on top: each key replaces the rule's; {@code analysis} and {@code select} are merged
 * key by key (a different analysis {@code type} replaces the whole analysis; {@code metric}, {@code metrics} or
 * {@code events} replace each other). The merged nodes keep their own files and positions for problems.
 */
final class OverrideMerge {

    private static final List<String> SELECTED = List.of("metric", "metrics", "events");

    private OverrideMerge() {
    }

    static MappingNode merge(MappingNode base, MappingNode over) {
        List<NodeTuple> out = new ArrayList<>(base.getValue());
        for (NodeTuple t : over.getValue()) {
            String k = YamlNodes.scalarText(t.getKeyNode());
            if ("name".equals(k)) {
                continue;
            }
            int i = indexOf(out, k);
            Node v = t.getValueNode();
            if (i >= 0 && out.get(i).getValueNode() instanceof MappingNode bm && v instanceof MappingNode om
                && ("analysis".equals(k) || "select".equals(k))) {
                v = section(k, bm, om);
            }
            if (i >= 0) {
                out.set(i, new NodeTuple(t.getKeyNode(), v));
            } else {
                out.add(new NodeTuple(t.getKeyNode(), v));
            }
        }
        return new MappingNode(base.getTag(), true, out, base.getFlowStyle(), base.getStartMark(), base.getEndMark());
    }

    private static MappingNode section(String key, MappingNode base, MappingNode over) {
        List<NodeTuple> out = new ArrayList<>(base.getValue());
        if ("analysis".equals(key)) {
            int bt = indexOf(out, "type");
            int ot = indexOf(over.getValue(), "type");
            if (ot >= 0 && (bt < 0 || !Objects.equals(YamlNodes.scalarText(out.get(bt).getValueNode()),
                YamlNodes.scalarText(over.getValue().get(ot).getValueNode())))) {
                return over;
            }
        } else if (over.getValue().stream().anyMatch(t -> SELECTED.contains(YamlNodes.scalarText(t.getKeyNode())))) {
            out.removeIf(t -> SELECTED.contains(YamlNodes.scalarText(t.getKeyNode())));
        }
        for (NodeTuple t : over.getValue()) {
            int i = indexOf(out, YamlNodes.scalarText(t.getKeyNode()));
            if (i >= 0) {
                out.set(i, t);
            } else {
                out.add(t);
            }
        }
        return new MappingNode(base.getTag(), true, out, base.getFlowStyle(), base.getStartMark(), base.getEndMark());
    }

    private static int indexOf(List<NodeTuple> tuples, String key) {
        for (int i = 0; i < tuples.size(); i++) {
            if (Objects.equals(key, YamlNodes.scalarText(tuples.get(i).getKeyNode()))) {
                return i;
            }
        }
        return -1;
    }
}
