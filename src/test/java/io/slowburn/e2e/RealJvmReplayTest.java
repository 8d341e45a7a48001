package io.slowburn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slowburn.bench.detection.Alert;
import io.slowburn.bench.detection.PromBaseline;
import io.slowburn.model.RecordCodec;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real JVMs, replayed through {@code backtest} with the default rules, next to the Prometheus-style baseline of the
 * detection suite on the same records. The fixtures are what slowburn's own agent recorded every second from three JVMs
 * run side by side by {@code src/capture-jvm.sh}, each a real Kafka broker (the embedded KRaft one) serving a steady
 * load of 2,000 records a second to a consumer that keeps sessions ({@code JvmWorkload}), on G1:
 * <ul>
 * <li>{@code healthy}: 512 MB heap, 70 minutes, sessions of 20-60 s;</li>
 * <li>{@code leaking}: the same, and from its 20th minute the process keeps 50 KB a second forever: a leak;</li>
 * <li>{@code long-sessions}: 4 GB heap, 80 minutes, a million sessions kept for half an hour: the cache fills for its
 *     first minutes, then every session replaced has outlived the young collections, and the old generation fills
 *     with them until G1 starts a concurrent cycle. The heap after each young collection creeps up for many minutes
 *     and then drops, which a heap floor rule must not take for a leak.</li>
 * </ul>
 *
 * <p>The heap floor rule needs two hours of history and a capture lasts 70-80 minutes, so the replay runs the capture's
 * clock ten times slower: a sample every 10 s (the agent's default interval), 11.7 and 13.3 hours in all, the leak from
 * +3.3 h at 5 KB/s of event time, and the GC time counter scaled alike so that the share of time spent collecting is
 * the capture's. That is a JVM whose allocation, promotion and collections run ten times slower than the capture's,
 * a lightly loaded server; the heap's levels, its collections and its floor are the real ones.
 */
class RealJvmReplayTest {

    private static final long T0 = Fixtures.T0;
    private static final long MIN = Fixtures.MIN;
    private static final long HOUR = 60 * MIN;
    private static final double MB = 1024 * 1024;
    /** How much slower the replay's clock runs than the capture's. */
    static final int DILATION = 10;
    /** When the leaking JVM starts to leak, in replayed event time (its 20th minute). */
    private static final long LEAK_START = T0 + 20 * MIN * DILATION;
    /** When the long-session JVM's heap floor first dropped (G1's first concurrent cycle), in replayed event time. */
    private static final long FIRST_CONCURRENT_CYCLE = T0 + 33 * MIN * DILATION;

    @ParameterizedTest
    @CsvSource({"healthy, 512, 70", "leaking, 512, 70", "long-sessions, 4096, 80"})
    void theCapturesAreRealCollectionsOfARealHeap(String name, int heapMaxMb, int minutes) throws Exception {
        List<JsonNode> records = replay(name);
        List<JsonNode> heap = metric(records, "jvm.memory.used");
        List<JsonNode> gc = metric(records, "jvm.gc.time");
        assertThat(heap).hasSizeGreaterThan(minutes * 60 * 95 / 100);
        assertThat(heap.get(heap.size() - 1).get("ts").asLong() - T0).isGreaterThan((minutes - 1) * MIN * DILATION);
        assertThat(heap).allMatch(h -> h.get("limit").asDouble() == heapMaxMb * MB);
        // Collections: the heap drops by more than 10 MB between two samples, hundreds of times.
        int drops = 0;
        for (int i = 1; i < heap.size(); i++) {
            if (heap.get(i).get("value").asDouble() < heap.get(i - 1).get("value").asDouble() - 10 * MB) {
                drops++;
            }
        }
        assertThat(drops).as("collections").isGreaterThan(200);
        assertThat(gc.get(gc.size() - 1).get("value").asDouble()).as("GC seconds").isPositive();
    }

    @Test
    void theLeakingJvmsHeapFloorEndsWellAboveTheHealthyOnes() throws Exception {
        assertThat(lowestOfLastHour("leaking") - lowestOfLastHour("healthy")).isGreaterThan(100 * MB);
    }

    @Test
    void aHealthyRealJvmReplayedThroughBacktestRaisesNothing(@TempDir Path dir) throws Exception {
        Replayed replayed = replayBoth("healthy", dir);
        RealHostReplayTest.Result r = replayed.slowburn();

        assertThat(r.summary().rejectedLines()).isZero();
        assertThat(r.summary().deadLetters()).isZero();
        assertThat(r.alerts()).isEmpty();
    }

    /**
     * Caught, as a critical heap floor drift, within four hours of event time of its start (the pace reaches the heap's
     * max in about 17 hours), and nothing before it. On this leak the baseline's {@code predict_linear} is sooner: the
     * README's "Real JVMs" gives both delays, which this test prints.
     */
    @Test
    void aRealLeakIsCaughtAsAHeapFloorDriftWithinFourHours(@TempDir Path dir) throws Exception {
        Replayed replayed = replayBoth("leaking", dir);
        RealHostReplayTest.Result r = replayed.slowburn();

        JsonNode first = r.alerts().stream().filter(a -> a.get("status").asText().equals("firing")).findFirst().orElseThrow();
        long delay = first.get("ts").asLong() - LEAK_START;
        Long baselineDelay = replayed.baseline().stream().filter(Alert::firing).map(a -> a.ts() - LEAK_START).findFirst()
                .orElse(null);
        System.out.printf(Locale.ROOT, "real JVM, leaking: slowburn after %s (%s, %s), baseline %s%n", hours(delay),
                first.get("rule").asText(), first.get("severity").asText(),
                baselineDelay == null ? "never" : "after " + hours(baselineDelay));
        assertThat(r.alerts()).allMatch(a -> a.get("signal").asText().equals("memory_drift")
                && a.get("rule").asText().equals("heap-floor-drift") && a.get("verdict").asText().equals("suspicious"));
        assertThat(first.get("severity").asText()).isEqualTo("critical");
        assertThat(delay).isPositive().isLessThan(4 * HOUR);
    }

    /**
     * A known limitation, not a behaviour to keep (README, "Real JVMs"). The long-session JVM fills its cache and then
     * its old generation with replaced sessions for 33 minutes (5.5 replayed hours) before G1's first concurrent
     * cycle, a straight rise of the heap after each young collection, and {@code heap-floor-drift} calls it a
     * critical leak before that cycle. The agent's heap samples cannot tell garbage waiting for a concurrent cycle from
     * a leak; the heap after the collections that reclaim the old generation can. This test holds today's outcome so
     * that the fix shows here: once the rule stays quiet on this capture, it fails and joins the quiet test above.
     */
    @Test
    void aBigHeapFillingWithReplacedSessionsBeforeItsFirstConcurrentCycleIsTakenForALeakToday(@TempDir Path dir)
            throws Exception {
        RealHostReplayTest.Result r = replayBoth("long-sessions", dir).slowburn();

        JsonNode first = r.alerts().get(0);
        assertThat(first.get("rule").asText()).isEqualTo("heap-floor-drift");
        assertThat(first.get("status").asText()).isEqualTo("firing");
        assertThat(first.get("ts").asLong()).isLessThan(FIRST_CONCURRENT_CYCLE);
    }

    /** What slowburn and the baseline made of one capture. */
    record Replayed(RealHostReplayTest.Result slowburn, List<Alert> baseline) {
    }

    /** Replays a capture through {@code backtest} and the baseline, and prints what each raised, with event times. */
    private static Replayed replayBoth(String name, Path dir) throws Exception {
        List<JsonNode> records = replay(name);
        RealHostReplayTest.Result slowburn = RealHostReplayTest.backtest(dir, lines(records));
        PromBaseline promBaseline = new PromBaseline();
        records.forEach(promBaseline::accept);
        List<Alert> baseline = promBaseline.alerts();
        System.out.printf(Locale.ROOT, "real JVM, %s: slowburn %s, baseline %s%n", name,
                slowburn.alerts().stream().map(a -> a.get("rule").asText() + "/" + a.get("status").asText() + "@"
                        + hours(a.get("ts").asLong() - T0)).toList(),
                baseline.stream().filter(Alert::firing).map(a -> a.rule() + "@" + hours(a.ts() - T0)).toList());
        return new Replayed(slowburn, baseline);
    }

    private static String hours(long ms) {
        return String.format(Locale.ROOT, "%.2f h", ms / (double) HOUR);
    }

    /** A capture's records as the replay sees them: the clock {@link #DILATION} times slower from {@code T0}. */
    static List<JsonNode> replay(String name) throws Exception {
        RecordCodec codec = new RecordCodec();
        List<JsonNode> out = new ArrayList<>();
        long first = Long.MIN_VALUE;
        try (InputStream in = RealJvmReplayTest.class.getResourceAsStream("/real-jvm/" + name + ".jsonl.gz");
             BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                ObjectNode n = (ObjectNode) codec.readTree(line);
                long ts = n.get("ts").asLong();
                if (first == Long.MIN_VALUE) {
                    first = ts;
                }
                n.put("ts", T0 + (ts - first) * DILATION);
                n.put("source", "real-jvm-" + name);
                if (n.get("metric").asText().equals("jvm.gc.time")) {
                    n.put("value", n.get("value").asDouble() * DILATION);
                }
                out.add(n);
            }
        }
        return out;
    }

    private static List<JsonNode> metric(List<JsonNode> records, String metric) {
        return records.stream().filter(n -> n.get("metric").asText().equals(metric)).toList();
    }

    private static double lowestOfLastHour(String name) throws Exception {
        List<JsonNode> heap = metric(replay(name), "jvm.memory.used");
        long end = heap.get(heap.size() - 1).get("ts").asLong();
        return heap.stream().filter(h -> h.get("ts").asLong() > end - HOUR).mapToDouble(h -> h.get("value").asDouble()).min()
                .orElseThrow();
    }

    private static List<String> lines(List<JsonNode> records) {
        RecordCodec codec = new RecordCodec();
        return records.stream().map(codec::text).toList();
    }
}
