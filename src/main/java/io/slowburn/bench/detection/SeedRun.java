package io.slowburn.bench.detection;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.slowburn.detector.backtest.Backtest;
import io.slowburn.detector.backtest.OfflineDetector;
import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.DetectorMetrics;
import io.slowburn.detector.service.DetectorSetup;
import io.slowburn.detector.service.RuleSources;
import io.slowburn.detector.service.TrustedKeySource;
import io.slowburn.engine.RuleBook;
import io.slowburn.ingest.simulate.FleetSuite;
import io.slowburn.ingest.simulate.JsonLinesScenarioSink;
import io.slowburn.ingest.simulate.Scenario;
import io.slowburn.ingest.simulate.ScenarioGenerator;
import io.slowburn.ingest.simulate.ScenarioLoader;
import io.slowburn.ingest.simulate.ScenarioRecord;
import io.slowburn.ingest.simulate.ScenarioTruth;
import io.slowburn.ingest.simulate.TruthEntry;
import io.slowburn.rules.RuleLoadResult;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * One seed of the suite: generates the scenario and its truth, replays the records through slowburn's real offline
 * detector (what {@code slowburn backtest --trusted-keys DIR} runs, in memory) and through the baseline, and scores
 * both. Leaves in its directory what a diagnosis needs: {@code scenario.yaml}, {@code truth.jsonl},
 * {@code alerts-slowburn.jsonl}, {@code alerts-baseline.jsonl}, {@code report.txt} (per incident: what matched, or why
 * it was missed); the records only when asked to keep them (they are large; {@code --scenario suite:SEED} makes them
 * again).
 */
public final class SeedRun {

    /** What a seed gave. */
    public record Result(long seed, long records, double generateSeconds, double backtestSeconds, double baselineSeconds,
                         List<TruthEntry> truth, Scorer.Score slowburn, Scorer.Score baseline) {
    }

    private SeedRun() {
    }

    /** Runs a scenario text (a suite seed's or any labelled scenario) and scores it, with the default rule pack. */
    public static Result run(long seed, String scenarioYaml, Path dir, Path trustedKeys, boolean keepRecords) throws IOException {
        return run(seed, scenarioYaml, dir, trustedKeys, null, keepRecords);
    }

