package io.slowburn.detector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.DetectorMetrics;
import io.slowburn.detector.service.DetectorSetup;
import io.slowburn.detector.service.TrustedKeySource;
import io.slowburn.engine.RuleBook;
import io.slowburn.verdict.TrustedKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/**
 * The topology's stores, internal topics and processors have pinned names: renaming one would orphan its changelog
 * or repartition topic and lose state on upgrade. This test fails on any such rename.
 */
class TopologyShapeTest {

    static TopologyDescription describe() {
        DetectorConfig config = DetectorConfig.defaults();
        RuleBook rules = new RuleBook(Harness.rules(DetectorTopologyTest.CRASH_LOOP));
        return DetectorTopology.build(config, DetectorSetup.of(config, rules, TrustedKeySource.fixed(TrustedKeys.empty())),
                DetectorMetrics.detached()).describe();
    }

    static List<String> shape(TopologyDescription d) {
        List<String> lines = new ArrayList<>();
        for (TopologyDescription.Subtopology s : d.subtopologies()) {
            TreeSet<String> sources = new TreeSet<>();
            TreeSet<String> processors = new TreeSet<>();
            TreeSet<String> stores = new TreeSet<>();
            TreeSet<String> sinks = new TreeSet<>();
            for (TopologyDescription.Node n : s.nodes()) {
                if (n instanceof TopologyDescription.Source src) {
                    sources.addAll(src.topicSet());
                } else if (n instanceof TopologyDescription.Processor p) {
                    processors.add(p.name());
                    stores.addAll(p.stores());
                } else if (n instanceof TopologyDescription.Sink sink) {
                    sinks.add(sink.topic());
                }
            }
            if (!stores.isEmpty()) {
                lines.add("sources " + sources + " stores " + stores + " sinks " + sinks);
            }
        }
        for (TopologyDescription.GlobalStore g : d.globalStores()) {
            lines.add("global " + g.source().topicSet() + " stores " + g.processor().stores());
        }
        lines.sort(null);
        return lines;
    }

    @Test
    void shouldKeepThePinnedNamesOfStoresAndInternalTopics() {
        assertThat(shape(describe())).containsExactly(
                "global [slowburn.experiments.accepted] stores [experiment-registry]",
                "sources [findings-from-series-repartition, findings-from-sources-repartition] stores [incidents, verdict-buffer] "
                        + "sinks [slowburn.alerts, slowburn.audit, slowburn.control]",
                "sources [observations-by-source-repartition, slowburn.events, slowburn.experiments, slowburn.metrics] stores "
                        + "[counter-last, intake-clock, series-index, series-state, source-buffer, source-state] sinks "
                        + "[findings-from-series-repartition, findings-from-sources-repartition, observations-by-source-repartition, "
                        + "slowburn.dlq, slowburn.experiments.accepted]");
    }

    @Test
    void shouldNameEveryProcessorExplicitly() {
        List<String> generated = new ArrayList<>();
        for (TopologyDescription.Subtopology s : describe().subtopologies()) {
            for (TopologyDescription.Node n : s.nodes()) {
                if (n.name().startsWith("KSTREAM-") || n.name().startsWith("KTABLE-")) {
                    generated.add(n.name());
                }
            }
        }
        assertThat(generated).as("processors without a pinned name").isEmpty();
    }

    @Test
    void shouldDescribeTheSameTopologyForTheSameConfig() {
        assertThat(describe().toString()).isEqualTo(describe().toString());
    }
}
