package io.slowburn.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The gate's buffer written in batches must hold, after any restart on what was flushed, exactly what the gate held
 * at that flush, whatever the order of holds, releases and flushes; release what a buffer in memory releases; cost a
 * few store writes per flush, not one per record; and read what earlier versions stored.
 */
class GateBufferStateTest {

    private static HeldKey key(long ts, int n) {
        return new HeldKey(ts, "host-" + n, n * 0x9E3779B97F4A7C15L);
    }

    private static Map<String, String> contents(GateBufferState state) {
        Map<String, String> out = new TreeMap<>();
        state.entries().forEach(e -> out.put(e.getKey().text(), new String(e.getValue(), StandardCharsets.UTF_8)));
        return out;
    }

    private static List<String> texts(List<EventTimeGate.Held> released) {
        List<String> out = new ArrayList<>();
        released.forEach(h -> out.add(h.ts() + "=" + new String(h.value(), StandardCharsets.UTF_8)));
        return out;
    }

    /** A model of what a restarted buffer holds: its records, in memory. */
    private static HeldBuffer copyOf(GateBufferState state) {
        HeldBuffer copy = HeldBuffer.inMemory();
        state.entries().forEach(e -> copy.hold(e.getKey(), e.getValue()));
        return copy;
    }

    @Test
    void shouldHoldAfterEveryRestartExactlyWhatWasHeldAtTheLastFlushAndReleaseAsAMemoryBufferDoes() {
        randomWalk(new Random(7), GateBufferState.COMPACT_SLACK);
    }

    /** The same, dropping what was released from the records held since the last flush at every release. */
    @Test
    void shouldHoldTheSameWhenItCompactsWhatItWillWriteAtEveryRelease() {
        randomWalk(new Random(8), -1_000_000); // below any count: at every release
    }

    private static void randomWalk(Random random, int compactSlack) {
        for (int round = 0; round < 200; round++) {
            RecordingState store = new RecordingState();
            GateBufferState buffer = new GateBufferState(store, compactSlack);
            HeldBuffer model = HeldBuffer.inMemory();
            Map<String, String> atFlush = new TreeMap<>();
            long low = 1_000;
            for (int step = 0; step < 400; step++) {
                int op = random.nextInt(20);
                if (op < 12) {
                    // Mostly ahead of the watermark; now and then behind it, as after a restart the watermark can be.
                    long ts = random.nextInt(10) == 0 ? low - random.nextInt(50) : low + 1 + random.nextInt(100);
                    HeldKey k = key(ts, random.nextInt(5));
                    byte[] v = ("v" + step).getBytes(StandardCharsets.UTF_8);
                    buffer.hold(k, v);
                    model.hold(k, v);
                } else if (op < 16) {
                    low += random.nextInt(40);
                    assertThat(texts(buffer.releaseThrough(low))).isEqualTo(texts(model.releaseThrough(low)));
                } else if (op < 19) {
                    buffer.flush();
                    atFlush = contents(buffer);
                } else {
                    buffer = new GateBufferState(store, compactSlack); // a restart on what was committed: the last flush
                    assertThat(contents(buffer)).isEqualTo(atFlush);
                    model = copyOf(buffer);
                    low -= random.nextInt(30); // the watermark may start behind where it had come
                }
                assertThat(buffer.size()).isEqualTo(model.size());
            }
        }
    }

    @Test
    void shouldKeepNoMoreForTheNextFlushThanAboutWhatItHoldsHoweverLongSinceTheLast() {
        RecordingState store = new RecordingState();
        GateBufferState buffer = new GateBufferState(store);
        HeldBuffer model = HeldBuffer.inMemory();
        int most = 0;
        for (int i = 0; i < 200_000; i++) {
            byte[] v = ("v" + i).getBytes(StandardCharsets.UTF_8);
            buffer.hold(key(1_000 + i, i % 7), v);
            model.hold(key(1_000 + i, i % 7), v);
            if (i % 100 == 99) {
                assertThat(buffer.releaseThrough(1_000 + i - 50)).hasSize(model.releaseThrough(1_000 + i - 50).size());
            }
            most = Math.max(most, buffer.unwritten());
        }
        // About 50 held at any time: without dropping the released, all 200,000 values would wait for the flush.
        assertThat(most).isLessThanOrEqualTo(2 * 150 + GateBufferState.COMPACT_SLACK + 1);
        buffer.flush();
        assertThat(contents(new GateBufferState(store))).isEqualTo(contents(buffer)).hasSize((int) model.size());
    }

