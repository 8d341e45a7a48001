package io.slowburn.detector.topology;

import static io.slowburn.detector.topology.Harness.MIN;
import static io.slowburn.detector.topology.Harness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.DetectorMetrics;
import io.slowburn.engine.InternalCodec;
import io.slowburn.engine.Routed;
import io.slowburn.engine.RuleBook;
import io.slowburn.engine.Watermarks;
import io.slowburn.model.Event;
import io.slowburn.model.RecordCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The source stage restarted on its committed state (as after a crash, a rebalance or a task revival) must go on as if
 * it had never stopped: the same watermark, the same grid of ticks, the same transitions at the same event times.
 */
class SourceStageRestartTest {

    private final RecordCodec records = new RecordCodec();
    private final RuleBook rules = new RuleBook(Harness.rules(DetectorTopologyTest.CRASH_LOOP));
    private final DetectorConfig config = DetectorConfig.of(Map.of("state.store.type", "memory"));

    @Test
    void shouldResolveACrashLoopAtTheSameTickWhetherOrNotItRestartedInTheSilence() {
        // The loop stops at minute 3 and resolves on a tick some 25 minutes later. The intake's progress reaches
        // minute 10, then jumps to minute 60 (live, the watermark moves in such jumps): every tick in between is due.
        List<String> uninterrupted = new ArrayList<>();
        Stage one = new Stage(stores());
        feedKills(one);
        heartbeats(one, 5, 10);
        one.heartbeat(T0 + 60 * MIN);
        uninterrupted.addAll(one.findings());

        List<String> restarted = new ArrayList<>();
        StageStores state = stores();
        Stage before = new Stage(state);
        feedKills(before);
        heartbeats(before, 5, 10);
        restarted.addAll(before.findings());
        state.commit();
        Stage after = new Stage(state); // a new processor instance on the same (committed) stores
        after.heartbeat(T0 + 60 * MIN);
        restarted.addAll(after.findings());

        assertThat(uninterrupted).hasSize(2);
        assertThat(uninterrupted.get(1)).contains("\"status\":\"resolved\"");
        assertThat(restarted).as("firing and resolved, at the same event times").isEqualTo(uninterrupted);
    }

    @Test
    void shouldKeepItsWatermarkBookkeepingThroughAnIdleStateSweep() {
        // Well past state.sweep.interval.ms (1 h) and the crash loop's state TTL, the watermark and the tick schedule
        // are not rule state and must survive every sweep: a second crash loop, 200 minutes on, on a stage restarted
        // on the swept state, fires and resolves at the same offsets as the first.
        StageStores state = stores();
        Stage stage = new Stage(state);
        feedKills(stage, 0);
        heartbeats(stage, 5, 60);
        List<Long> first = times(stage.findings());
        heartbeats(stage, 61, 200);
        assertThat(stage.findings()).as("nothing more in the silence").isEmpty();
        state.commit();
        Stage after = new Stage(state);
        feedKills(after, 200);
        heartbeats(after, 205, 260);
        List<String> second = after.findings();

        assertThat(first).hasSize(2);
        assertThat(second).hasSize(2);
        assertThat(second.get(1)).contains("\"status\":\"resolved\"");
        assertThat(times(second)).as("fired and resolved 200 minutes later than the first, to the millisecond")
                .containsExactly(first.get(0) + 200 * MIN, first.get(1) + 200 * MIN);
    }

    private static List<Long> times(List<String> findings) {
        return findings.stream().map(f -> Long.parseLong(f.substring(0, f.indexOf(' ')))).toList();
    }

    private void feedKills(Stage stage) {
        feedKills(stage, 0);
    }

    private void feedKills(Stage stage, int fromMinute) {
        for (int m = fromMinute; m < fromMinute + 4; m++) {
            stage.kill(T0 + m * MIN + 1_000);
        }
        heartbeats(stage, fromMinute, fromMinute + 4);
    }

    private static void heartbeats(Stage stage, int fromMinute, int toMinute) {
        for (int m = fromMinute; m <= toMinute; m++) {
            stage.heartbeat(T0 + m * MIN + 5_000);
        }
    }

    /** The stage's two stores, kept across processor instances as a restore from the changelog would. */
    private record StageStores(KeyValueStore<String, byte[]> state, KeyValueStore<String, byte[]> buffer) {
        /** What Kafka Streams does to the stores before it commits: the rule states kept as objects are written. */
        void commit() {
            ((PreCommitStore) state).flushCache();
            ((PreCommitStore) buffer).flushCache();
        }
    }

    private static StageStores stores() {
        return new StageStores(PreCommitStore.around(builder(StoreNames.SOURCE_STATE)).build(),
                PreCommitStore.around(builder(StoreNames.SOURCE_BUFFER)).build());
    }

    private static StoreBuilder<KeyValueStore<String, byte[]>> builder(String name) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled();
    }

    /** One incarnation of the source-stage processor on the given stores. */
    private final class Stage {
        private final MockProcessorContext<String, Routed> context = new MockProcessorContext<>();
        private final SourceStageProcessor processor;

        Stage(StageStores stores) {
            context.setCurrentSystemTimeMs(1_000L); // wall-clock time stands still, as in a backtest
            for (KeyValueStore<String, byte[]> s : List.of(stores.state(), stores.buffer())) {
                if (!s.isOpen()) {
                    s.init(context.getStateStoreContext(), s);
                }
                context.addStateStore(s);
            }
            processor = new SourceStageProcessor(rules, new InternalCodec(records), DetectorMetrics.detached(), config, () -> 1);
            processor.init(context);
        }

        void kill(long ts) {
            var n = records.toJson(new Event(ts, "host-4", Event.PROCESS_EXIT,
                    Map.of("pid", 42, "exe", "/usr/bin/java", "signal", "SIGKILL", "exit_code", 137)));
            n.put("stream", "event");
            processor.process(new Record<>("host-4", records.bytes(n), ts));
        }

        void heartbeat(long ts) {
            processor.process(new Record<>(Watermarks.KEY_PREFIX + "intake-1_0", Watermarks.heartbeat("intake-1_0", ts), ts));
        }

        /** The finding transitions forwarded so far (not the stage's own heartbeats), as text. */
        List<String> findings() {
            List<String> out = new ArrayList<>();
            for (var f : context.forwarded()) {
                if (!Watermarks.isHeartbeat(f.record().key())) {
                    out.add(f.record().timestamp() + " " + new String(f.record().value().value(), StandardCharsets.UTF_8));
                }
            }
            context.resetForwards();
            return out;
        }
    }
}
