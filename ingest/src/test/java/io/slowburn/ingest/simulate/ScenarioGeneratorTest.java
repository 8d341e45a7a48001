package io.slowburn.ingest.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.slowburn.model.MetricSample;
import io.slowburn.model.RecordCodec;
import io.slowburn.model.Stream;
import io.slowburn.verdict.Authenticity;
import io.slowburn.verdict.DeclarationParser;
import io.slowburn.verdict.DeclarationVerifier;
import io.slowburn.verdict.TrustedKeys;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioGeneratorTest {

    private final RecordCodec codec = new RecordCodec();

    private static String jsonLines(Scenario s) {
        StringWriter w = new StringWriter();
        try (JsonLinesScenarioSink sink = new JsonLinesScenarioSink(w)) {
            new ScenarioGenerator(s).forEach(sink::write);
        }
        return w.toString();
    }

    @Test
    void theSameScenarioGivesByteIdenticalJsonLines() throws Exception {
        String first = jsonLines(ScenarioCatalog.load("forged-experiment"));
        String second = jsonLines(ScenarioCatalog.load("forged-experiment"));
        assertThat(first).isNotEmpty();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        assertThat(sha.digest(second.getBytes(StandardCharsets.UTF_8))).isEqualTo(sha.digest(first.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anotherSeedGivesOtherValues() {
        Scenario s = ScenarioCatalog.load("fork-bomb");
        Scenario reseeded = new Scenario(s.name(), s.description(), s.start(), 3_600_000L, s.stepMs(), s.seed() + 1, s.hosts(),
                s.baseline(), s.incidents(), s.experiments());
        Scenario same = new Scenario(s.name(), s.description(), s.start(), 3_600_000L, s.stepMs(), s.seed(), s.hosts(),
                s.baseline(), s.incidents(), s.experiments());
        assertThat(jsonLines(reseeded)).isNotEqualTo(jsonLines(same));
    }

    @Test
    void everyLineIsAContractRecordInEventTimeOrder() throws Exception {
        String lines = jsonLines(ScenarioCatalog.load("kill-experiment"));
        long last = Long.MIN_VALUE;
        Map<Stream, Integer> counts = new HashMap<>();
        Set<String> metrics = new HashSet<>();
        for (String line : lines.split("\n")) {
            assertThat(line).startsWith("{\"stream\":\"");
            JsonNode n = codec.readTree(line);
            Stream stream = codec.streamOf(n, null);
            counts.merge(stream, 1, Integer::sum);
            long ts = codec.timestamp(n, "ts");
            assertThat(ts).as(line).isGreaterThanOrEqualTo(last);
            last = ts;
            switch (stream) {
                case METRIC -> metrics.add(codec.toMetric(n).metric());
                case EVENT -> codec.toEvent(n);
                case EXPERIMENT -> new DeclarationParser().parse(line);
                default -> throw new AssertionError(stream);
            }
        }
        assertThat(counts.get(Stream.EXPERIMENT)).isEqualTo(1);
        assertThat(counts.get(Stream.EVENT)).isGreaterThan(50);
        assertThat(metrics).contains("jvm.memory.used", "jvm.gc.time", "os.memory.used", "os.fd.open", "os.process.count",
                "app.requests", "app.retries", "app.latency.p99", "app.queue.depth", "os.cpu.utilization");
    }

    @Test
    void declarationsAreSignedUnsignedOrTamperedAsTheScenarioSays() throws Exception {
        DeclarationVerifier verifier = new DeclarationVerifier(TrustedKeys.of(Map.of("demo", SigningKeys.demoPublicKey())));
        DeclarationParser parser = new DeclarationParser();
        Map<String, Authenticity> byId = new HashMap<>();
        for (String name : List.of("demo", "forged-experiment", "kill-experiment")) {
            for (ExperimentSpec e : ScenarioCatalog.load(name).experiments()) {
                byId.put(e.id(), verifier.verify(parser.parse(e.json())));
            }
        }
        assertThat(byId.get("exp-kill-web-2").valid()).isTrue();
        assertThat(byId.get("exp-latency-web-4").valid()).isTrue();
        assertThat(byId.get("exp-kill-node-1").valid()).isTrue();
        assertThat(byId.get("exp-spawn-batch").valid()).isFalse();
        assertThat(byId.get("exp-spawn-batch").approvals().get(0).outcome()).isEqualTo(Authenticity.Outcome.BAD_SIGNATURE);
        assertThat(byId.get("exp-kill-db").valid()).isFalse();
        assertThat(byId.get("exp-kill-db").approvals()).isEmpty();
    }

    @Test
    void declarationsAreWrittenWithTheirExactSignedText(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("s.yaml"), """
                duration: 2h
                hosts: [a, b]
                experiments:
                  - id: exp-1
                    scope: [a]
                    faults: [memory.pressure]
                    window: {start: +1h, end: +90m}
                    abort_when: [{metric: os.memory.used, above: 0.90, of: limit}]
                """);
        Scenario s = ScenarioCatalog.load(dir.resolve("s.yaml").toString());
        String line = jsonLines(s).lines().filter(l -> l.contains("\"experiment\"")).findFirst().orElseThrow();
        assertThat(line).contains("\"above\":0.90").startsWith("{\"stream\":\"experiment\",\"id\":\"exp-1\"");
        DeclarationVerifier verifier = new DeclarationVerifier(TrustedKeys.of(Map.of("demo", SigningKeys.demoPublicKey())));
        assertThat(verifier.verify(new DeclarationParser().parse(line)).valid()).isTrue();
        assertThat(s.experiments().get(0).declaredAt()).isEqualTo(s.start() + 30 * 60_000L);
    }

    @Test
    void aLeakThatEndsFreesWhatItHeld() {
        // A leak ends the way one does on a host (the process restarted at its limit): the truth says it is over, so
        // the resource must not stay at its limit for the rest of the scenario.
        Scenario s = new ScenarioLoader().load("l.yaml", """
                duration: 8h
                hosts: [a]
                incidents:
                  - {kind: memory_leak, host: a, at: +1h, duration: 3h, rate_per_hour: 2GB}
                  - {kind: fd_leak, host: a, at: +1h, duration: 3h, rate_per_hour: 3000}
                """, null);
        Map<String, Map<Long, Double>> byMetric = new HashMap<>();
        new ScenarioGenerator(s).forEach(r -> {
            if (r.observation() instanceof MetricSample m) {
                byMetric.computeIfAbsent(m.metric(), k -> new HashMap<>()).put((m.ts() - s.start()) / 60_000L, m.value());
            }
        });
        for (String metric : List.of("os.memory.used", "os.fd.open")) {
            Map<Long, Double> v = byMetric.get(metric);
            assertThat(v.get(239L) - v.get(59L)).as(metric + " while leaking").isGreaterThan(metric.equals("os.fd.open") ? 8_000 : 5e9);
            assertThat(Math.abs(v.get(300L) - v.get(59L))).as(metric + " an hour after the leak ended")
                    .isLessThan(metric.equals("os.fd.open") ? 100 : 2.5e9);
        }
    }

    @Test
    void aBigFleetStreamsLazily() {
        Scenario s = new ScenarioLoader().load("big.yaml", """
                duration: 7d
                step: 30s
                hosts: {prefix: h-, count: 50}
                incidents:
                  - {kind: heap_leak, host: h-7, at: +1d}
                """, null);
        long started = System.nanoTime();
        Iterator<ScenarioRecord> it = new ScenarioGenerator(s).iterator();
        long n = 0;
        long last = Long.MIN_VALUE;
        while (it.hasNext() && n < 100_000) {
            ScenarioRecord r = it.next();
            assertThat(r.ts()).isGreaterThanOrEqualTo(last);
            last = r.ts();
            n++;
        }
        // 100k records of a 13-million-record scenario arrive at once: nothing was generated ahead
        assertThat(n).isEqualTo(100_000);
        assertThat(last).isLessThan(s.start() + 3 * 3_600_000L);
        assertThat((System.nanoTime() - started) / 1e9).isLessThan(20);
    }

    @Test
    void aDeployRestartsEachHostOnceWithSigtermFromInit() throws Exception {
        Scenario s = new ScenarioLoader().load("d.yaml", """
                duration: 2h
                hosts: [a, b, c]
                incidents:
                  - {kind: deploy, hosts: all, at: +1h, spacing: 2m}
                """, null);
        Map<String, Integer> exits = new HashMap<>();
        for (ScenarioRecord r : new ScenarioGenerator(s)) {
            if (r.stream() == Stream.EVENT) {
                JsonNode n = codec.readTree(r.json());
                if ("process.exit".equals(n.get("event").asText()) && n.get("attrs").get("exit_code").asInt() == 143) {
                    exits.merge(n.get("source").asText(), 1, Integer::sum);
                    assertThat(n.get("attrs").get("signal").asText()).isEqualTo("SIGTERM");
                }
            }
        }
        assertThat(exits).isEqualTo(Map.of("a", 1, "b", 1, "c", 1));
    }
}