    @Test
    void shouldKeepAndWriteOneValueOfARecordHeldOverAndOverBetweenTwoFlushes() {
        // One record written to the topic again and again: its key is held again at every copy.
        RecordingState store = new RecordingState();
        GateBufferState buffer = new GateBufferState(store);
        int most = 0;
        for (int i = 0; i < 100_000; i++) {
            buffer.hold(key(5_000, 3), ("copy" + i).getBytes(StandardCharsets.UTF_8));
            most = Math.max(most, buffer.unwritten());
        }
        assertThat(most).isLessThanOrEqualTo(2 + GateBufferState.COMPACT_SLACK + 1);
        store.writes.clear();
        buffer.flush();
        assertThat(store.writes).hasSize(1);
        assertThat(GateBufferState.decode(store.get(store.writes.get(0)))).hasSize(1);
        assertThat(contents(new GateBufferState(store))).containsExactly(Map.entry(key(5_000, 3).text(), "copy99999"));
    }

    @Test
    void shouldWriteAFewRecordsPerFlushWhateverItHeldAndReleased() {
        RecordingState store = new RecordingState();
        GateBufferState buffer = new GateBufferState(store);
        long low = 0;
        int maxWrites = 0;
        for (int commit = 0; commit < 50; commit++) {
            for (int i = 0; i < 2_000; i++) {
                buffer.hold(key(low + 1 + i % 600, i), new byte[60]);
            }
            low += 300;
            buffer.releaseThrough(low);
            store.writes.clear();
            buffer.flush();
            maxWrites = Math.max(maxWrites, store.writes.size());
        }
        // One batch (2,000 records of about 100 bytes), the release mark and the batch before it released: not the
        // 2,000 puts and 2,000 deletes that writing record by record costs.
        assertThat(maxWrites).isLessThanOrEqualTo(4);
        assertThat(store.approximateSize()).isLessThanOrEqualTo(4);
    }

    @Test
    void shouldReadAndReleaseABufferWrittenRecordByRecord() {
        // The layout before batches: one store record per held record, under its own text key.
        RecordingState store = new RecordingState();
        for (int i = 0; i < 10; i++) {
            store.put(key(100 + i, i).text(), ("old" + i).getBytes(StandardCharsets.UTF_8));
        }
        GateBufferState buffer = new GateBufferState(store);
        assertThat(buffer.size()).isEqualTo(10);
        buffer.hold(key(120, 1), "new".getBytes(StandardCharsets.UTF_8));
        assertThat(buffer.releaseThrough(104)).hasSize(5);
        buffer.flush();

        GateBufferState restarted = new GateBufferState(store);
        List<String> held = new ArrayList<>(contents(restarted).keySet());
        assertThat(held).hasSize(6).first().asString().startsWith(EventTimeGate.padded(105));
        assertThat(contents(restarted)).containsValue("new");
        restarted.releaseThrough(200);
        restarted.flush();
        assertThat(new GateBufferState(store).size()).isZero();
        assertThat(store.all()).extracting(Map.Entry::getKey).containsExactly(GateBufferState.RELEASED);
    }

    @Test
    void shouldReadAndReleaseABatchOfTextKeysAsEarlierVersionsWroteIt() throws IOException {
        RecordingState store = new RecordingState();
        List<HeldKey> keys = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            keys.add(key(100 + i, i));
        }
        store.put(GateBufferState.BATCH_PREFIX + EventTimeGate.padded(3), textBatch(keys));
        store.put(GateBufferState.RELEASED, key(101, 1).text().getBytes(StandardCharsets.UTF_8));

        GateBufferState buffer = new GateBufferState(store);
        assertThat(contents(buffer).keySet()).containsExactlyElementsOf(keys.subList(2, 10).stream().map(HeldKey::text).toList());
        buffer.hold(key(200, 1), "new".getBytes(StandardCharsets.UTF_8));
        assertThat(texts(buffer.releaseThrough(104))).containsExactly("102=v2", "103=v3", "104=v4");
        buffer.flush();

        GateBufferState restarted = new GateBufferState(store);
        assertThat(contents(restarted)).hasSize(6).containsValue("new");
        assertThat(texts(restarted.releaseThrough(300))).hasSize(6).startsWith("105=v5").endsWith("200=new");
        restarted.flush();
        // The old batch went with the release of its last record; the new batch numbered after it.
        assertThat(store.all()).extracting(Map.Entry::getKey).containsExactly(GateBufferState.RELEASED);
    }

    @Test
    void shouldRefuseACorruptBatchWithAClearError() {
        RecordingState store = new RecordingState();
        store.put(GateBufferState.BATCH_PREFIX + EventTimeGate.padded(0), new byte[] {0, 0, 0, 1, 0, 0});
        assertThatThrownBy(() -> new GateBufferState(store)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("corrupt batch in the gate's buffer store");
    }

    /** A batch as versions before binary keys wrote it: the count, then each record's text key and value. */
    private static byte[] textBatch(List<HeldKey> keys) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(keys.size());
            for (int i = 0; i < keys.size(); i++) {
                byte[] key = keys.get(i).text().getBytes(StandardCharsets.UTF_8);
                out.writeInt(key.length);
                out.write(key);
                byte[] value = ("v" + i).getBytes(StandardCharsets.UTF_8);
                out.writeInt(value.length);
                out.write(value);
            }
        }
        return bytes.toByteArray();
    }
}
