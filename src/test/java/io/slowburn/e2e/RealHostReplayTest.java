package io.slowburn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slowburn.detector.backtest.Backtest;
import io.slowburn.detector.backtest.OfflineDetector;
import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.DetectorMetrics;
import io.slowburn.detector.service.TrustedKeySource;
import io.slowburn.ingest.os.ProcCollector;
import io.slowburn.ingest.os.ProcOptions;
import io.slowburn.model.Event;
import io.slowburn.model.MetricSample;
import io.slowburn.model.Observation;
import io.slowburn.model.RecordCodec;
import io.slowburn.verdict.TrustedKeys;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Linux host is quiet: a capture of this project's build machine's /proc (60 scans, 5 s apart, while
 * {@code sleep}, {@code ls}, {@code sh -c} loops and {@code find} ran in the background and the kernel's threads
 * renamed themselves; see {@link ProcCapture} and {@code src/capture-proc.sh}) is replayed through the real
 * {@link ProcCollector}, over and over with shifted times to cover more than two hours of event time (every
 * learning period and baseline of the default rules passes), and then through {@code backtest} with the default
 * rules. Nothing may fire. A positive control injects a crash loop and a never-seen binary into the same replay.
 */
class RealHostReplayTest {

    private static final long T0 = Fixtures.T0;
    private static final long MIN = Fixtures.MIN;
    private static final String SOURCE = "real-host";
    /** Replayed scans are {@code ingest os}'s default interval apart (the capture's were 5 s apart). */
    private static final long SCAN_MS = ProcOptions.DEFAULT_INTERVAL.toMillis();
    private static final long COVERED_MS = 135 * MIN;

    private static List<ProcCapture.Snapshot> capture;
    private static Replay replay;

    /** What the collector made of the replay: its records in event-time order, and the event-time span of one pass. */
    record Replay(List<Observation> records, long passMs, int passes) {
    }

    /**
     * Pass 0 starts from nothing (its first scan is the collector's baseline); every later pass follows the capture's
     * last scan with its first, so passes 1, 2, ... read exactly the same trees: the collector runs over passes 0 to 2,
     * the test checks that pass 2 is pass 1 shifted by one pass, and the other passes repeat pass 1 shifted.
     */
    @BeforeAll
    static void replayTheCaptureThroughTheCollector() throws Exception {
        capture = ProcCapture.load(resource("real-host/proc-capture.txt"));
        long passMs = capture.size() * SCAN_MS;
        int passes = (int) ((COVERED_MS + passMs - 1) / passMs);
        Path root = Files.createTempDirectory("slowburn-real-host-");
        MutableClock clock = new MutableClock();
        ProcCollector collector = new ProcCollector(ProcOptions.defaults(SOURCE).withProcRoot(root)
                .withPasswd(resource("real-host/passwd")), clock);
        List<List<Observation>> collected = new ArrayList<>();
        ProcCapture.Snapshot previous = null;
        try {
            for (int pass = 0; pass < 3; pass++) {
                List<Observation> records = new ArrayList<>();
                for (int i = 0; i < capture.size(); i++) {
                    ProcCapture.materialize(capture.get(i), previous, root);
                    previous = capture.get(i);
                    clock.now = scanTime(pass, i, passMs);
                    records.addAll(collector.poll());
                }
                collected.add(records);
            }
        } finally {
            ProcCapture.deleteTree(root);
        }
        assertThat(shift(collected.get(1), passMs)).as("a pass after the first reads what the one before read").isEqualTo(collected.get(2));
        List<Observation> all = new ArrayList<>(collected.get(0));
        for (int pass = 1; pass < passes; pass++) {
            all.addAll(shift(collected.get(1), (pass - 1) * passMs));
        }
        replay = new Replay(all, passMs, passes);
    }

    private static long scanTime(long pass, int scan, long passMs) {
        return T0 + pass * passMs + scan * SCAN_MS;
    }

