package io.slowburn.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slowburn.detector.backtest.OfflineDetector;
import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.DetectorMetrics;
import io.slowburn.detector.service.DetectorSetup;
import io.slowburn.detector.service.RuleSources;
import io.slowburn.detector.service.TrustedKeySource;
import io.slowburn.engine.RuleBook;
import io.slowburn.ingest.simulate.Scenario;
import io.slowburn.ingest.simulate.ScenarioGenerator;
import io.slowburn.ingest.simulate.ScenarioRecord;
import io.slowburn.ingest.simulate.SigningKeys;
import io.slowburn.verdict.TrustedKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;

/**
 * Replays a generated scenario through the detector's real topology (OfflineDetector, default rules), record by
 * record as Kafka would deliver them, and keeps what came out.
 */
final class ScenarioReplay {

    private static final ObjectMapper JSON = new ObjectMapper();

    final List<JsonNode> alerts = new ArrayList<>();
    final List<JsonNode> control = new ArrayList<>();
    final List<JsonNode> dlq = new ArrayList<>();
    final List<JsonNode> audit = new ArrayList<>();
    long records;
    double seconds;

    /** Replays with the default rules, the demo key trusted as {@code demo} (the key the scenarios sign with). */
    static ScenarioReplay run(Scenario scenario) {
        ScenarioReplay out = new ScenarioReplay();
        long started = System.nanoTime();
        RuleBook rules = new RuleBook(RuleSources.load((Path) null).orThrow());
        DetectorConfig config = DetectorConfig.of(Map.of("state.store.type", "memory"));
        TrustedKeySource keys;
        try {
            keys = TrustedKeySource.fixed(TrustedKeys.of(Map.of(SigningKeys.DEMO, SigningKeys.demoPublicKey())));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the demo key does not load", e);
        }
        try (OfflineDetector d = new OfflineDetector(config, DetectorSetup.of(config, rules, keys), DetectorMetrics.detached())) {
            for (ScenarioRecord r : new ScenarioGenerator(scenario)) {
                switch (r.stream()) {
                    case METRIC -> d.pipeMetric(r.key(), r.json(), r.ts());
                    case EVENT -> d.pipeEvent(r.key(), r.json(), r.ts());
                    case EXPERIMENT -> d.pipeExperiment(r.key(), r.json(), r.ts());
                    default -> throw new IllegalStateException(r.stream().toString());
                }
                out.records++;
                if ((out.records & 1023) == 0) {
                    out.drain(d);
                }
            }
            out.drain(d);
        }
        out.seconds = (System.nanoTime() - started) / 1e9;
        return out;
    }

    private void drain(OfflineDetector d) {
        alerts.addAll(parse(d.drainAlerts()));
        control.addAll(parse(d.drainControl()));
        dlq.addAll(parse(d.drainDlq()));
        audit.addAll(parse(d.drainAudit()));
    }

    private static List<JsonNode> parse(List<KeyValue<String, byte[]>> kvs) {
        List<JsonNode> out = new ArrayList<>();
        for (KeyValue<String, byte[]> kv : kvs) {
            try {
                out.add(JSON.readTree(kv.value));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** Firing alerts of a signal (on a source, when given). */
    List<JsonNode> firing(String signal, String source) {
        return alerts.stream().filter(a -> "firing".equals(a.path("status").asText()))
                .filter(a -> signal.equals(a.path("signal").asText()))
                .filter(a -> source == null || source.equals(a.path("source").asText())).toList();
    }

    /** One line per alert, for failure messages. */
    String summary(long start) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%,d records in %.1f s%n", records, seconds));
        for (JsonNode a : alerts) {
            sb.append(String.format(Locale.ROOT, "+%.2fh %s %s %s %s %s %s %s%n", (a.path("ts").asLong() - start) / 3.6e6,
                    a.path("status").asText(), a.path("verdict").asText(), a.path("signal").asText(), a.path("severity").asText(),
                    a.path("source").asText(), a.path("rule").asText(), a.path("evidence")));
        }
        for (JsonNode c : control) {
            sb.append("control ").append(c).append('\n');
        }
        return sb.toString();
    }
}
