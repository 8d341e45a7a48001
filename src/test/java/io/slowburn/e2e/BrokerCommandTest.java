package io.slowburn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.cli.SlowburnMain;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slowburn broker} in its own JVM serves a separate real client ({@code slowburn topics create}), keeps its
 * data directory when given one, and stops cleanly on SIGTERM.
 */
@Tag("integration")
class BrokerCommandTest {

    @TempDir
    Path dataDir;

    @Test
    void shouldServeASeparateClientAndStopOnSigterm() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process broker = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                SlowburnMain.class.getName(), "broker", "--port", Integer.toString(port), "--data-dir", dataDir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(broker.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).startsWith("Kafka broker listening on 127.0.0.1:" + port);

            int exit = SlowburnMain.execute("topics", "create", "--bootstrap-servers", "127.0.0.1:" + port, "--partitions", "2");

            assertThat(exit).isZero();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port))) {
                assertThat(admin.listTopics().names().get()).containsAll(List.of("slowburn.metrics", "slowburn.alerts",
                        "slowburn.experiments", "slowburn.dlq"));
            }
        } finally {
            broker.destroy();
            assertThat(broker.waitFor(60, TimeUnit.SECONDS)).as("broker stopped after SIGTERM").isTrue();
        }
        assertThat(dataDir.resolve("log")).as("a given data directory is kept").isDirectory();
    }
}
