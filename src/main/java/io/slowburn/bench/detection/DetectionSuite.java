package io.slowburn.bench.detection;

import io.slowburn.ingest.simulate.FleetSuite;
import io.slowburn.ingest.simulate.SigningKeys;
import io.slowburn.rules.RuleLoadResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The labelled detection suite: for each seed, the suite's fleet scenario, slowburn's backtest (the demo key trusted)
 * and the Prometheus-style baseline on the same records, both scored against the truth; then the side-by-side table.
 * Not a test: a figure printer. {@code bash src/detection.sh [seeds] [first-seed]}; output in {@code target/detection/}.
 * Options: {@code --threads N} (default 2), {@code --keep-records}, {@code --hours H} (scenario length, default 72),
 * {@code --rules PATH} (a rules directory or file layered on the default pack, as {@code slowburn run --rules}: to score
 * a tuning before it is rolled out; checked before any seed runs, exit 2 with its problems),
 * {@code --rescore} (score the seed directories already there again, replaying nothing).
 */
public final class DetectionSuite {

    private DetectionSuite() {
    }

    public static void main(String[] args) throws Exception {
        List<String> positional = new ArrayList<>();
        int threads = 2;
        boolean keep = false;
        boolean rescore = false;
        long hours = 72;
        Path rules = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--keep-records" -> keep = true;
                case "--rescore" -> rescore = true;
                case "--hours" -> hours = Long.parseLong(args[++i]);
                case "--rules" -> rules = Path.of(args[++i]);
                default -> positional.add(args[i]);
            }
        }
        int seeds = positional.size() > 0 ? Integer.parseInt(positional.get(0)) : 20;
        long first = positional.size() > 1 ? Long.parseLong(positional.get(1)) : 1;
        Path out = Path.of(System.getProperty("detection.dir", "target/detection"));
        Files.createDirectories(out);
        Path keys = out.resolve("trusted-keys");
        Files.createDirectories(keys);
        Files.writeString(keys.resolve("demo.pub"), SigningKeys.demoPublicPem(), StandardCharsets.US_ASCII);
        FleetSuite.Options size = new FleetSuite.Options(hours * 60, 4, 3, 3);

        PrintStream log = System.out;
        if (rules != null && !rescore) {
            RuleLoadResult loaded = SeedRun.rules(rules);
            if (!loaded.ok()) {
                System.err.println("detection suite: the rules in " + rules + " have problems:");
                System.err.println(loaded.report());
                System.exit(2);
            }
        }
        if (rescore) {
            List<SeedRun.Result> again = new ArrayList<>();
            for (long seed = first; seed < first + seeds; seed++) {
                if (Files.exists(out.resolve("seed-" + seed).resolve("seed.json"))) {
                    again.add(SeedRun.rescore(out.resolve("seed-" + seed)));
                }
            }
            // no wall time for a rescore: the run time shown is the sum of the seeds' own times
            String ran = again.isEmpty() ? SeedRun.rulesName(null)
                    : SeedRun.rulesName(out.resolve("seed-" + again.get(0).seed()), SeedRun.rulesName(null));
            finish(log, new SuiteReport(again, again.stream().mapToDouble(r -> r.generateSeconds() + r.backtestSeconds()
                    + r.baselineSeconds()).sum(), ran), out);
            return;
        }
        log.printf("detection suite: %d seed(s) from %d, %d h of a 10-host fleet each, %d thread(s), slowburn with %s; output in %s%n",
                seeds, first, hours, threads, SeedRun.rulesName(rules), out.toAbsolutePath());
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<SeedRun.Result>> futures = new ArrayList<>();
        boolean keepRecords = keep;
        Path userRules = rules;
        for (long seed = first; seed < first + seeds; seed++) {
            long s = seed;
            futures.add(pool.submit(() -> {
                SeedRun.Result r = SeedRun.run(s, size, out.resolve("seed-" + s), keys, userRules, keepRecords);
                log.printf("  seed %d: %,d records, backtest %.1f s, baseline %.1f s: slowburn caught %d/%d, baseline %d/%d%n", s,
                        r.records(),
                        r.backtestSeconds(), r.baselineSeconds(), caught(r.slowburn()), r.slowburn().outcomes().size(),
                        caught(r.baseline()), r.baseline().outcomes().size());
                return r;
            }));
        }
        List<SeedRun.Result> results = new ArrayList<>();
        for (Future<SeedRun.Result> f : futures) {
            results.add(f.get());
        }
        pool.shutdown();
        finish(log, new SuiteReport(SuiteReport.sorted(results), (System.nanoTime() - start) / 1e9, SeedRun.rulesName(rules)), out);
    }

    private static void finish(PrintStream log, SuiteReport report, Path out) throws IOException {
        log.println();
        report.print(log);
        report.writeJson(out.resolve("summary.json"));
        log.println("per seed: " + out.resolve("seed-N") + "/report.txt; all figures: " + out.resolve("summary.json"));
    }

    private static long caught(Scorer.Score s) {
        return s.outcomes().stream().filter(Scorer.Outcome::caught).count();
    }
}
