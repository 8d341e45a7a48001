package io.slowburn.ingest.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TelemetryAgentTest {

    @Test
    void parsesAgentArguments() {
        AgentArgs a = AgentArgs.parse("bootstrap=127.0.0.1:9092,source=host-1,interval=10s");
        assertThat(a.bootstrap()).isEqualTo("127.0.0.1:9092");
        assertThat(a.source()).isEqualTo("host-1");
        assertThat(a.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(AgentArgs.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(AgentArgs.duration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(AgentArgs.duration("PT3S")).isEqualTo(Duration.ofSeconds(3));
        assertThat(AgentArgs.parse("output=/tmp/x.jsonl").source()).isNotBlank();
        assertThatThrownBy(() -> AgentArgs.parse("source=x")).hasMessageContaining("bootstrap=HOST:PORT or output=FILE");
        assertThatThrownBy(() -> AgentArgs.parse("bootstrap=x,colour=red")).hasMessageContaining("unknown agent argument 'colour'");
        assertThatThrownBy(() -> AgentArgs.duration("soon")).hasMessageContaining("'soon'");
        assertThatThrownBy(() -> AgentArgs.duration("0s")).hasMessageContaining("positive");
    }

    @Test
    void premainStartsADaemonPublisherAndNeverThrows(@TempDir Path dir) throws Exception {
        // Bad arguments: reported, the application goes on.
        TelemetryAgent.premain("nonsense", null);
        Path out = dir.resolve("jvm.jsonl");
        TelemetryAgent.premain("output=" + out + ",source=agent-1,interval=50ms", null);
        // Polls at once, then every 50 ms; stopping flushes the JSON Lines sink.
        Thread.sleep(300);
        TelemetryAgent.stop();
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(text).contains("\"stream\":\"metric\"").contains("\"source\":\"agent-1\"").contains("\"metric\":\"jvm.memory.used\"");
        assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().startsWith("slowburn-"))
                .allMatch(Thread::isDaemon);
    }
}
