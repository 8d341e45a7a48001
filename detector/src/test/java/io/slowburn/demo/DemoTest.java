package io.slowburn.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.logging.ShippedLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slowburn demo} end to end: embedded broker, detector, simulator; the four stories arrive through Kafka. */
@Tag("integration")
class DemoTest {

    @Test
    void shouldShowAllFourStoriesThroughTheRealBrokerAndExitZero(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        Path report = dir.resolve("slowburn-demo-report.html");
        int exit;
        List<String> warnings;
        List<String> produceRetries;
        try (ShippedLog log = ShippedLog.capture()) {
            exit = new Demo(new PrintStream(buffer, true, StandardCharsets.UTF_8), false, Duration.ofSeconds(120), report).run();
            warnings = log.lines();
            produceRetries = log.raw().stream().filter(l -> l.contains("Got error produce response")).toList();
        }

        String out = buffer.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(out).isZero();
        assertThat(out).contains("FIRING   CRITICAL suspicious memory_drift", "sanctioned crash_loop", "breach",
                "ABORT    experiment exp-latency-web-4", "suspicious unexpected_exec", "/tmp/.x/kworkerd",
                "all four stories shown.").doesNotContain("MISSING");
        // The demo ends with its incident report, read back from its topics: one panel per alert it printed.
        assertThat(out).contains("incident report (", report.toAbsolutePath().toString());
        String html = Files.readString(report);
        assertThat(html.split("<section class=\"incident\"", -1).length - 1).isGreaterThanOrEqualTo(5);
        assertThat(html).contains("memory_drift on web-1", "exp-latency-web-4 window", "<td class=\"fail\">fail</td>");
        // The newcomer's first command: nothing on the console but the demo's own output (the shipped log config).
        assertThat(warnings).as("WARN/ERROR lines the shipped log4j2.xml would print during the demo").isEmpty();
        // ... and not because they were filtered: transactions v1 on the embedded broker, no produce is refused and retried
        // (no CONCURRENT_TRANSACTIONS, no OUT_OF_ORDER_SEQUENCE_NUMBER behind it).
        assertThat(produceRetries).as("produce retries, filtered or not").isEmpty();
    }
}
