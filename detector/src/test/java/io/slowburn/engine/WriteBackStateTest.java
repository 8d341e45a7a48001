package io.slowburn.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The per-sample bookkeeping stays in memory between commits; the state behind sees it at a flush, or on eviction. */
class WriteBackStateTest {

    private final MemoryState behind = new MemoryState();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldWriteChangesBehindOnlyAtAFlush() {
        WriteBackState state = new WriteBackState(behind, 10);
        behind.put("gone", b("x"));
        state.put("a", b("1"));
        state.delete("gone");

        assertThat(state.get("a")).isEqualTo(b("1"));
        assertThat(state.get("gone")).isNull();
        assertThat(behind.get("a")).as("not before a flush").isNull();
        assertThat(behind.get("gone")).isNotNull();

        state.flush();
        assertThat(behind.get("a")).isEqualTo(b("1"));
        assertThat(behind.get("gone")).isNull();
    }

    @Test
    void shouldWriteTheLeastRecentlyUsedKeyThroughWhenFull() {
        WriteBackState state = new WriteBackState(behind, 2);
        state.put("a", b("1"));
        state.put("b", b("2"));
        state.get("a");
        state.put("c", b("3")); // b is the least recently used: written through and dropped

        assertThat(behind.get("b")).isEqualTo(b("2"));
        assertThat(behind.get("a")).isNull();
        assertThat(state.get("b")).as("read back from behind").isEqualTo(b("2"));
    }

    @Test
    void shouldScanWhatWasWrittenSinceTheLastFlush() {
        WriteBackState state = new WriteBackState(behind, 10);
        behind.put("s|old", b("0"));
        state.put("s|new", b("1"));
        state.delete("s|old");

        assertThat(state.prefix("s|")).extracting(e -> e.getKey()).containsExactly("s|new");
    }

    @Test
    void shouldWriteEachChangedKeyOnceAFlushAndTheNewestValueOfAKeyWrittenThroughBefore() {
        RecordingState recording = new RecordingState();
        WriteBackState state = new WriteBackState(recording, 2);
        state.put("a", b("1"));
        state.put("a", b("2"));
        state.get("untouched");
        state.flush();
        assertThat(recording.writes).as("a changed twice, written once; a key only read, never").containsExactly("a");

        recording.writes.clear();
        state.put("b", b("1"));
        state.put("c", b("1"));
        state.put("d", b("1")); // makes room: b, the least recently used, is written through now
        state.put("b", b("2")); // back in memory, changed again: c is written through
        state.flush();
        assertThat(recording.writes).containsExactly("b", "c", "d", "b");
        assertThat(recording.get("b")).isEqualTo(b("2"));

        recording.writes.clear();
        state.flush();
        assertThat(recording.writes).as("nothing changed since").isEmpty();
        state.delete("d");
        state.flush();
        assertThat(recording.writes).containsExactly("d");
        assertThat(recording.get("d")).isNull();
    }
}
