package io.slowburn.bench.detection;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slowburn.ingest.simulate.TruthEntry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The suite's figures over all seeds, slowburn side by side with the baseline: per incident kind caught (n/N), mean
 * and worst delay, the ratio of mean delays; false alerts (total and per confounder kind); misattributions; alerts
 * off their matched incidents' signals ({@link Scorer}); what slowburn missed and where it alerted falsely or
 * off-signal. Printed as a table and written as {@code summary.json}.
 */
final class SuiteReport {

    /** Kinds in reading order; kinds not listed follow alphabetically. */
    private static final List<String> ORDER = List.of("heap_leak_12h", "heap_leak_2d", "heap_leak_5d", "memory_leak_12h", "memory_leak_2d",
            "memory_leak_5d", "fd_leak_12h", "fd_leak_2d", "fd_leak_5d", "process_leak_12h", "process_leak_2d", "process_leak_5d",
            "queue_leak_12h", "queue_leak_2d", "queue_leak_5d", "memory_ramp", "latency_step", "error_jump", "retry_storm",
            "gc_pressure", "latency_drift", "crash_loop", "fork_bomb", "unexpected_exec", "sanctioned_kill", "sanctioned_memory_ramp",
            "sanctioned_retry", "sanctioned_gc", "experiment_out_of_window", "experiment_out_of_scope", "forged_experiment");

    private final List<SeedRun.Result> results;
    private final double wallSeconds;
    /** The rules slowburn ran with, as {@link SeedRun#rulesName} says. */
    private final String rules;

    SuiteReport(List<SeedRun.Result> results, double wallSeconds, String rules) {
        this.results = results;
        this.wallSeconds = wallSeconds;
        this.rules = rules;
    }

    private Map<String, KindStats[]> byKind() {
        Map<String, KindStats[]> kinds = new TreeMap<>((a, b) -> {
            int ia = ORDER.indexOf(a);
            int ib = ORDER.indexOf(b);
            if (ia >= 0 && ib >= 0) {
                return Integer.compare(ia, ib);
            }
            return ia >= 0 ? -1 : ib >= 0 ? 1 : a.compareTo(b);
        });
        for (SeedRun.Result r : results) {
            for (int k = 0; k < r.slowburn().outcomes().size(); k++) {
                String kind = r.slowburn().outcomes().get(k).incident().kind();
                KindStats[] s = kinds.computeIfAbsent(kind, x -> new KindStats[] {new KindStats(), new KindStats()});
                s[0].add(r.slowburn().outcomes().get(k));
                s[1].add(r.baseline().outcomes().get(k));
            }
        }
        return kinds;
    }

