package io.slowburn.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code slowburn demo} end to end: embedded broker, detector, simulator; the four stories arrive through Kafka. */
@Tag("integration")
class DemoTest {

    @Test
    void shouldShowAllFourStoriesThroughTheRealBrokerAndExitZero() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int exit = new Demo(new PrintStream(buffer, true, StandardCharsets.UTF_8), false, Duration.ofSeconds(120)).run();

        String out = buffer.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(out).isZero();
        assertThat(out).contains("FIRING   CRITICAL suspicious memory_drift", "sanctioned crash_loop", "breach",
                "ABORT    experiment exp-latency-web-4", "suspicious unexpected_exec", "/tmp/.x/kworkerd",
                "all four stories shown.").doesNotContain("MISSING");
    }
}
