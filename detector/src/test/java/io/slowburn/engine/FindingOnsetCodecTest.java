package io.slowburn.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.model.AlertStatus;
import io.slowburn.model.Containment;
import io.slowburn.model.Finding;
import io.slowburn.model.RecordCodec;
import io.slowburn.model.Severity;
import io.slowburn.model.Signal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A finding's onset on the internal topics: carried when earlier than since, and absent from older records. */
class FindingOnsetCodecTest {

    private static final long T0 = 1_772_409_600_000L;
    private final InternalCodec codec = new InternalCodec(new RecordCodec());

    private static Finding finding(long since, long onset) {
        return new Finding("host-memory-drift", Signal.MEMORY_DRIFT, Severity.CRITICAL, "api-1", Map.of(), "api-1|os.memory.used|",
                since, since + 60_000, Map.of("level", 1.0), List.of(Containment.CAPTURE_FORENSICS), "rising", onset);
    }

    @Test
    void shouldCarryAnEarlierOnsetThroughTheInternalTopic() {
        byte[] bytes = codec.write(new FindingTransition("a-1", AlertStatus.FIRING, false, finding(T0, T0 - 7_200_000)));

        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"onset\":" + (T0 - 7_200_000));
        assertThat(codec.readTransition(bytes).finding().onset()).isEqualTo(T0 - 7_200_000);
    }

    @Test
    void shouldWriteNoOnsetWhenItIsSinceAndReadAnOlderRecordAsSince() {
        byte[] bytes = codec.write(new FindingTransition("a-1", AlertStatus.FIRING, false, finding(T0, T0)));

        assertThat(new String(bytes, StandardCharsets.UTF_8)).doesNotContain("onset");
        assertThat(codec.readTransition(bytes).finding().onset()).isEqualTo(T0);
    }
}
