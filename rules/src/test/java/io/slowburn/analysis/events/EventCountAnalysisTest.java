package io.slowburn.analysis.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.analysis.AnalysisState;
import io.slowburn.analysis.Assessment;
import io.slowburn.analysis.Condition;
import io.slowburn.analysis.MapParameters;
import io.slowburn.model.Event;
import io.slowburn.model.MetricSample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventCountAnalysisTest {

    private static final long T0 = 1_772_409_600_000L;
    private static final long SECOND = 1_000L;
    private static final long MINUTE = 60_000L;

    private final EventCountAnalysis analysis = EventCountAnalysis.create(MapParameters.of(Map.of()));

    private static Event exit(long ts, String source, int code, String signal, String sender) {
        Map<String, Object> attrs = new HashMap<>();
        attrs.put("pid", 4242);
        attrs.put("exe", "/usr/bin/java");
        attrs.put("exit_code", code);
        if (signal != null) {
            attrs.put("signal", signal);
        }
        if (sender != null) {
            attrs.put("sender", sender);
        }
        return new Event(ts, source, Event.PROCESS_EXIT, attrs);
    }

    private static Event reset(long ts, String source) {
        return new Event(ts, source, Event.COUNTER_RESET, Map.of("metric", "app.requests"));
    }

    /** A kill as the detector sees it: the exit, then the counters back to zero a second later. */
    private static List<Event> kill(long ts, String source) {
        return List.of(exit(ts, source, 137, "SIGKILL", "/usr/bin/kill"), reset(ts + SECOND, source));
    }

    @Test
    void shouldStayNormalForCleanExits() {
        AnalysisState state = analysis.newState();

        for (int i = 0; i < 10; i++) {
            Assessment a = state.observe(exit(T0 + i * MINUTE, "host-1", 0, null, null));
            assertThat(a.condition()).isEqualTo(Condition.NORMAL);
            assertThat(a.evidence()).containsEntry("restarts", 0L);
        }
    }

    @Test
    void shouldFireWhenAProcessIsKilledAgainAndAgain() {
        AnalysisState state = analysis.newState();
        List<Assessment> out = new ArrayList<>();

        for (long ts : new long[] {T0, T0 + 2 * MINUTE, T0 + 4 * MINUTE}) {
            for (Event e : kill(ts, "host-17")) {
                out.add(state.observe(e));
            }
        }

        assertThat(out.subList(0, 4)).noneMatch(Assessment::isAnomalous);
        Assessment third = out.get(4);
        assertThat(third.condition()).isEqualTo(Condition.ANOMALOUS);
        assertThat(third.evidence()).containsEntry("restarts", 3L).containsEntry("min_count", 3L)
            .containsEntry("last_signal", "SIGKILL").containsEntry("last_sender", "/usr/bin/kill")
            .containsEntry("last_restart_ts", T0 + 4 * MINUTE);
        assertThat(third.summary()).contains("3 restarts of host-17 in 10m");
        assertThat(out.get(5).isAnomalous()).isTrue();
    }

    @Test
    void shouldSayItCannotTellWhenAnExitCarriesNeitherCodeNorSignal() {
        AnalysisState state = analysis.newState();

        Assessment a = state.observe(new Event(T0, "host-1", Event.PROCESS_EXIT, Map.of("pid", 1)));
        Assessment b = state.observe(MetricSample.gauge(T0, "host-1", "os.process.count", Map.of(), 100));
        Assessment c = state.observe(unknownExit(T0 + SECOND, "host-1", "unknown"));

        assertThat(a.condition()).isEqualTo(Condition.INSUFFICIENT_DATA);
        assertThat(b.condition()).isEqualTo(Condition.INSUFFICIENT_DATA);
        assertThat(c.condition()).isEqualTo(Condition.INSUFFICIENT_DATA);
        assertThat(state.advance(T0 + MINUTE).condition()).as("nothing countable seen yet").isEqualTo(Condition.INSUFFICIENT_DATA);
    }

    /** A process.exit as a collector polling /proc sends it: the status went to the parent, it is not known. */
    private static Event unknownExit(long ts, String source, String signal) {
        Map<String, Object> attrs = new HashMap<>();
        attrs.put("pid", 5000 + (int) (ts % 1000));
        attrs.put("exe", "/usr/bin/sleep");
        attrs.put("exe_source", "exe");
        attrs.put("exit_code", null);
        attrs.put("signal", signal);
        return new Event(ts, source, Event.PROCESS_EXIT, attrs);
    }

    private static Event exitWith(long ts, Object code, Object signal) {
        Map<String, Object> attrs = new HashMap<>();
        attrs.put("exe", "/usr/bin/java");
        attrs.put("exit_code", code);
        attrs.put("signal", signal);
        return new Event(ts, "h", Event.PROCESS_EXIT, attrs);
    }

    @Test
    void shouldCountNothingForShortLivedCommandsWhoseExitStatusIsUnknown() {
        AnalysisState state = analysis.newState();
        List<Assessment> out = new ArrayList<>();

        // A real host: a sleep, an ls, a sh -c loop exit every few seconds; /proc cannot tell how. The first releases
        // of the collector sent signal "unknown", the current one sends null; both are unknown.
        for (int i = 0; i < 120; i++) {
            out.add(state.observe(unknownExit(T0 + i * 5 * SECOND, "host-1", i % 2 == 0 ? "unknown" : null)));
        }
        Assessment after = state.advance(T0 + 11 * MINUTE);

        assertThat(out).allSatisfy(a -> {
            assertThat(a.condition()).isEqualTo(Condition.INSUFFICIENT_DATA);
            assertThat(a.summary()).contains("cannot tell a kill from a clean exit");
        });
        assertThat(after.condition()).isEqualTo(Condition.INSUFFICIENT_DATA);
    }

    @Test
    void shouldStillFireOnAKillLoopAmongExitsOfUnknownStatus() {
        AnalysisState state = analysis.newState();
        List<Assessment> kills = new ArrayList<>();

        for (int i = 0; i < 60; i++) {
            long ts = T0 + i * 10 * SECOND;
            state.observe(unknownExit(ts, "host-1", null));
            if (i % 12 == 6) {
                kills.add(state.observe(exit(ts + SECOND, "host-1", 137, "SIGKILL", null)));
            }
        }

        assertThat(kills).extracting(Assessment::condition)
            .containsExactly(Condition.NORMAL, Condition.NORMAL, Condition.ANOMALOUS, Condition.ANOMALOUS, Condition.ANOMALOUS);
        assertThat(kills.get(2).evidence()).containsEntry("restarts", 3L).containsEntry("last_signal", "SIGKILL");
    }

    @Test
    void shouldTellACrashStatusFromACleanOneAndFromNone() {
        assertThat(ExitStatus.ofExit(null, 137)).isEqualTo(ExitStatus.CRASH);
        assertThat(ExitStatus.ofExit("SIGKILL", null)).isEqualTo(ExitStatus.CRASH);
        assertThat(ExitStatus.ofExit("segv", null)).isEqualTo(ExitStatus.CRASH);
        assertThat(ExitStatus.ofExit(9, null)).isEqualTo(ExitStatus.CRASH);
        assertThat(ExitStatus.ofExit("15", null)).isEqualTo(ExitStatus.CRASH);
        assertThat(ExitStatus.ofExit("SIGRTMIN+3", null)).isEqualTo(ExitStatus.CRASH);
        assertThat(ExitStatus.ofExit(null, -9)).as("Python's returncode for a kill").isEqualTo(ExitStatus.CRASH);
        assertThat(ExitStatus.ofExit("unknown", 143)).isEqualTo(ExitStatus.CRASH);
        assertThat(ExitStatus.ofExit(null, 0)).isEqualTo(ExitStatus.NO_CRASH);
        assertThat(ExitStatus.ofExit(null, 1)).as("an error exit, grep's no-match").isEqualTo(ExitStatus.NO_CRASH);
        assertThat(ExitStatus.ofExit("unknown", 0)).isEqualTo(ExitStatus.NO_CRASH);
        assertThat(ExitStatus.ofExit("SIGCHLD", null)).isEqualTo(ExitStatus.NO_CRASH);
        assertThat(ExitStatus.ofExit(0, null)).as("the null signal").isEqualTo(ExitStatus.NO_CRASH);
        assertThat(ExitStatus.ofExit(28, null)).as("SIGWINCH").isEqualTo(ExitStatus.NO_CRASH);
        assertThat(ExitStatus.ofExit(null, null)).isEqualTo(ExitStatus.UNKNOWN);
        assertThat(ExitStatus.ofExit("unknown", null)).isEqualTo(ExitStatus.UNKNOWN);
        assertThat(ExitStatus.ofExit("", " ")).isEqualTo(ExitStatus.UNKNOWN);
        assertThat(ExitStatus.ofExit("n/a", "none")).isEqualTo(ExitStatus.UNKNOWN);
        assertThat(ExitStatus.ofExit(65, null)).as("no such signal").isEqualTo(ExitStatus.UNKNOWN);
        assertThat(ExitStatus.ofExit(null, 1.5)).isEqualTo(ExitStatus.UNKNOWN);
    }

    @Test
    void shouldCountAnExitCodeAbove128AndNotOneAt128() {
        AnalysisState state = analysis.newState();
        state.observe(exitWith(T0, 137, null));
        state.observe(exitWith(T0 + MINUTE, 137, null));

        Assessment at128 = state.observe(exitWith(T0 + 2 * MINUTE, 128, null));
        Assessment at129 = state.observe(exitWith(T0 + 3 * MINUTE, 129, null));

        assertThat(at128.condition()).isEqualTo(Condition.NORMAL);
        assertThat(at128.evidence()).containsEntry("restarts", 2L);
        assertThat(at129.condition()).isEqualTo(Condition.ANOMALOUS);
        assertThat(at129.evidence()).containsEntry("restarts", 3L);
    }

    @Test
    void shouldFireAtTheThirdRestartNotTheSecondWhateverTheUnknownExitsBetween() {
        AnalysisState state = analysis.newState();
        List<Assessment> out = new ArrayList<>();

        out.add(state.observe(exitWith(T0, null, "SIGKILL")));
        out.add(state.observe(unknownExit(T0 + 30 * SECOND, "h", "unknown")));
        out.add(state.observe(exitWith(T0 + MINUTE, null, "SIGSEGV")));
        for (int i = 0; i < 20; i++) {
            out.add(state.observe(unknownExit(T0 + MINUTE + (i + 1) * SECOND * 6, "h", null)));
        }
        Assessment second = state.advance(T0 + 4 * MINUTE);
        Assessment third = state.observe(exitWith(T0 + 4 * MINUTE, -6, null));

        assertThat(out.get(2).condition()).isEqualTo(Condition.NORMAL);
        assertThat(out.get(2).evidence()).containsEntry("restarts", 2L).containsEntry("last_signal", "SIGSEGV");
        assertThat(out.subList(3, out.size())).allMatch(a -> a.condition() == Condition.INSUFFICIENT_DATA);
        assertThat(second.condition()).isEqualTo(Condition.NORMAL);
        assertThat(second.evidence()).containsEntry("restarts", 2L);
        assertThat(third.condition()).isEqualTo(Condition.ANOMALOUS);
        assertThat(third.evidence()).containsEntry("restarts", 3L);
    }

    @Test
    void shouldCountSignalEventsThatEndAProcessOnly() {
        AnalysisState state = analysis.newState();
        List<Assessment> out = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            out.add(state.observe(new Event(T0 + i * MINUTE, "h", Event.SIGNAL, Map.of("signal", "SIGWINCH"))));
        }
        Assessment unknown = state.observe(new Event(T0 + 6 * MINUTE, "h", Event.SIGNAL, Map.of("signal", "unknown")));

        assertThat(out).allSatisfy(a -> {
            assertThat(a.condition()).isEqualTo(Condition.NORMAL);
            assertThat(a.evidence()).containsEntry("restarts", 0L);
        });
        assertThat(unknown.condition()).isEqualTo(Condition.INSUFFICIENT_DATA);
        for (int i = 0; i < 3; i++) {
            state.observe(new Event(T0 + (7 + i) * MINUTE, "h", Event.SIGNAL, Map.of("signal", "SIGTERM")));
        }
        assertThat(state.advance(T0 + 10 * MINUTE).isAnomalous()).isTrue();
    }

    @Test
    void shouldNotFireOnAFleetDeploy() {
        Map<String, AnalysisState> states = new HashMap<>();
        List<Assessment> out = new ArrayList<>();

        for (int host = 0; host < 50; host++) {
            String source = "host-" + host;
            long ts = T0 + host * 10 * SECOND;
            AnalysisState state = states.computeIfAbsent(source, s -> analysis.newState());
            out.add(state.observe(new Event(ts, source, Event.SIGNAL, Map.of("signal", "SIGTERM", "sender", "/sbin/init"))));
            out.add(state.observe(exit(ts + 300, source, 143, "SIGTERM", "/sbin/init")));
            out.add(state.observe(reset(ts + 2 * SECOND, source)));
            out.add(state.observe(reset(ts + 2 * SECOND + 5, source)));
            out.add(state.observe(new Event(ts + 3 * SECOND, source, Event.PROCESS_START, Map.of("exe", "/usr/bin/java"))));
        }

        assertThat(out).noneMatch(Assessment::isAnomalous);
        assertThat(out.get(4).evidence()).containsEntry("restarts", 1L);
    }

    @Test
    void shouldForgetRestartsOlderThanTheWindow() {
        AnalysisState state = analysis.newState();
        kill(T0, "h").forEach(state::observe);
        kill(T0 + 5 * MINUTE, "h").forEach(state::observe);

        Assessment later = state.observe(exit(T0 + 12 * MINUTE, "h", 137, "SIGKILL", null));

        assertThat(later.condition()).isEqualTo(Condition.NORMAL);
        assertThat(later.evidence()).containsEntry("restarts", 2L);
    }

    @Test
    void shouldNotCountSignalsFromIgnoredSenders() {
        EventCountAnalysis tolerant = EventCountAnalysis.create(MapParameters.of(Map.of("ignore_senders", List.of("chaos-agent"))));
        AnalysisState state = tolerant.newState();
        List<Assessment> out = new ArrayList<>();

        for (int i = 0; i < 5; i++) {
            out.add(state.observe(exit(T0 + i * MINUTE, "h", 137, "SIGKILL", "/usr/local/bin/chaos-agent")));
        }

        assertThat(out).noneMatch(Assessment::isAnomalous);
    }

    @Test
    void shouldDropEventsOlderThanTheLateness() {
        AnalysisState state = analysis.newState();
        state.observe(exit(T0 + 10 * MINUTE, "h", 137, "SIGKILL", null));

        assertThat(state.observe(exit(T0, "h", 137, "SIGKILL", null)).condition()).isEqualTo(Condition.LATE);
        assertThat(state.observe(exit(T0 + 9 * MINUTE, "h", 137, "SIGKILL", null)).evidence()).containsEntry("restarts", 2L);
    }

    @Test
    void shouldRoundTripItsStateAndStayBounded() {
        AnalysisState state = analysis.newState();
        for (int i = 0; i < 2_000; i++) {
            state.observe(exit(T0 + i * 20 * SECOND, "h", 137, "SIGKILL-" + "x".repeat(i % 500), "/bin/" + "y".repeat(i % 500)));
        }
        AnalysisState copy = StateBytes.roundTrip(analysis, state);

        Event next = exit(T0 + 2_000 * 20 * SECOND, "h", 137, "SIGKILL", null);
        assertThat(copy.observe(next)).isEqualTo(state.observe(next));
        assertThat(StateBytes.write(state).length).isLessThanOrEqualTo(400);
    }

    @Test
    void shouldReportParametersOutOfRange() {
        MapParameters p = MapParameters.of(Map.of("window", "0s", "min_count", 0, "dedupe", "1h"));

        EventCountAnalysis.create(p);

        // The bad window is quoted, and the default (10m) takes its place: the dedupe check then compares with 10m.
        assertThat(p.problems()).hasSize(3).contains("window: must be between '1s' and '7d', got '0ms'")
            .anySatisfy(m -> assertThat(m).startsWith("min_count:"))
            .contains("dedupe: must be shorter than the window '10m', got '1h'");
        assertThat(p.unread()).isEmpty();
    }

    private static EventCountAnalysis analysis(Map<String, ?> params) {
        MapParameters p = MapParameters.of(params);
        EventCountAnalysis a = EventCountAnalysis.create(p);
        assertThat(p.problems()).isEmpty();
        return a;
    }

    @Test
    void shouldChangeTheStateLayoutWithTheWindowOnly() {
        String layout = analysis.stateLayout();
        assertThat(layout).isNotEmpty();
        assertThat(analysis(Map.of("window", "20m")).stateLayout()).isNotEqualTo(layout);

        EventCountAnalysis tuned = analysis(Map.of("min_count", 5, "dedupe", "30s", "ignore_senders", List.of("/sbin/init"),
            "lateness", "5m"));
        assertThat(tuned.stateLayout()).isEqualTo(layout);
        AnalysisState state = analysis.newState();
        for (int i = 0; i < 4; i++) {
            state.observe(exit(T0 + i * MINUTE, "h", 137, "SIGKILL", null));
        }
        AnalysisState copy = StateBytes.roundTrip(tuned, state);
        assertThat(StateBytes.write(copy)).as("the history survives tuning").isEqualTo(StateBytes.write(state));
    }
    @Test
    void shouldDateACrashLoopToItsFirstCountedRestartToATenthOfTheWindow() {
        AnalysisState state = analysis.newState();
        state.observe(exit(T0 - 30 * MINUTE, "host-1", 137, "SIGKILL", null)); // long before: outside the window
        Assessment last = null;
        for (int i = 0; i < 3; i++) {
            for (Event e : kill(T0 + 2 * MINUTE + 30 * SECOND + i * 3 * MINUTE, "host-1")) {
                last = state.observe(e);
            }
        }
        assertThat(last.isAnomalous()).isTrue();
        assertThat(last.onset()).as("the start of the first kill's minute").isEqualTo(T0 + 2 * MINUTE);
        assertThat(state.advance(T0 + 9 * MINUTE).onset()).isEqualTo(T0 + 2 * MINUTE);
    }

    @Test
    void shouldGiveNoOnsetBelowTheCount() {
        AnalysisState state = analysis.newState();
        Assessment last = null;
        for (Event e : kill(T0, "host-1")) {
            last = state.observe(e);
        }
        assertThat(last.isAnomalous()).isFalse();
        assertThat(last.onset()).isEqualTo(Assessment.NO_ONSET);
    }
}
