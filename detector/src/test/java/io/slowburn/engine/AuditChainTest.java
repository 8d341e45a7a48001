package io.slowburn.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.slowburn.model.RecordCodec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The chain's head is kept in the writer's state, so a restarted stage (same state) continues the chain. */
class AuditChainTest {

    private final RecordCodec codec = new RecordCodec();

    @Test
    void linksEachRecordToTheHashOfThePreviousOneAcrossARestart() throws Exception {
        MemoryState state = new MemoryState();
        byte[] first = new AuditChain(state, "verdict", codec).link(bytes("{\"type\":\"verdict\",\"ts\":1}"));
        byte[] second = new AuditChain(state, "verdict", codec).link(bytes("{\"type\":\"abort\",\"ts\":2}"));
        JsonNode a = codec.mapper().readTree(first);
        JsonNode b = codec.mapper().readTree(second);
        assertThat(new String(first, StandardCharsets.UTF_8)).startsWith("{\"type\":\"verdict\",\"ts\":1,\"writer\":\"verdict\"");
        assertThat(a.get("seq").asLong()).isZero();
        assertThat(a.get("prev").asText()).isEmpty();
        assertThat(b.get("seq").asLong()).isEqualTo(1);
        assertThat(b.get("prev").asText()).isEqualTo(AuditChain.sha256(first)).hasSize(64);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
