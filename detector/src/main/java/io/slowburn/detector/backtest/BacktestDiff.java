package io.slowburn.detector.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The alert diff of two rule sets over the same input ({@code slowburn backtest --compare}): what the candidate adds
 * and what it removes. An alert is identified by rule, signal, source, labels, verdict and first firing time (its
 * {@code since}); resolutions are not compared.
 */
public final class BacktestDiff {

    /** One firing alert, as compared. */
    public record Key(String firstFiring, String signal, String source, String rule, String verdict, String labels)
            implements Comparable<Key> {

        static Key of(JsonNode a) {
            long since = a.path("evidence").has("since") ? a.path("evidence").path("since").asLong() : a.path("ts").asLong();
            Map<String, String> labels = new TreeMap<>();
            a.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
            return new Key(Instant.ofEpochMilli(since).toString(), a.path("signal").asText(), a.path("source").asText(),
                    a.path("rule").asText(), a.path("verdict").asText(), labels.isEmpty() ? "" : labels.toString());
        }

        @Override
        public int compareTo(Key o) {
            return toString().compareTo(o.toString());
        }

        @Override
        public String toString() {
            return String.join("  ", firstFiring, signal, source, rule, verdict, labels).strip();
        }
    }

    /**
     * The diff: alerts fired by each side; those only one side fired; and those both fired (same rule, signal, source,
     * labels and verdict) at different times, as {@code moved} pairs (baseline, candidate), counted in neither list.
     */
    public record Diff(List<Key> baseline, List<Key> candidate, List<Key> added, List<Key> removed, List<Key[]> moved) {

        public int unchanged() {
            return candidate.size() - added.size() - moved.size();
        }
    }

    private BacktestDiff() {
    }

    /** Compares the firing alerts of two replays of the same input. */
    public static Diff diff(List<JsonNode> baselineAlerts, List<JsonNode> candidateAlerts) {
        List<Key> a = firing(baselineAlerts);
        List<Key> b = firing(candidateAlerts);
        List<Key> added = new ArrayList<>(b);
        added.removeAll(new LinkedHashSet<>(a));
        List<Key> removed = new ArrayList<>(a);
        removed.removeAll(new LinkedHashSet<>(b));
        List<Key[]> moved = new ArrayList<>();
        for (Key k : new ArrayList<>(added)) {
            for (Key r : removed) {
                if (r.signal().equals(k.signal()) && r.source().equals(k.source()) && r.rule().equals(k.rule())
                        && r.verdict().equals(k.verdict()) && r.labels().equals(k.labels())) {
                    moved.add(new Key[] {r, k});
                    removed.remove(r);
                    added.remove(k);
                    break;
                }
            }
        }
        return new Diff(a, b, added.stream().sorted().toList(), removed.stream().sorted().toList(), moved);
    }

    private static List<Key> firing(List<JsonNode> alerts) {
        Set<Key> out = new LinkedHashSet<>();
        for (JsonNode a : alerts) {
            if ("firing".equals(a.path("status").asText())) {
                out.add(Key.of(a));
            }
        }
        return new ArrayList<>(out);
    }

    /** Prints the diff: counts, then each added (+) and removed (-) alert, then the counts per rule. */
    public static void print(Diff d, String baselineName, String candidateName, PrintWriter out) {
        out.printf("alerts fired: %d with %s, %d with %s; %d unchanged, %d added, %d removed, %d fire at another time%n",
                d.baseline().size(), baselineName, d.candidate().size(), candidateName, d.unchanged(), d.added().size(),
                d.removed().size(), d.moved().size());
        out.println("  (first firing  signal  source  rule  verdict  labels)");
        if (!d.added().isEmpty()) {
            out.println("added by " + candidateName + " (" + d.added().size() + "):");
            d.added().forEach(k -> out.println("  + " + k));
        }
        if (!d.removed().isEmpty()) {
            out.println("removed by " + candidateName + " (" + d.removed().size() + "):");
            d.removed().forEach(k -> out.println("  - " + k));
        }
        if (!d.moved().isEmpty()) {
            out.println("firing at another time with " + candidateName + " (" + d.moved().size() + "):");
            for (Key[] m : d.moved()) {
                Duration shift = Duration.between(Instant.parse(m[0].firstFiring()), Instant.parse(m[1].firstFiring()));
                out.println("  ~ " + m[1] + "  (was " + m[0].firstFiring() + ", " + (shift.isNegative() ? "earlier by " : "later by ")
                        + shift.abs().toString().substring(2).toLowerCase(Locale.ROOT) + ")");
            }
        }
        Map<String, int[]> byRule = new TreeMap<>();
        d.added().forEach(k -> byRule.computeIfAbsent(k.rule(), r -> new int[3])[0]++);
        d.removed().forEach(k -> byRule.computeIfAbsent(k.rule(), r -> new int[3])[1]++);
        d.moved().forEach(m -> byRule.computeIfAbsent(m[1].rule(), r -> new int[3])[2]++);
        if (byRule.isEmpty()) {
            out.println("no change in alerts");
        } else {
            out.println("by rule:");
            byRule.forEach((rule, c) -> out.printf("  %-24s +%d -%d ~%d%n", rule, c[0], c[1], c[2]));
        }
        out.flush();
    }
}
