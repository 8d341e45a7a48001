package io.slowburn.analysis.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.analysis.AnalysisState;
import io.slowburn.analysis.Assessment;
import io.slowburn.analysis.Condition;
import io.slowburn.analysis.MapParameters;
import io.slowburn.model.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NoveltyAnalysisTest {

    private static final long T0 = 1_772_409_600_000L;
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;

    private final NoveltyAnalysis analysis = NoveltyAnalysis.create(MapParameters.of(Map.of()));

    private static Event exec(long ts, String exe, String user) {
        return new Event(ts, "host-17", Event.EXEC, Map.of("exe", exe, "user", user, "pid", 77));
    }

    private AnalysisState learnt() {
        AnalysisState state = analysis.newState();
        for (int i = 0; i < 60; i++) {
            state.observe(exec(T0 + i * MINUTE, i % 2 == 0 ? "/usr/bin/java" : "/usr/bin/curl", "app"));
        }
        return state;
    }

    @Test
    void shouldSayInsufficientDataWhileLearning() {
        AnalysisState state = analysis.newState();

        Assessment first = state.observe(exec(T0, "/usr/bin/java", "app"));
        Assessment later = state.observe(exec(T0 + 59 * MINUTE, "/tmp/.x/miner", "app"));

        assertThat(first.condition()).isEqualTo(Condition.INSUFFICIENT_DATA);
        assertThat(later.condition()).isEqualTo(Condition.INSUFFICIENT_DATA);
        assertThat(later.summary()).contains("learning");
    }

    @Test
    void shouldStayNormalForKnownBinaries() {
        AnalysisState state = learnt();

        Assessment a = state.observe(exec(T0 + 2 * HOUR, "/usr/bin/curl", "app"));

        assertThat(a.condition()).isEqualTo(Condition.NORMAL);
        assertThat(a.evidence()).containsEntry("known_binaries", 2);
    }

    @Test
    void shouldFireOnceForANeverSeenBinary() {
        AnalysisState state = learnt();

        Assessment first = state.observe(exec(T0 + 2 * HOUR, "/tmp/.x/miner", "www-data"));
        Assessment again = state.observe(exec(T0 + 2 * HOUR + MINUTE, "/tmp/.x/miner", "www-data"));
        Assessment byKnownUser = state.observe(exec(T0 + 3 * HOUR, "/usr/bin/nc", "app"));

        assertThat(first.condition()).isEqualTo(Condition.ANOMALOUS);
        assertThat(first.evidence()).containsEntry("exe", "/tmp/.x/miner").containsEntry("user", "www-data")
            .containsEntry("user_seen_before", false).containsEntry("known_binaries", 2);
        assertThat(first.summary()).contains("/tmp/.x/miner").contains("www-data");
        assertThat(again.condition()).isEqualTo(Condition.NORMAL);
        assertThat(byKnownUser.isAnomalous()).isTrue();
        assertThat(byKnownUser.evidence()).containsEntry("user_seen_before", true).containsEntry("known_binaries", 3);
    }

    @Test
    void shouldLearnOrdinaryToolsOfKnownUsersSilentlyButNotDroppedOrHiddenOnes() {
        AnalysisState state = learnt();

        Assessment grep = state.observe(exec(T0 + 2 * HOUR, "/usr/bin/grep", "app"));
        Assessment grepByStranger = state.observe(exec(T0 + 2 * HOUR + MINUTE, "/usr/bin/awk", "nobody"));
        Assessment hidden = state.observe(exec(T0 + 2 * HOUR + 2 * MINUTE, "/usr/bin/.cache", "app"));
        Assessment dropped = state.observe(exec(T0 + 2 * HOUR + 3 * MINUTE, "/dev/shm/helper", "app"));
        Assessment socat = state.observe(exec(T0 + 2 * HOUR + 4 * MINUTE, "/usr/bin/socat", "app"));

        assertThat(grep.condition()).isEqualTo(Condition.NORMAL);
        assertThat(grep.evidence()).containsEntry("quiet_path", true);
        assertThat(grepByStranger.isAnomalous()).as("a user never seen on the host").isTrue();
        assertThat(hidden.isAnomalous()).as("a hidden name").isTrue();
        assertThat(dropped.isAnomalous()).as("outside the quiet paths").isTrue();
        assertThat(socat.isAnomalous()).as("always_report").isTrue();
    }

    @Test
    void shouldReportEveryNewBinaryWithoutQuietPaths() {
        NoveltyAnalysis strict = NoveltyAnalysis.create(MapParameters.of(Map.of("quiet_paths", List.of())));
        AnalysisState state = strict.newState();
        state.observe(exec(T0, "/usr/bin/java", "app"));
        assertThat(state.observe(exec(T0 + 2 * HOUR, "/usr/bin/grep", "app")).isAnomalous()).isTrue();
    }

    /** An exec as the /proc collector reports a kernel thread (older releases: without kernel_thread). */
    private static Event kernelThread(long ts, String comm, boolean flagged) {
        Map<String, Object> attrs = new HashMap<>();
        attrs.put("pid", 11);
        attrs.put("ppid", 2);
        attrs.put("exe", comm);
        attrs.put("exe_source", "comm");
        attrs.put("comm", comm);
        attrs.put("user", "root");
        if (flagged) {
            attrs.put("kernel_thread", true);
        }
        return new Event(ts, "host-17", Event.EXEC, attrs);
    }

    private static Event rename(long ts, String exe, String comm, String previousComm) {
        return new Event(ts, "host-17", Event.EXEC, Map.of("pid", 4242, "exe", exe, "exe_source", "exe", "comm", comm,
            "previous_exe", exe, "previous_comm", previousComm, "user", "app"));
    }

    @Test
    void shouldIgnoreKernelThreadsAndRenamesAfterLearning() {
        AnalysisState state = learnt();
        List<Assessment> out = new ArrayList<>();

        // kworkers rename themselves after each work item: new names for hours, none of them a binary.
        for (int i = 0; i < 100; i++) {
            out.add(state.observe(kernelThread(T0 + 2 * HOUR + i * MINUTE, "kworker/0:" + i + "-events_unbound", i % 2 == 0)));
        }
        out.add(state.observe(new Event(T0 + 4 * HOUR, "host-17", Event.EXEC, Map.of("exe", "kworker/u8:3", "kernel_thread", "true"))));
        out.add(state.observe(rename(T0 + 4 * HOUR, "/usr/bin/java", "C2 CompilerThre", "java")));
        out.add(state.observe(rename(T0 + 4 * HOUR, "/usr/bin/never-seen", "renamed", "never-seen")));

        assertThat(out).allSatisfy(a -> {
            assertThat(a.condition()).isEqualTo(Condition.INSUFFICIENT_DATA);
            assertThat(a.summary()).contains("not an execution");
        });
        assertThat(state.observe(exec(T0 + 5 * HOUR, "/usr/bin/curl", "app")).evidence())
            .as("nothing was learnt from them").containsEntry("known_binaries", 2);
    }

    @Test
    void shouldStillFireOnANewBinaryNamedLikeAKernelThread() {
        AnalysisState state = learnt();

        // Attackers name their miners after kernel threads; a real exe link is not a kernel thread.
        Assessment disguised = state.observe(new Event(T0 + 2 * HOUR, "host-17", Event.EXEC, Map.of("exe", "/tmp/.x/kworkerd",
            "exe_source", "exe", "comm", "kworker/0:1", "ppid", 2, "user", "nobody")));
        Assessment fromCmdline = state.observe(new Event(T0 + 2 * HOUR, "host-17", Event.EXEC, Map.of("exe", "./xmrig",
            "exe_source", "cmdline", "previous_exe", "/usr/bin/bash", "user", "app")));

        assertThat(disguised.isAnomalous()).isTrue();
        assertThat(disguised.evidence()).containsEntry("exe", "/tmp/.x/kworkerd");
        assertThat(fromCmdline.isAnomalous()).isTrue();
    }

    @Test
    void shouldStartLearningAtTheFirstBinaryNotAtTheFirstKernelThread() {
        AnalysisState state = analysis.newState();
        for (int i = 0; i < 180; i++) {
            state.observe(kernelThread(T0 + i * MINUTE, "kworker/1:" + i, true));
        }

        Assessment first = state.observe(exec(T0 + 3 * HOUR, "/usr/bin/java", "app"));
        Assessment oneMsBefore = state.observe(exec(T0 + 4 * HOUR - 1, "/usr/bin/perl", "app"));
        Assessment atTheEnd = state.observe(exec(T0 + 4 * HOUR, "/usr/bin/nc", "app"));

        assertThat(first.condition()).isEqualTo(Condition.INSUFFICIENT_DATA);
        assertThat(first.summary()).contains("learning");
        assertThat(oneMsBefore.condition()).isEqualTo(Condition.INSUFFICIENT_DATA);
        assertThat(atTheEnd.condition()).isEqualTo(Condition.ANOMALOUS);
        assertThat(atTheEnd.evidence()).containsEntry("known_binaries", 2);
    }

    @Test
    void shouldSayInsufficientDataForAnExecWithoutExe() {
        AnalysisState state = learnt();

        assertThat(state.observe(new Event(T0 + 2 * HOUR, "host-17", Event.EXEC, Map.of("user", "app"))).condition())
            .isEqualTo(Condition.INSUFFICIENT_DATA);
    }

    @Test
    void shouldForgetTheLeastRecentlySeenBinaryWhenFullAndStayBounded() {
        NoveltyAnalysis small = NoveltyAnalysis.create(MapParameters.of(
                Map.of("max_entries", 16, "max_users", 4, "quiet_paths", List.of())));
        AnalysisState state = small.newState();
        for (int i = 0; i < 16; i++) {
            state.observe(exec(T0 + i * MINUTE, "/usr/bin/tool-" + i, "user-" + i));
        }
        state.observe(exec(T0 + 20 * MINUTE, "/usr/bin/tool-0", "user-0"));
        for (int i = 0; i < 1_000; i++) {
            state.observe(exec(T0 + 2 * HOUR + i * MINUTE, "/tmp/new-" + i, "user-" + i));
        }

        assertThat(StateBytes.write(state).length).isEqualTo(1 + 8 + 8 + 4 + 16 * 8 + 4 + 4 * 8);
        assertThat(state.observe(exec(T0 + 30 * HOUR, "/tmp/new-999", "x")).condition()).isEqualTo(Condition.NORMAL);
        assertThat(state.observe(exec(T0 + 30 * HOUR, "/usr/bin/tool-1", "x")).isAnomalous()).isTrue();
    }

    @Test
    void shouldRoundTripItsState() {
        AnalysisState state = learnt();
        AnalysisState copy = StateBytes.roundTrip(analysis, state);

        Event known = exec(T0 + 2 * HOUR, "/usr/bin/java", "app");
        Event fresh = exec(T0 + 2 * HOUR, "/usr/bin/perl", "root");
        assertThat(copy.observe(known)).isEqualTo(state.observe(known));
        assertThat(copy.observe(fresh)).isEqualTo(state.observe(fresh));
        assertThat(copy.observe(fresh).condition()).isEqualTo(Condition.NORMAL);
    }

    @Test
    void shouldKeepTheSameEmptyStateLayoutWhateverItsParameters() {
        MapParameters p = MapParameters.of(Map.of("learning", "2h", "max_entries", 16, "max_users", 8, "lateness", "1m"));
        NoveltyAnalysis tuned = NoveltyAnalysis.create(p);
        assertThat(p.problems()).isEmpty();
        assertThat(analysis.stateLayout()).isEmpty();
        assertThat(tuned.stateLayout()).isEqualTo(analysis.stateLayout());
        AnalysisState state = learnt();
        AnalysisState copy = StateBytes.roundTrip(tuned, state);
        Event known = exec(T0 + 2 * HOUR, "/usr/bin/java", "app");
        assertThat(copy.observe(known).condition()).isEqualTo(Condition.NORMAL);
    }
}
