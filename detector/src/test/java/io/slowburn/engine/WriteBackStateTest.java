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
}