    private static List<Observation> shift(List<Observation> records, long by) {
        return records.stream().map(o -> o instanceof MetricSample m
                ? new MetricSample(m.ts() + by, m.source(), m.metric(), m.labels(), m.value(), m.type(), m.limit(), m.unit())
                : (Observation) shift((Event) o, by)).toList();
    }

    private static Event shift(Event e, long by) {
        return new Event(e.ts() + by, e.source(), e.event(), e.attrs());
    }

    @Test
    void theCaptureHoldsShortLivedCommandsWhoseExitStatusIsUnknownAndKernelThreads() {
        List<Event> events = events(replay.records());
        List<Event> firstPass = events.stream().filter(e -> e.ts() < T0 + replay.passMs()).toList();
        List<Event> unknownExits = firstPass.stream().filter(e -> e.event().equals(Event.PROCESS_EXIT)
                && e.attrs().containsKey("exit_code") && e.attrs().get("exit_code") == null
                && e.attrs().containsKey("signal") && e.attrs().get("signal") == null).toList();

        // What raised a CRITICAL crash_loop within a minute before: many more than 3 "exits" in any 10 minutes.
        assertThat(unknownExits).hasSizeGreaterThan(30);
        assertThat(unknownExits.stream().filter(e -> e.ts() < T0 + MIN)).hasSizeGreaterThanOrEqualTo(3);
        assertThat(unknownExits).extracting(e -> e.attr("exe")).contains("/usr/bin/sleep", "/usr/bin/ls", "/usr/bin/dash");
        assertThat(firstPass).filteredOn(e -> e.event().equals(Event.EXEC)).extracting(e -> e.attr("exe"))
                .contains("/usr/bin/sleep", "/usr/bin/ls", "/usr/bin/dash", "/usr/bin/find");

        // Kernel threads: many, renaming themselves as they pick up work, some started during the capture.
        ProcCapture.Snapshot start = capture.get(0);
        assertThat(start.procs().values().stream().filter(RealHostReplayTest::kernelThread)).hasSizeGreaterThan(20);
        assertThat(kernelThreadRenames()).hasSizeGreaterThanOrEqualTo(10);
        assertThat(events).anyMatch(e -> e.event().equals(Event.PROCESS_START) && Boolean.TRUE.equals(e.attrs().get("kernel_thread")));

        // Zombies (exited, not yet reaped: no exe link any more) were caught too; one seen running before names its binary.
        Map<Integer, String> ranThenDied = new java.util.HashMap<>();
        for (int i = 1; i < capture.size(); i++) {
            for (ProcCapture.Proc now : capture.get(i).procs().values()) {
                ProcCapture.Proc before = capture.get(i - 1).procs().get(now.pid());
                if (field(now, 3).equals("Z") && before != null && !field(before, 3).equals("Z") && !before.exe().isEmpty()
                        && field(now, 22).equals(field(before, 22))) {
                    ranThenDied.put(now.pid(), before.exe());
                }
            }
        }
        assertThat(ranThenDied).isNotEmpty();
        ranThenDied.forEach((pid, exe) -> assertThat(firstPass).anyMatch(e -> e.event().equals(Event.PROCESS_EXIT)
                && e.attr("pid").equals(Integer.toString(pid)) && e.attr("exe").equals(exe)));

        // ... none of which is an execution.
        assertThat(events).filteredOn(e -> e.event().equals(Event.EXEC))
                .noneMatch(e -> "comm".equals(e.attr("exe_source")) || e.attrs().containsKey("kernel_thread")
                        || e.attr("exe").equals(e.attr("previous_exe")));
        assertThat(replay.records().get(replay.records().size() - 1).ts() - T0).isGreaterThanOrEqualTo(2 * 60 * MIN);
    }

    @Test
    void aRealHostReplayedThroughBacktestRaisesNothing(@TempDir Path dir) throws Exception {
        Result r = backtest(dir, lines(replay.records()));

        assertThat(r.summary().rejectedLines()).isZero();
        assertThat(r.summary().deadLetters()).isZero();
        assertThat(r.alerts()).isEmpty();
    }

