package io.slowburn.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.DetectorMetrics;
import io.slowburn.detector.service.StageSettings;
import io.slowburn.model.RecordCodec;
import io.slowburn.rules.AnalysisRegistry;
import io.slowburn.rules.RuleLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The source stage's own bookkeeping (each intake task's progress, the schedule of ticks and sweeps) changes at nearly
 * every heartbeat: it reaches the store at a flush (live: before every commit), not at every heartbeat, and a stage
 * started on the flushed store goes on from the same watermark and schedule.
 */
class SourceStageBookkeepingTest {

    private static final long T0 = 1_772_409_600_000L;
    private static final long MIN = 60_000L;
    private static final String RULES = """
            rules:
              - name: restarts
                signal: crash_loop
                severity: critical
                select: {events: [counter.reset]}
                analysis: {type: event_count, window: 30m, min_count: 3}
            """;

    /** The store behind, recording the writes that reach it. */
    private final RecordingState state = new RecordingState();
    private final List<String> writes = state.writes;
    private final List<String> heartbeatsOut = new ArrayList<>();

    private SourceStage stage() {
        DetectorConfig config = DetectorConfig.of(Map.of());
        RuleBook rules = new RuleBook(new RuleLoader(AnalysisRegistry.defaults()).loadString("test.yaml", RULES).orThrow());
        return new SourceStage(rules, new InternalCodec(new RecordCodec()), DetectorMetrics.detached(),
                StageSettings.sourceStage(config, 2, 16), state, HeldBuffer.inMemory(), "source-0_0", 0L,
                (key, route, value, ts) -> heartbeatsOut.add(key + "@" + ts));
    }

    private static void heartbeat(SourceStage stage, String task, long at) {
        stage.process(Watermarks.KEY_PREFIX + task, Watermarks.heartbeat(task, at), at, 0L);
    }

    @Test
    void progressReachesTheStoreAtAFlushAndAStageOnItGoesOnFromThere() {
        SourceStage one = stage();
        for (int m = 1; m <= 30; m++) {
            heartbeat(one, "0_0", T0 + m * MIN);
            heartbeat(one, "0_1", T0 + m * MIN - 1);
        }
        assertThat(heartbeatsOut).hasSize(30); // the watermark moved at every pair
        assertThat(writes).noneMatch(k -> k.startsWith("~"));

        one.flush();
        assertThat(writes).containsExactlyInAnyOrder("~wm|0_0", "~wm|0_1", "~schedule");
        one.flush();
        assertThat(writes).hasSize(3); // nothing changed since

        // A stage on the flushed store has the same watermark: a heartbeat of one task behind it does not move it.
        heartbeatsOut.clear();
        SourceStage two = stage();
        heartbeat(two, "0_1", T0 + 20 * MIN);
        assertThat(heartbeatsOut).isEmpty();
        heartbeat(two, "0_1", T0 + 31 * MIN);
        assertThat(heartbeatsOut).containsExactly(Watermarks.KEY_PREFIX + "source-0_0@" + (T0 + 30 * MIN));
    }
}
