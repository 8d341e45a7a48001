package io.slowburn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The bench publishes the simulator's lines as the ingest adapters publish records: without the stream field. */
class AsPublishedTest {

    private static String published(String line) {
        return new String(Bench.asPublished(line.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    @Test
    void shouldDropTheStreamFieldTheSimulatorWritesFirst() {
        assertThat(published("{\"stream\":\"metric\",\"ts\":1772409600000,\"source\":\"web-1\",\"value\":1.5}"))
                .isEqualTo("{\"ts\":1772409600000,\"source\":\"web-1\",\"value\":1.5}");
        assertThat(published("{\"stream\":\"event\",\"ts\":1772409602768,\"source\":\"web-4\",\"event\":\"exec\"}"))
                .isEqualTo("{\"ts\":1772409602768,\"source\":\"web-4\",\"event\":\"exec\"}");
    }

    @Test
    void shouldLeaveEveryOtherLineAsItIs() {
        for (String line : new String[] {"{\"ts\":1,\"stream\":\"metric\"}", "{\"stream\":\"metric\"}", "{\"stream\":\"x", "[]", ""}) {
            assertThat(published(line)).isEqualTo(line);
        }
    }
}