    void print(PrintStream out) {
        out.printf(Locale.ROOT, "%-26s %9s %9s %10s %10s %10s %10s %7s%n", "incident kind", "slowburn", "baseline", "sb mean",
                "sb worst", "bl mean", "bl worst", "ratio");
        int[] caught = new int[2];
        int total = 0;
        for (Map.Entry<String, KindStats[]> e : byKind().entrySet()) {
            KindStats s = e.getValue()[0];
            KindStats b = e.getValue()[1];
            total += s.total();
            caught[0] += s.caught();
            caught[1] += b.caught();
            double ratio = s.meanDelayMs() / b.meanDelayMs();
            out.printf(Locale.ROOT, "%-26s %9s %9s %10s %10s %10s %10s %7s%n", e.getKey(), s.caught() + "/" + s.total(),
                    b.caught() + "/" + b.total(), Hours.delay(s.meanDelayMs()), Hours.delay(s.worstDelayMs()), Hours.delay(b.meanDelayMs()),
                    Hours.delay(b.worstDelayMs()), Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2f", ratio));
        }
        out.printf(Locale.ROOT, "%-26s %9s %9s%n", "all incidents", caught[0] + "/" + total, caught[1] + "/" + total);
        out.println();
        out.printf(Locale.ROOT, "false alerts (once per seed, source, signal): slowburn %d, baseline %d%n", falseTotal(true),
                falseTotal(false));
        Map<String, int[]> byConfounder = new TreeMap<>();
        for (SeedRun.Result r : results) {
            r.slowburn().falseAlerts().forEach(f -> byConfounder.computeIfAbsent(f.confounderKind(), k -> new int[2])[0]++);
            r.baseline().falseAlerts().forEach(f -> byConfounder.computeIfAbsent(f.confounderKind(), k -> new int[2])[1]++);
        }
        byConfounder.forEach((k, v) -> out.printf(Locale.ROOT, "    on %-34s slowburn %3d   baseline %3d%n", k, v[0], v[1]));
        out.printf(Locale.ROOT, "misattributions: slowburn %d, baseline %d%n", results.stream().mapToInt(r -> r.slowburn()
                .misattributions().size()).sum(), results.stream().mapToInt(r -> r.baseline().misattributions().size()).sum());
        out.printf(Locale.ROOT, "off-signal alerts (matched an incident on their host by time, none of its signals; not scored): "
                + "slowburn %d, baseline %d%n", results.stream().mapToInt(r -> r.slowburn().offSignal().size()).sum(),
                results.stream().mapToInt(r -> r.baseline().offSignal().size()).sum());
        out.println();
        out.println("slowburn's misses, by kind (every incident's matched alerts: seed-N/report.txt):");
        Map<String, List<String>> misses = new TreeMap<>();
        for (SeedRun.Result r : results) {
            for (Scorer.Outcome o : r.slowburn().outcomes()) {
                if (!o.caught()) {
                    misses.computeIfAbsent(o.incident().kind(), k -> new ArrayList<>()).add("seed " + r.seed() + " " + o.incident().id()
                            + ": " + o.why());
                }
            }
        }
        misses.forEach((kind, list) -> {
            out.printf(Locale.ROOT, "  %s: %d missed%n", kind, list.size());
            list.stream().limit(3).forEach(m -> out.println("      " + clip(m)));
        });
        out.println("slowburn's false alerts, by rule and the confounder they sat on:");
        Map<String, List<String>> falses = new TreeMap<>();
        for (SeedRun.Result r : results) {
            long origin = origin(r);
            for (Scorer.FalseAlert f : r.slowburn().falseAlerts()) {
                falses.computeIfAbsent(f.rule() + " (" + f.verdict() + " " + f.signal() + ") on " + f.confounderKind(),
                        k -> new ArrayList<>()).add(String.format(Locale.ROOT, "seed %d %s %s", r.seed(), f.source(),
                        Hours.offset(f.firstTs() - origin)));
            }
        }
        falses.forEach((what, list) -> out.printf(Locale.ROOT, "  %3d x %s: %s%s%n", list.size(), what,
                String.join(", ", list.subList(0, Math.min(4, list.size()))), list.size() > 4 ? ", ..." : ""));
        out.println("slowburn's off-signal alerts, by rule and the confounder they sat on:");
        Map<String, List<String>> offs = new TreeMap<>();
        for (SeedRun.Result r : results) {
            long origin = origin(r);
            for (Scorer.FalseAlert f : r.slowburn().offSignal()) {
                offs.computeIfAbsent(f.rule() + " (" + f.verdict() + " " + f.signal() + ") on " + f.confounderKind(),
                        k -> new ArrayList<>()).add(String.format(Locale.ROOT, "seed %d %s %s", r.seed(), f.source(),
                        Hours.offset(f.firstTs() - origin)));
            }
        }
        offs.forEach((what, list) -> out.printf(Locale.ROOT, "  %3d x %s: %s%s%n", list.size(), what,
                String.join(", ", list.subList(0, Math.min(4, list.size()))), list.size() > 4 ? ", ..." : ""));
        out.println();
        long records = results.stream().mapToLong(SeedRun.Result::records).sum();
        double backtest = results.stream().mapToDouble(SeedRun.Result::backtestSeconds).sum();
        out.printf(Locale.ROOT, "%d seeds (%s); %,d records per seed on average; backtest %.1f s per seed (%,.0f records/s), "
                + "baseline %.1f s per seed; %.0f s in all; slowburn's rules: %s%n", results.size(), seeds(),
                records / Math.max(1, results.size()), backtest / Math.max(1, results.size()), records / Math.max(1e-9, backtest),
                results.stream().mapToDouble(SeedRun.Result::baselineSeconds).average().orElse(0), wallSeconds, rules);
    }

    private static String clip(String s) {
        return s.length() > 240 ? s.substring(0, 240) + " ..." : s;
    }

    private static long origin(SeedRun.Result r) {
        return r.truth().stream().mapToLong(TruthEntry::start).min().orElse(0);
    }

    private int falseTotal(boolean slowburn) {
        return results.stream().mapToInt(r -> (slowburn ? r.slowburn() : r.baseline()).falseAlerts().size()).sum();
    }

    private String seeds() {
        if (results.isEmpty()) {
            return "none";
        }
        return results.get(0).seed() + ".." + results.get(results.size() - 1).seed();
    }

    void writeJson(Path file) throws IOException {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        ArrayNode seeds = root.putArray("seeds");
        results.forEach(r -> seeds.add(r.seed()));
        root.put("records_per_seed", results.stream().mapToLong(SeedRun.Result::records).average().orElse(0));
        root.put("backtest_seconds_per_seed", results.stream().mapToDouble(SeedRun.Result::backtestSeconds).average().orElse(0));
        root.put("wall_seconds", wallSeconds);
        root.put("rules", rules);
        ArrayNode kinds = root.putArray("kinds");
        for (Map.Entry<String, KindStats[]> e : byKind().entrySet()) {
            ObjectNode k = kinds.addObject();
            k.put("kind", e.getKey());
            k.put("incidents", e.getValue()[0].total());
            stats(k.putObject("slowburn"), e.getValue()[0]);
            stats(k.putObject("baseline"), e.getValue()[1]);
            double ratio = e.getValue()[0].meanDelayMs() / e.getValue()[1].meanDelayMs();
            if (!Double.isNaN(ratio)) {
                k.put("ratio_of_mean_delays", ratio);
            }
        }
        ArrayNode incidents = root.putArray("incidents");
        ObjectNode falseAlerts = root.putObject("false_alerts");
        ArrayNode sbFalse = falseAlerts.putArray("slowburn");
        ArrayNode blFalse = falseAlerts.putArray("baseline");
        ObjectNode mis = root.putObject("misattributions");
        mis.put("slowburn", results.stream().mapToInt(r -> r.slowburn().misattributions().size()).sum());
        mis.put("baseline", results.stream().mapToInt(r -> r.baseline().misattributions().size()).sum());
        ObjectNode off = root.putObject("off_signal");
        off.put("slowburn", results.stream().mapToInt(r -> r.slowburn().offSignal().size()).sum());
        off.put("baseline", results.stream().mapToInt(r -> r.baseline().offSignal().size()).sum());
        for (SeedRun.Result r : results) {
            for (int i = 0; i < r.slowburn().outcomes().size(); i++) {
                Scorer.Outcome s = r.slowburn().outcomes().get(i);
                ObjectNode n = incidents.addObject();
                n.put("seed", r.seed());
                n.put("id", s.incident().id());
                n.put("kind", s.incident().kind());
                n.put("verdict", s.incident().verdict());
                outcome(n.putObject("slowburn"), s);
                outcome(n.putObject("baseline"), r.baseline().outcomes().get(i));
            }
            r.slowburn().falseAlerts().forEach(f -> falseAlert(sbFalse.addObject(), r.seed(), f));
            r.baseline().falseAlerts().forEach(f -> falseAlert(blFalse.addObject(), r.seed(), f));
        }
        m.writeValue(file.toFile(), root);
    }

    private static void stats(ObjectNode n, KindStats s) {
        n.put("caught", s.caught());
        if (s.caught() > 0) {
            n.put("mean_delay_min", s.meanDelayMs() / 60_000.0);
            n.put("worst_delay_min", s.worstDelayMs() / 60_000.0);
        }
    }

    private static void outcome(ObjectNode n, Scorer.Outcome o) {
        n.put("caught", o.caught());
        if (o.caught()) {
            n.put("delay_min", o.delayMs() / 60_000.0);
            n.put("rule", o.first().rule());
        }
        n.put("why", o.why());
    }

    private static void falseAlert(ObjectNode n, long seed, Scorer.FalseAlert f) {
        n.put("seed", seed);
        n.put("source", f.source());
        n.put("signal", f.signal());
        n.put("verdict", f.verdict());
        n.put("rule", f.rule());
        n.put("ts", f.firstTs());
        n.put("alerts", f.count());
        n.put("confounder", f.confounderKind());
    }

    static List<SeedRun.Result> sorted(List<SeedRun.Result> r) {
        List<SeedRun.Result> out = new ArrayList<>(r);
        out.sort((a, b) -> Long.compare(a.seed(), b.seed()));
        return out;
    }
}
