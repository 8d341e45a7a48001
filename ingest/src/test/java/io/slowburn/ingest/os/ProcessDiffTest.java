package io.slowburn.ingest.os;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.model.Event;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessDiffTest {

    private static final long TS = 1_772_409_600_000L;

    private static ProcessInfo user(int pid, String comm, String exe, String source) {
        return new ProcessInfo(pid, 1, comm, exe, source, 1000, "app", 5000 + pid, false, false);
    }

    private static ProcessInfo kthread(int pid, String comm) {
        return new ProcessInfo(pid, 2, comm, comm, "comm", 0, "root", 14, true, false);
    }

    private static ProcessInfo zombie(ProcessInfo p) {
        return new ProcessInfo(p.pid(), p.ppid(), p.comm(), p.comm(), "comm", p.uid(), p.user(), p.startTicks(), false, true);
    }

    private static Map<Integer, ProcessInfo> table(ProcessInfo... processes) {
        Map<Integer, ProcessInfo> m = new LinkedHashMap<>();
        for (ProcessInfo p : processes) {
            m.put(p.pid(), p);
        }
        return m;
    }

    private static List<String> diff(Map<Integer, ProcessInfo> before, Map<Integer, ProcessInfo> after) {
        return ProcessDiff.between(before, after, TS, "host-1").stream().map(e -> e.event() + ":" + e.attr("pid")).toList();
    }

    @Test
    void shouldReportNoExecWhenAKernelThreadRenamesItself() {
        ProcessInfo before = kthread(11, "kworker/0:1-events");
        ProcessInfo after = kthread(11, "kworker/0:1-mm_percpu_wq");

        assertThat(diff(table(before), table(after))).isEmpty();
    }

    @Test
    void shouldReportANewKernelThreadAsAStartWithoutExec() {
        List<Event> events = ProcessDiff.between(table(), table(kthread(464, "kworker/1:2")), TS, "host-1");

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo(Event.PROCESS_START);
            assertThat(e.attrs()).containsEntry("kernel_thread", true).containsEntry("exe_source", "comm").containsEntry("ppid", 2);
        });
    }

    @Test
    void shouldReportNoExecWhenOnlyTheCommChanged() {
        ProcessInfo before = user(4242, "java", "/usr/bin/java", "exe");
        ProcessInfo renamed = user(4242, "C2 CompilerThre", "/usr/bin/java", "exe");
        ProcessInfo titled = user(4243, "sshd", "sshd: app [priv]", "cmdline");

        assertThat(diff(table(before, user(4243, "sshd", "sshd: app [priv]", "cmdline")), table(renamed, titled))).isEmpty();
    }

    @Test
    void shouldReportAnExecWhenTheBinaryChanged() {
        ProcessInfo before = user(4242, "bash", "/usr/bin/bash", "exe");
        ProcessInfo after = user(4242, "xmrig", "/tmp/.x/xmrig", "exe");

        List<Event> events = ProcessDiff.between(table(before), table(after), TS, "host-1");

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo(Event.EXEC);
            assertThat(e.attrs()).containsEntry("exe", "/tmp/.x/xmrig").containsEntry("previous_exe", "/usr/bin/bash")
                .doesNotContainKey("kernel_thread");
        });
    }

    @Test
    void shouldCompareOnlyLikeWithLikeWhenTheExeLinkBecomesUnreadable() {
        ProcessInfo before = user(4242, "ssh-agent", "/usr/bin/ssh-agent", "exe");
        ProcessInfo undumpable = user(4242, "ssh-agent", "ssh-agent", "cmdline");
        ProcessInfo execd = user(4242, "sudo", "sudo", "cmdline");

        assertThat(diff(table(before), table(undumpable))).as("same comm: it only lost its dumpable flag").isEmpty();
        assertThat(diff(table(before), table(execd))).as("comm changed too: an execve").containsExactly("exec:4242");
    }

    @Test
    void shouldReportAZombieNeitherAsAnExecNorYetAsAnExit() {
        ProcessInfo sleep = user(5001, "sleep", "/usr/bin/sleep", "exe");

        assertThat(diff(table(sleep), table(zombie(sleep)))).as("exited, not yet reaped").isEmpty();
        assertThat(diff(table(), table(zombie(sleep)))).as("first seen as a zombie").containsExactly("process.start:5001");
        assertThat(diff(table(zombie(sleep)), table())).as("reaped").containsExactly("process.exit:5001");
    }

    @Test
    void shouldNameTheBinaryAZombieRanWhenItIsReaped() {
        ProcessInfo sleep = user(5001, "sleep", "/usr/bin/sleep", "exe");
        Map<Integer, ProcessInfo> before = table(sleep);
        Map<Integer, ProcessInfo> dead = ProcessDiff.keepExecutablesOfZombies(before, table(zombie(sleep)));

        List<Event> reaped = ProcessDiff.between(dead, table(), TS, "host-1");

        assertThat(dead.get(5001).zombie()).isTrue();
        assertThat(reaped).singleElement().satisfies(e -> assertThat(e.attrs()).containsEntry("exe", "/usr/bin/sleep")
            .containsEntry("exe_source", "exe"));
        assertThat(ProcessDiff.keepExecutablesOfZombies(table(), table(zombie(sleep))).get(5001).exe()).isEqualTo("sleep");
    }

    @Test
    void shouldSayAnExitStatusIsUnknownInsteadOfClaimingOne() {
        List<Event> events = ProcessDiff.between(table(user(5001, "sleep", "/usr/bin/sleep", "exe")), table(), TS, "host-1");

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo(Event.PROCESS_EXIT);
            assertThat(e.attrs()).containsEntry("exit_code", null).containsEntry("signal", null).containsEntry("exe", "/usr/bin/sleep");
        });
    }

    @Test
    void shouldReadTheKernelThreadFlagAndTheZombieStateFromStat() {
        ProcessStat kworker = ProcessStat.parse("11 (kworker/0:1-events) I 2 0 0 0 -1 69238880 0 0 0 0 0 0 0 0 20 0 1 0 14 0 0")
            .orElseThrow();
        ProcessStat shell = ProcessStat.parse("1108 (bash) S 1107 1108 1108 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 900 0 0")
            .orElseThrow();
        ProcessStat dead = ProcessStat.parse("5001 (sleep) Z 1108 1108 1108 0 -1 4227084 0 0 0 0 0 0 0 0 20 0 1 0 990 0 0")
            .orElseThrow();

        assertThat(kworker.kernelThread()).isTrue();
        assertThat(kworker.exited()).isFalse();
        assertThat(shell.kernelThread()).isFalse();
        assertThat(dead.exited()).isTrue();
        assertThat(dead.kernelThread()).isFalse();
        assertThat(ProcessStat.parse("3 (x) S 2 0 0 0 -1 notanumber 0 0 0 0 0 0 0 0 20 0 1 0 14 0 0")).isEmpty();
    }
}
