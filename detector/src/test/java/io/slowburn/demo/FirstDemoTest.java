package io.slowburn.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
class FirstDemoTest {

    @Test
    void shouldPrintAlertsThatWentThroughTheRealBroker() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        var alerts = FirstDemo.run(new PrintStream(buffer, true, StandardCharsets.UTF_8), Duration.ofSeconds(60));

        assertThat(alerts).isNotEmpty().allSatisfy(a -> assertThat(a).contains("\"source\":\"host-17\""));
        assertThat(buffer.toString(StandardCharsets.UTF_8)).contains("Broker up on 127.0.0.1:", "alert {");
    }
}
