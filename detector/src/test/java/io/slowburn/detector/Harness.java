package io.slowburn.detector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slowburn.model.Event;
import io.slowburn.model.MetricSample;
import io.slowburn.model.RecordCodec;
import io.slowburn.rules.AnalysisRegistry;
import io.slowburn.rules.RuleLoader;
import io.slowburn.rules.RuleSet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;

/** The real topology over TopologyTestDriver, with contract records in and parsed JSON out. */
final class Harness implements AutoCloseable {

    static final long T0 = 1_772_409_600_000L;
    static final long MIN = 60_000L;

    private static final ObjectMapper JSON = new ObjectMapper();
    final RecordCodec codec = new RecordCodec();
    final DetectorMetrics metrics = DetectorMetrics.detached();
    final RuleBook rules;
    final OfflineDetector detector;

    Harness(String rulesYaml, Map<String, ?> config, VerdictPolicy policy) {
        this.rules = new RuleBook(rules(rulesYaml));
        this.detector = new OfflineDetector(DetectorConfig.of(config), rules, policy, metrics,
                DeclarationCheck::requireId);
    }

    Harness(String rulesYaml) {
        this(rulesYaml, Map.of("state.store.type", "memory"), VerdictPolicy.unsanctioned());
    }

    static RuleSet rules(String yaml) {
        return new RuleLoader(AnalysisRegistry.defaults()).loadString("test.yaml", yaml).orThrow();
    }

    void metric(MetricSample s) {
        detector.pipeMetric(s.seriesId(), codec.bytes(codec.toJson(s)), s.ts());
    }

    void event(long ts, String source, String kind, Map<String, Object> attrs) {
        Event e = new Event(ts, source, kind, attrs);
        detector.pipeEvent(source, codec.bytes(codec.toJson(e)), ts);
    }

    void kill(long ts, String source) {
        event(ts, source, Event.PROCESS_EXIT, Map.of("pid", 42, "exe", "/usr/bin/java", "signal", "SIGKILL", "exit_code", 137));
    }

    List<JsonNode> alerts() {
        return parse(detector.drainAlerts());
    }

    List<JsonNode> audit() {
        return parse(detector.drainAudit());
    }

    List<JsonNode> control() {
        return parse(detector.drainControl());
    }

    List<JsonNode> dlq() {
        return parse(detector.drainDlq());
    }

    static List<JsonNode> parse(List<KeyValue<String, byte[]>> records) {
        List<JsonNode> out = new ArrayList<>();
        for (KeyValue<String, byte[]> kv : records) {
            try {
                out.add(JSON.readTree(kv.value));
            } catch (java.io.IOException e) {
                throw new AssertionError("not JSON: " + new String(kv.value, StandardCharsets.UTF_8), e);
            }
        }
        return out;
    }

    @Override
    public void close() {
        detector.close();
    }
}