    /**
     * Runs a scenario text and scores it, slowburn with {@code rules} (a directory or one file, as {@code rules.dir}:
     * layered on the default pack; null for the default pack alone).
     */
    public static Result run(long seed, String scenarioYaml, Path dir, Path trustedKeys, Path rules, boolean keepRecords)
            throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("scenario.yaml"), scenarioYaml, StandardCharsets.UTF_8);
        Scenario scenario = new ScenarioLoader().load("suite:" + seed, scenarioYaml, null);
        List<TruthEntry> truth = ScenarioTruth.of(scenario);
        ScenarioTruth.write(truth, dir.resolve("truth.jsonl"));

        Path records = dir.resolve("records.jsonl");
        long t0 = System.nanoTime();
        long count = 0;
        try (JsonLinesScenarioSink sink = new JsonLinesScenarioSink(records)) {
            for (ScenarioRecord r : new ScenarioGenerator(scenario)) {
                sink.write(r);
                count++;
            }
        }
        double generate = (System.nanoTime() - t0) / 1e9;

        Path slowburnAlerts = dir.resolve("alerts-slowburn.jsonl");
        double backtest = backtest(records, slowburnAlerts, trustedKeys, rules);

        long t1 = System.nanoTime();
        List<Alert> baselineAlerts = PromBaseline.run(records);
        double baseline = (System.nanoTime() - t1) / 1e9;
        write(baselineAlerts, dir.resolve("alerts-baseline.jsonl"));
        if (!keepRecords) {
            Files.deleteIfExists(records);
        }

        Result r = new Result(seed, count, generate, backtest, baseline, truth, Scorer.score(truth, Alert.read(slowburnAlerts)),
                Scorer.score(truth, baselineAlerts));
        SeedReport.write(r, scenario.start(), dir.resolve("report.txt"));
        ObjectMapper m = new ObjectMapper();
        Files.writeString(dir.resolve("seed.json"), m.writeValueAsString(m.createObjectNode().put("seed", seed).put("records", count)
                .put("generate_seconds", generate).put("backtest_seconds", backtest).put("baseline_seconds", baseline)
                .put("rules", rulesName(rules))));
        return r;
    }

    /**
     * Scores a seed's directory again from its files (truth, both alert files, {@code seed.json}) without replaying
     * anything: after a change to the scorer, or to look at a run that was interrupted.
     */
    public static Result rescore(Path dir) throws IOException {
        var meta = new ObjectMapper().readTree(dir.resolve("seed.json").toFile());
        List<TruthEntry> truth = ScenarioTruth.read(dir.resolve("truth.jsonl"));
        Result r = new Result(meta.path("seed").asLong(), meta.path("records").asLong(), meta.path("generate_seconds").asDouble(),
                meta.path("backtest_seconds").asDouble(), meta.path("baseline_seconds").asDouble(), truth,
                Scorer.score(truth, Alert.read(dir.resolve("alerts-slowburn.jsonl"))),
                Scorer.score(truth, Alert.read(dir.resolve("alerts-baseline.jsonl"))));
        SeedReport.write(r, new ScenarioLoader().load("suite", Files.readString(dir.resolve("scenario.yaml")), null).start(),
                dir.resolve("report.txt"));
        return r;
    }

    /** The suite's scenario of {@code seed}, with the default rule pack. */
    public static Result run(long seed, FleetSuite.Options options, Path dir, Path trustedKeys, boolean keepRecords)
            throws IOException {
        return run(seed, FleetSuite.yaml(seed, options), dir, trustedKeys, null, keepRecords);
    }

    /** The suite's scenario of {@code seed}, slowburn with {@code rules} on the default pack (null: none). */
    public static Result run(long seed, FleetSuite.Options options, Path dir, Path trustedKeys, Path rules, boolean keepRecords)
            throws IOException {
        return run(seed, FleetSuite.yaml(seed, options), dir, trustedKeys, rules, keepRecords);
    }

    /** How the suite names the rules of a run: the default pack, or the default pack with the given path on top. */
    public static String rulesName(Path rules) {
        return rules == null ? "the default pack" : "the default pack with " + rules + " on top";
    }

    /** The rules a seed's directory was run with ({@code seed.json}; the default pack where it does not say). */
    static String rulesName(Path dir, String fallback) throws IOException {
        Path meta = dir.resolve("seed.json");
        return Files.exists(meta) ? new ObjectMapper().readTree(meta.toFile()).path("rules").asText(fallback) : fallback;
    }

    /**
     * The rules slowburn runs with {@code rules} (a directory or one file; null for none) on the default pack, as
     * {@code slowburn run --rules} loads them: what {@code slowburn rules check} reports, problems included.
     */
    public static RuleLoadResult rules(Path rules) {
        return RuleSources.load(config(null, rules));
    }

    /**
     * {@code slowburn backtest --input records --output alerts --trusted-keys keys [--rules rules]}, in process; returns
     * seconds.
     */
    static double backtest(Path records, Path alerts, Path trustedKeys, Path rules) throws IOException {
        DetectorConfig config = config(trustedKeys, rules);
        DetectorSetup setup = DetectorSetup.of(config, new RuleBook(RuleSources.load(config).orThrow()),
                TrustedKeySource.loadOnce(trustedKeys));
        try (OfflineDetector detector = new OfflineDetector(config, setup, DetectorMetrics.detached())) {
            Backtest.Summary s = new Backtest(detector, new PrintStream(PrintStream.nullOutputStream())).run(records, alerts, null);
            return s.seconds();
        }
    }

    private static DetectorConfig config(Path trustedKeys, Path rules) {
        return DetectorConfig.load(new Properties(), Map.of(DetectorConfig.STATE_STORE_TYPE, "memory",
                DetectorConfig.TRUSTED_KEYS_DIR, trustedKeys == null ? "" : trustedKeys.toString(),
                DetectorConfig.RULES_DIR, rules == null ? "" : rules.toString()));
    }

    private static void write(List<Alert> alerts, Path file) throws IOException {
        ObjectMapper m = new ObjectMapper();
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Alert a : alerts) {
                w.write(m.writeValueAsString(a.toJson(m)));
                w.newLine();
            }
        }
    }
}