    @Test
    void stillQuietWhenTheCollectorClaimsAnUnknownSignalAndReportsKernelThreadsAsExecs(@TempDir Path dir) throws Exception {
        // Another collector (or this one before the fix): signal "unknown" on every exit, an exec for every kernel
        // thread started or renamed, its comm as the exe. The analyses must not count any of it.
        List<String> legacy = legacyLines();
        assertThat(legacy).anyMatch(l -> l.contains("\"signal\":\"unknown\"")).anyMatch(l -> l.contains("\"previous_comm\":\"kworker/"));

        Result r = backtest(dir, legacy);

        assertThat(r.alerts()).isEmpty();
    }

    @Test
    void aCrashLoopAndANeverSeenBinaryInjectedIntoTheSameReplayStillAlert(@TempDir Path dir) throws Exception {
        List<String> lines = lines(replay.records());
        List<String> injected = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long ts = T0 + 90 * MIN + i * 2 * MIN + 1_500;
            injected.add(event(ts, Event.PROCESS_EXIT, Map.of("pid", 7000 + i, "exe", "/usr/bin/java", "signal", "SIGKILL",
                    "exit_code", 137)));
        }
        injected.add(event(T0 + 100 * MIN + 2_500, Event.EXEC, Map.of("pid", 7100, "ppid", 1, "exe", "/tmp/.x/kworkerd",
                "exe_source", "exe", "comm", "kworker/0:3", "user", "root")));

        Result r = backtest(dir, merge(lines, injected));

