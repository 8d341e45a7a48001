package io.slowburn.ingest.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.slowburn.model.Event;
import io.slowburn.model.MetricSample;
import io.slowburn.model.MetricType;
import io.slowburn.model.Observation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcCollectorTest {

    private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

    private static ProcOptions options(Path root) {
        return ProcOptions.defaults("host-1").withProcRoot(root).withPasswd(ProcFixture.resource("etc/passwd"));
    }

    private static MetricSample metric(List<Observation> records, String name) {
        return records.stream().filter(o -> o instanceof MetricSample m && m.metric().equals(name))
                .map(o -> (MetricSample) o).findFirst().orElseThrow(() -> new AssertionError("no " + name + " in " + records));
    }

    private static List<Event> events(List<Observation> records) {
        return records.stream().filter(o -> o instanceof Event).map(o -> (Event) o).toList();
    }

    @Test
    void normalKernel(@TempDir Path dir) throws Exception {
        Path root = ProcFixture.copy("normal", dir);
        ProcFixture.exe(root, 812, "/usr/lib/jvm/java-17/bin/java");
        ProcCollector c = new ProcCollector(options(root).withWatch(Pattern.compile("java")), CLOCK);
        List<Observation> first = c.poll();

        MetricSample mem = metric(first, "os.memory.used");
        MemInfo expected = MemInfo.parse(Files.readString(root.resolve("meminfo"))).orElseThrow();
        assertThat(mem.limit()).isEqualTo((double) expected.total());
        assertThat(mem.value()).isEqualTo((double) (expected.total() - expected.available()));
        assertThat(mem.unit()).isEqualTo("bytes");
        assertThat(mem.ts()).isEqualTo(T0.toEpochMilli());
        assertThat(mem.source()).isEqualTo("host-1");

        MetricSample fd = metric(first, "os.fd.open");
        assertThat(fd.value()).isEqualTo(1056.0);
        assertThat(fd.limit()).isEqualTo(2466177.0);
        MetricSample procs = metric(first, "os.process.count");
        assertThat(procs.value()).isEqualTo(4.0);
        assertThat(procs.limit()).isEqualTo(4194304.0);
        MetricSample oom = metric(first, "os.oom.kills");
        assertThat(oom.value()).isEqualTo(3.0);
        assertThat(oom.type()).isEqualTo(MetricType.COUNTER);
        MetricSample javaFds = metric(first, "os.process.fd.open");
        assertThat(javaFds.labels()).isEqualTo(Map.of("process", "java", "pid", "812"));
        assertThat(javaFds.value()).isEqualTo(10.0);
        assertThat(javaFds.limit()).isEqualTo(1024.0);
        // First poll: the baseline, no CPU (needs two readings) and no process events.
        assertThat(first).noneMatch(o -> o instanceof MetricSample m && m.metric().equals("os.cpu.utilization"));
        assertThat(events(first)).isEmpty();
        assertThat(c.capabilities()).isEmpty();

        // Second poll: 100 more ticks of which 25 idle.
        Files.writeString(root.resolve("stat"), bumpCpu(Files.readString(root.resolve("stat")), 75, 25));
        Files.writeString(root.resolve("vmstat"), Files.readString(root.resolve("vmstat")).replace("oom_kill 3", "oom_kill 5"));
        List<Observation> second = c.poll();
        assertThat(metric(second, "os.cpu.utilization").value()).isCloseTo(0.75, within(1e-9));
        assertThat(events(second)).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo(Event.OOM_KILL);
            assertThat(e.attrs()).containsEntry("count", 2L);
        });
    }

    private static String bumpCpu(String stat, long busy, long idle) {
        StringBuilder sb = new StringBuilder();
        for (String line : stat.split("\n")) {
            if (line.startsWith("cpu ")) {
                String[] f = line.trim().split("\\s+");
                f[1] = Long.toString(Long.parseLong(f[1]) + busy);
                f[4] = Long.toString(Long.parseLong(f[4]) + idle);
                line = String.join(" ", f);
            }
            sb.append(line).append('\n');
        }
        return sb.toString();
    }

    @Test
    void oldKernelEstimatesAvailableMemoryAndSaysSo(@TempDir Path dir) {
        Path root = ProcFixture.copy("old-kernel", dir);
        ProcCollector c = new ProcCollector(options(root), CLOCK);
        List<Observation> records = c.poll();
        MetricSample mem = metric(records, "os.memory.used");
        // 2048000 - (512000 + 100000 + 300000) kB
        assertThat(mem.value()).isEqualTo(1_136_000.0 * 1024);
        assertThat(mem.limit()).isEqualTo(2_048_000.0 * 1024);
        MetricSample fd = metric(records, "os.fd.open");
        assertThat(fd.value()).isEqualTo(1850.0);
        assertThat(fd.limit()).isEqualTo(65536.0);
        assertThat(metric(records, "os.process.count").limit()).isNull();
        assertThat(records).noneMatch(o -> o instanceof MetricSample m && m.metric().equals("os.oom.kills"));
        assertThat(c.capabilities()).anyMatch(s -> s.contains("MemAvailable")).anyMatch(s -> s.contains("oom_kill"))
                .anyMatch(s -> s.contains("pid_max"));
    }

    @Test
    void missingAndGarbledFilesGiveNoSampleNotACrash(@TempDir Path dir) {
        Path root = ProcFixture.copy("missing", dir);
        ProcCollector c = new ProcCollector(options(root), CLOCK);
        assertThat(c.poll()).isEmpty();
        assertThat(c.poll()).isEmpty();
        assertThat(c.capabilities()).anyMatch(s -> s.contains("no os.memory.used")).anyMatch(s -> s.contains("no os.cpu.utilization"))
                .anyMatch(s -> s.contains("no os.fd.open"));
        // Reported once, not on every poll.
        assertThat(c.capabilities()).doesNotHaveDuplicates();
    }

    @Test
    void nonexistentRootIsReportedNotThrown(@TempDir Path dir) {
        ProcCollector c = new ProcCollector(options(dir.resolve("nope")), CLOCK);
        assertThat(c.poll()).isEmpty();
        assertThat(c.capabilities()).anyMatch(s -> s.contains("cannot list"));
    }

    @Test
    void oddCommNamesParseAndAreSanitizedInLabels(@TempDir Path dir) {
        Path root = ProcFixture.copy("odd-comm", dir);
        ProcCollector c = new ProcCollector(options(root).withWatch(Pattern.compile(".")), CLOCK);
        List<Observation> records = c.poll();
        List<String> names = records.stream().filter(o -> o instanceof MetricSample m && m.metric().equals("os.process.fd.open"))
                .map(o -> ((MetricSample) o).labels().get("process")).toList();
        assertThat(names).containsExactly("my (odd) name) x", ") )(", "a b_c_d");
        assertThat(ProcessStat.parse("77 (my (odd) name) x) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 700 1 1"))
                .hasValueSatisfying(s -> {
                    assertThat(s.comm()).isEqualTo("my (odd) name) x");
                    assertThat(s.ppid()).isEqualTo(1);
                    assertThat(s.startTicks()).isEqualTo(700);
                });
        assertThat(ProcessStat.parse("garbage")).isEmpty();
        assertThat(ProcessStat.parse("12 (x) S")).isEmpty();
    }

    @Test
    void processStartExitAndExecBetweenTwoSnapshots(@TempDir Path dir) throws Exception {
        Path root = ProcFixture.copy("normal", dir);
        ProcFixture.exe(root, 812, "/usr/lib/jvm/java-17/bin/java");
        ProcFixture.exe(root, 901, "/usr/bin/tmux");
        ProcCollector c = new ProcCollector(options(root), CLOCK);
        c.poll();

        // 901 exits; 812 exec's into a shell; 1234 appears (exe unreadable: falls back to cmdline); pid 2 is reused.
        ProcFixture.delete(root.resolve("901"));
        Files.delete(root.resolve("812/exe"));
        ProcFixture.exe(root, 812, "/opt/fake/bin/sh");
        Files.createDirectories(root.resolve("1234"));
        Files.writeString(root.resolve("1234/stat"),
                "1234 (curl) R 812 812 812 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 9000 1 1");
        Files.writeString(root.resolve("1234/status"), "Name:\tcurl\nUid:\t1000\t1000\t1000\t1000\n");
        Files.write(root.resolve("1234/cmdline"), "/usr/bin/curl\0-s\0http://x\0".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Files.writeString(root.resolve("2/stat"), Files.readString(root.resolve("2/stat")).replace(" 11 10000000", " 9999 10000000"));

        List<Event> events = events(c.poll());
        // pid 2 is a kernel thread (PF_KTHREAD in its stat flags): it starts and exits, it executes nothing.
        assertThat(events).extracting(e -> e.event() + ":" + e.attr("pid")).containsExactlyInAnyOrder(
                "process.exit:901", "process.exit:2", "process.start:2", "exec:812", "process.start:1234", "exec:1234");

        Event exit = find(events, Event.PROCESS_EXIT, "901");
        // /proc cannot tell how it ended: both unknown (null), neither "0" nor "killed".
        assertThat(exit.attrs()).containsEntry("exit_code", null).containsEntry("signal", null)
                .containsEntry("exe", "/usr/bin/tmux").containsEntry("user", "app").doesNotContainKey("kernel_thread");
        Event exec = find(events, Event.EXEC, "812");
        assertThat(exec.attrs()).containsEntry("exe", "/opt/fake/bin/sh").containsEntry("previous_exe", "/usr/lib/jvm/java-17/bin/java")
                .containsEntry("exe_source", "exe");
        Event start = find(events, Event.PROCESS_START, "1234");
        assertThat(start.attrs()).containsEntry("exe", "/usr/bin/curl").containsEntry("exe_source", "cmdline")
                .containsEntry("ppid", 812).containsEntry("user", "app").containsEntry("uid", 1000);
        // A kernel thread: no exe, no command line.
        assertThat(find(events, Event.PROCESS_START, "2").attrs()).containsEntry("exe", "kthreadd").containsEntry("exe_source", "comm")
                .containsEntry("kernel_thread", true);
        assertThat(find(events, Event.PROCESS_EXIT, "2").attrs()).containsEntry("kernel_thread", true);
        assertThat(events).allMatch(e -> e.ts() == T0.toEpochMilli() && e.source().equals("host-1"));
    }

    private static Event find(List<Event> events, String name, String pid) {
        return events.stream().filter(e -> e.event().equals(name) && pid.equals(e.attr("pid"))).findFirst().orElseThrow();
    }

    @Test
    void unknownUidsAreReportedAsNumbers(@TempDir Path dir) {
        Path root = ProcFixture.copy("normal", dir);
        ProcCollector c = new ProcCollector(options(root).withPasswd(dir.resolve("no-passwd")), CLOCK);
        c.poll();
        assertThat(c.capabilities()).anyMatch(s -> s.contains("numeric uid"));
    }

    @Test
    void parsesLimitsAndVmstatLines() {
        assertThat(ProcCollector.maxOpenFiles("Max open files            unlimited            unlimited            files")).isEmpty();
        assertThat(ProcCollector.oomKill("pgfault 1\noom_kill 7\n")).contains(7L);
        assertThat(ProcCollector.oomKill("pgfault 1\n")).isEmpty();
        assertThat(CpuTimes.parse("cpu  1 2 3 4 5 6 7 8 9 10\n")).contains(new CpuTimes(36, 9));
        assertThat(new CpuTimes(10, 5).utilizationSince(new CpuTimes(10, 5))).isEmpty();
    }

    @Test
    void realProcOfThisMachine() throws InterruptedException {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/meminfo")), "not Linux");
        ProcCollector c = new ProcCollector(ProcOptions.defaults("this-host").withWatch(Pattern.compile("java")), Clock.systemUTC());
        c.poll();
        // CPU utilization needs the kernel's tick counters to move between two readings (a tick is 10 ms): two polls
        // within the same tick have none to report, as the adapter's interval never allows.
        Thread.sleep(100);
        List<Observation> second = c.poll();
        assertThat(metric(second, "os.memory.used").limit()).isPositive();
        MetricSample count = metric(second, "os.process.count");
        assertThat(count.value()).isPositive();
        // A pid_max smaller than the process count once came from a half-read /proc/sys file (see ProcFs.slurp).
        assertThat(count.limit()).isGreaterThan(count.value());
        MetricSample fds = metric(second, "os.fd.open");
        assertThat(fds.limit()).isGreaterThan(fds.value());
        assertThat(metric(second, "os.cpu.utilization").value()).isBetween(0.0, 1.0);
        assertThat(second).anyMatch(o -> o instanceof MetricSample m && m.metric().equals("os.process.fd.open")
                && m.labels().get("pid").equals(Long.toString(ProcessHandle.current().pid())));
    }
}
