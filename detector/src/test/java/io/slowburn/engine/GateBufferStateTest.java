package io.slowburn.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The gate's buffer written in batches must hold, after any restart on what was flushed, exactly what the gate held
 * at that flush, whatever the order of holds, releases and flushes; and a flush must cost a few store writes, not one
 * per entry.
 */
class GateBufferStateTest {

    private static String key(long ts, int n) {
        return EventTimeGate.padded(ts) + "|host-" + n + "|" + Integer.toHexString(n * 7919);
    }

    private static Map<String, String> contents(KeyValueState state) {
        Map<String, String> out = new TreeMap<>();
        state.all().forEach(e -> out.put(e.getKey(), new String(e.getValue(), StandardCharsets.UTF_8)));
        return out;
    }

    /**
     * Holds one random entry in every state: mostly ahead of the watermark; now and then behind it, as after a restart
     * the watermark can be.
     */
    private static void holdRandom(Random random, long low, int step, KeyValueState... states) {
        long ts = random.nextInt(10) == 0 ? low - random.nextInt(50) : low + 1 + random.nextInt(100);
        String k = key(ts, random.nextInt(5));
        byte[] v = ("v" + step).getBytes(StandardCharsets.UTF_8);
        for (KeyValueState state : states) {
            state.put(k, v);
        }
    }

    /** A model of what a restarted buffer holds: its entries, in memory. */
    private static MemoryState copyOf(KeyValueState state) {
        MemoryState copy = new MemoryState();
        for (Map.Entry<String, byte[]> e : state.all()) {
            copy.put(e.getKey(), e.getValue());
        }
        return copy;
    }

    private static List<String> texts(List<Map.Entry<String, byte[]>> entries) {
        List<String> out = new ArrayList<>();
        entries.forEach(e -> out.add(e.getKey() + "=" + new String(e.getValue(), StandardCharsets.UTF_8)));
        return out;
    }

    /** As the gate releases: everything up to the watermark's bound, in key order. */
    private static void release(KeyValueState state, long low) {
        for (Map.Entry<String, byte[]> e : state.upTo(EventTimeGate.padded(low) + "~")) {
            state.delete(e.getKey());
        }
    }

    @Test
    void shouldHoldAfterEveryRestartExactlyWhatWasHeldAtTheLastFlush() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            RecordingState store = new RecordingState();
            GateBufferState buffer = new GateBufferState(store);
            MemoryState model = new MemoryState();
            Map<String, String> atFlush = new TreeMap<>();
            long low = 1_000;
            for (int step = 0; step < 400; step++) {
                int op = random.nextInt(20);
                if (op < 12) {
                    holdRandom(random, low, step, buffer, model);
                } else if (op < 16) {
                    low += random.nextInt(40);
                    release(buffer, low);
                    release(model, low);
                } else if (op < 19) {
                    buffer.flush();
                    atFlush = contents(model);
                } else {
                    buffer = new GateBufferState(store); // a restart on what was committed: the last flush
                    assertThat(contents(buffer)).isEqualTo(atFlush);
                    model = copyOf(buffer);
                    low -= random.nextInt(30); // the watermark may start behind where it had come
                }
                assertThat(contents(buffer)).isEqualTo(contents(model));
            }
        }
    }

    /** {@link GateBufferState#removeUpTo} (the gate's release) is upTo and a delete of each, in what it returns and writes. */
    @Test
    void shouldReleaseInOneWalkExactlyAsEntryByEntry() {
        Random random = new Random(11);
        for (int round = 0; round < 200; round++) {
            RecordingState walkedStore = new RecordingState();
            RecordingState oneByOneStore = new RecordingState();
            GateBufferState walked = new GateBufferState(walkedStore);
            GateBufferState oneByOne = new GateBufferState(oneByOneStore);
            MemoryState model = new MemoryState();
            long low = 1_000;
            for (int step = 0; step < 400; step++) {
                int op = random.nextInt(20);
                if (op < 12) {
                    holdRandom(random, low, step, walked, oneByOne, model);
                } else if (op < 16) {
                    low += random.nextInt(40);
                    String to = EventTimeGate.padded(low) + "~";
                    List<Map.Entry<String, byte[]>> expected = oneByOne.upTo(to);
                    for (Map.Entry<String, byte[]> e : expected) {
                        oneByOne.delete(e.getKey());
                    }
                    assertThat(texts(walked.removeUpTo(to))).isEqualTo(texts(expected)).isEqualTo(texts(model.removeUpTo(to)));
                } else if (op < 19) {
                    walked.flush();
                    oneByOne.flush();
                    assertThat(walkedStore.writes).isEqualTo(oneByOneStore.writes);
                } else {
                    walked = new GateBufferState(walkedStore);
                    oneByOne = new GateBufferState(oneByOneStore);
                    model = copyOf(walked);
                    low -= random.nextInt(30);
                }
                assertThat(contents(walked)).isEqualTo(contents(oneByOne)).isEqualTo(contents(model));
                assertThat(contents(walkedStore)).isEqualTo(contents(oneByOneStore));
            }
        }
    }

    @Test
    void shouldWriteAFewRecordsPerFlushWhateverItHeldAndReleased() {
        RecordingState store = new RecordingState();
        GateBufferState buffer = new GateBufferState(store);
        long low = 0;
        int maxWrites = 0;
        for (int commit = 0; commit < 50; commit++) {
            for (int i = 0; i < 2_000; i++) {
                buffer.put(key(low + 1 + i % 600, i), new byte[60]);
            }
            low += 300;
            release(buffer, low);
            store.writes.clear();
            buffer.flush();
            maxWrites = Math.max(maxWrites, store.writes.size());
        }
        // One batch (2,000 entries of about 100 bytes), the release mark and the batch before it released: not the
        // 2,000 puts and 2,000 deletes that writing entry by entry costs.
        assertThat(maxWrites).isLessThanOrEqualTo(4);
        assertThat(store.approximateSize()).isLessThanOrEqualTo(4);
    }

    @Test
    void shouldReadAndReleaseABufferWrittenEntryByEntry() {
        // The layout before batches: one store record per held entry, under its own key.
        RecordingState store = new RecordingState();
        for (int i = 0; i < 10; i++) {
            store.put(key(100 + i, i), ("old" + i).getBytes(StandardCharsets.UTF_8));
        }
        GateBufferState buffer = new GateBufferState(store);
        assertThat(buffer.approximateSize()).isEqualTo(10);
        buffer.put(key(120, 1), "new".getBytes(StandardCharsets.UTF_8));
        release(buffer, 104);
        buffer.flush();

        GateBufferState restarted = new GateBufferState(store);
        List<String> held = new ArrayList<>(contents(restarted).keySet());
        assertThat(held).hasSize(6).first().asString().startsWith(EventTimeGate.padded(105));
        assertThat(contents(restarted)).containsValue("new");
        release(restarted, 200);
        restarted.flush();
        assertThat(new GateBufferState(store).approximateSize()).isZero();
        assertThat(store.all()).extracting(Map.Entry::getKey).containsExactly(GateBufferState.RELEASED);
    }
}
