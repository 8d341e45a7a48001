package io.slowburn.detector.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slowburn.detector.backtest.OfflineDetector;
import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.DetectorMetrics;
import io.slowburn.detector.service.DetectorSetup;
import io.slowburn.detector.service.TrustedKeySource;
import io.slowburn.engine.RuleBook;
import io.slowburn.model.Event;
import io.slowburn.model.InvalidRecordException;
import io.slowburn.model.MetricSample;
import io.slowburn.model.RecordCodec;
import io.slowburn.rules.AnalysisRegistry;
import io.slowburn.rules.RuleLoader;
import io.slowburn.rules.RuleSet;
import io.slowburn.verdict.DeclarationSigner;
import io.slowburn.verdict.ExperimentKeys;
import io.slowburn.verdict.TrustedKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
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

    /** The key trusted by every harness: the approver of the test's experiments. */
    static final KeyPair SRE_LEAD = ExperimentKeys.generate();
    /** A key nobody trusts. */
    static final KeyPair MALLORY = ExperimentKeys.generate();
    static final TrustedKeys TRUSTED = TrustedKeys.of(Map.of("sre-lead", SRE_LEAD.getPublic()));

    Harness(String rulesYaml, Map<String, ?> config, TrustedKeySource keys) {
        this.rules = new RuleBook(rules(rulesYaml));
        DetectorConfig c = DetectorConfig.of(config);
        this.detector = new OfflineDetector(c, DetectorSetup.of(c, rules, keys), metrics);
    }

    Harness(String rulesYaml, Map<String, ?> config) {
        this(rulesYaml, config, TrustedKeySource.fixed(TRUSTED));
    }

    Harness(String rulesYaml) {
        this(rulesYaml, Map.of("state.store.type", "memory"));
    }

    /** Declares an experiment: the JSON given, signed by {@code signer} under {@code keyId} (unsigned when null). */
    void declare(String declarationJson, KeyPair signer, String keyId, long ts) {
        String json = declarationJson;
        if (signer != null) {
            try {
                json = new DeclarationSigner().sign(declarationJson, signer.getPrivate(), keyId);
            } catch (InvalidRecordException e) {
                throw new AssertionError(e);
            }
        }
        detector.pipeExperiment(CanonicalJsonId.of(json), json.getBytes(StandardCharsets.UTF_8), ts);
    }

    void declareRaw(String json, long ts) {
        detector.pipeExperiment(CanonicalJsonId.of(json), json.getBytes(StandardCharsets.UTF_8), ts);
    }

    /** The id of a declaration, for its record key. */
    static final class CanonicalJsonId {
        private CanonicalJsonId() {
        }

        static String of(String json) {
            try {
                JsonNode n = JSON.readTree(json);
                return n.hasNonNull("id") ? n.get("id").asText() : null;
            } catch (IOException e) {
                return null;
            }
        }
    }

    /** One {@code trend_to_limit} rule on {@code app.queue.depth} (limit 100, 15-minute buckets, 24 h horizon). */
    static final String QUEUE_TREND = """
            rules:
              - name: queue-trend
                signal: queue_growth
                severity: warning
                select: {metric: app.queue.depth}
                analysis:
                  type: trend_to_limit
                  bucket: 15m
                  window: 2d
                  lateness: 0m
                  min_history: 2h
                  horizon: 24h
                  limit: 100
            """;

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
            } catch (IOException e) {
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