        assertThat(r.alerts()).extracting(a -> a.get("signal").asText() + "/" + a.get("status").asText() + "/" + a.get("source").asText())
                .contains("crash_loop/firing/" + SOURCE, "unexpected_exec/firing/" + SOURCE)
                .allMatch(a -> a.startsWith("crash_loop/") || a.startsWith("unexpected_exec/"));
        JsonNode loop = r.alerts().stream().filter(a -> a.get("signal").asText().equals("crash_loop")).findFirst().orElseThrow();
        assertThat(loop.get("ts").asLong()).isEqualTo(T0 + 94 * MIN + 1_500);
        assertThat(loop.get("evidence").get("restarts").asLong()).isEqualTo(3);
        JsonNode exec = r.alerts().stream().filter(a -> a.get("signal").asText().equals("unexpected_exec")).findFirst().orElseThrow();
        assertThat(exec.get("evidence").get("exe").asText()).isEqualTo("/tmp/.x/kworkerd");
    }

    record Result(Backtest.Summary summary, List<JsonNode> alerts) {
    }

    /** Replays {@code lines} through {@code backtest} with the default rules, no key trusted. */
    static Result backtest(Path dir, List<String> lines) throws Exception {
        Path input = dir.resolve("real-host.jsonl");
        Path output = dir.resolve("alerts.jsonl");
        Files.write(input, lines, StandardCharsets.UTF_8);
        DetectorConfig config = DetectorConfig.of(Map.of(DetectorConfig.STATE_STORE_TYPE, "memory"));
        Backtest.Summary summary;
        try (OfflineDetector d = new OfflineDetector(config, Fixtures.setup(config, TrustedKeySource.fixed(TrustedKeys.empty())),
                DetectorMetrics.detached())) {
            summary = new Backtest(d, new PrintStream(PrintStream.nullOutputStream())).run(input, output, null);
        }
        RecordCodec codec = new RecordCodec();
        List<JsonNode> alerts = new ArrayList<>();
        for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
            alerts.add(codec.readTree(line));
        }
        return new Result(summary, alerts);
    }

    private static List<String> lines(List<Observation> records) {
        RecordCodec codec = new RecordCodec();
        List<String> out = new ArrayList<>(records.size());
        for (Observation o : records) {
            ObjectNode n = o instanceof MetricSample m ? codec.toJson(m) : codec.toJson((Event) o);
            n.put("stream", o instanceof MetricSample ? "metric" : "event");
            out.add(codec.text(n));
        }
        return out;
    }

    private static String event(long ts, String name, Map<String, Object> attrs) {
        RecordCodec codec = new RecordCodec();
        ObjectNode n = codec.toJson(new Event(ts, SOURCE, name, attrs));
        n.put("stream", "event");
        return codec.text(n);
    }

    /** Both lists in event-time order, merged (a file of records is in event-time order). */
    private static List<String> merge(List<String> lines, List<String> more) throws Exception {
        RecordCodec codec = new RecordCodec();
        List<String> all = new ArrayList<>(lines);
        all.addAll(more);
        Map<String, Long> ts = new java.util.HashMap<>();
        for (String l : all) {
            ts.put(l, codec.readTree(l).get("ts").asLong());
        }
        all.sort(Comparator.comparingLong(ts::get));
        return all;
    }

    /** The replay as an older collector would have sent it (see the test that uses it). */
    private static List<String> legacyLines() {
        List<Observation> out = new ArrayList<>();
        for (Observation o : replay.records()) {
            if (!(o instanceof Event e)) {
                out.add(o);
                continue;
            }
            Map<String, Object> attrs = new java.util.LinkedHashMap<>(e.attrs());
            boolean kernel = attrs.remove("kernel_thread") != null;
            if (e.event().equals(Event.PROCESS_EXIT) && attrs.get("exit_code") == null) {
                attrs.put("signal", "unknown");
            }
            out.add(new Event(e.ts(), e.source(), e.event(), attrs));
            if (kernel && e.event().equals(Event.PROCESS_START)) {
                out.add(new Event(e.ts(), e.source(), Event.EXEC, attrs));
            }
        }
        // Kernel thread renames, at the time of the scan that saw them, in every pass.
        for (Rename r : kernelThreadRenames()) {
            for (int pass = 0; pass < replay.passes(); pass++) {
                out.add(new Event(scanTime(pass, r.scan(), replay.passMs()), SOURCE, Event.EXEC, Map.of("pid", r.pid(), "ppid", 2,
                        "exe", r.comm(), "exe_source", "comm", "comm", r.comm(), "previous_exe", r.previousComm(),
                        "previous_comm", r.previousComm(), "user", "root")));
            }
        }
        out.sort(Comparator.comparingLong(Observation::ts));
        return lines(out);
    }

    record Rename(int scan, int pid, String previousComm, String comm) {
    }

    /** Kernel threads whose comm changed between two consecutive scans (same pid, same start time). */
    private static List<Rename> kernelThreadRenames() {
        List<Rename> out = new ArrayList<>();
        for (int i = 1; i < capture.size(); i++) {
            for (ProcCapture.Proc now : capture.get(i).procs().values()) {
                ProcCapture.Proc before = capture.get(i - 1).procs().get(now.pid());
                if (before != null && kernelThread(now) && field(now, 22).equals(field(before, 22))
                        && !comm(now).equals(comm(before))) {
                    out.add(new Rename(i, now.pid(), comm(before), comm(now)));
                }
            }
        }
        return out;
    }

    private static boolean kernelThread(ProcCapture.Proc p) {
        return (Long.parseLong(field(p, 9)) & 0x00200000L) != 0;
    }

    private static String comm(ProcCapture.Proc p) {
        return p.stat().substring(p.stat().indexOf('(') + 1, p.stat().lastIndexOf(')'));
    }

    /** Field {@code n} (1-based, n >= 3) of a stat line. */
    private static String field(ProcCapture.Proc p, int n) {
        return p.stat().substring(p.stat().lastIndexOf(')') + 1).trim().split("\\s+")[n - 3];
    }

    private static List<Event> events(List<Observation> records) {
        return records.stream().filter(o -> o instanceof Event).map(o -> (Event) o).toList();
    }

    private static Path resource(String name) {
        try {
            return Path.of(RealHostReplayTest.class.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The collector's clock: event time of the scan being replayed. */
    private static final class MutableClock extends Clock {
        long now;

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now);
        }

        @Override
        public long millis() {
            return now;
        }
    }
}
