package io.slowburn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.broker.EmbeddedKafkaBroker;
import io.slowburn.cli.SlowburnMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slowburn run} stopped by SIGTERM is a graceful stop an operator (or Kubernetes) can tell from a crash: it
 * exits 0, not the JVM's 143, and the lines it logs while closing are written (Log4j stops after the application,
 * not in its own shutdown hook), the last one saying it stopped. Runs with the shipped log4j2.xml, not the tests' one.
 */
@Tag("integration")
class GracefulStopTest {

    @TempDir
    Path tmp;

    @Test
    void shouldExitZeroAndLogTheStopOnSigterm() throws Exception {
        Path log = tmp.resolve("run.log");
        Path keys = Files.createDirectories(tmp.resolve("keys"));
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String log4j = SlowburnMain.class.getResource("/log4j2.xml").toString();
            Process run = new ProcessBuilder(java, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-Dlog4j2.configurationFile=" + log4j,
                    "-cp", System.getProperty("java.class.path"), SlowburnMain.class.getName(), "run",
                    "--bootstrap-servers", broker.bootstrapServers(), "--metrics-port", "0", "--trusted-keys", keys.toString(),
                    "--set", "state.dir=" + tmp.resolve("state"))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                awaitRunning(run, log);
                run.destroy(); // SIGTERM
                assertThat(run.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
            } finally {
                run.destroyForcibly();
            }
            List<String> lines = Files.readAllLines(log);
            assertThat(run.exitValue()).as("exit code of a graceful stop; log:%n%s", String.join("\n", lines)).isZero();
            assertThat(lines).as("log").isNotEmpty();
            int stopped = -1;
            for (int i = 0; i < lines.size(); i++) {
                stopped = lines.get(i).contains("slowburn detector stopped") ? i : stopped;
            }
            assertThat(stopped).as("the stop is logged; log:%n%s", String.join("\n", lines)).isGreaterThanOrEqualTo(0);
            // Kafka Streams logs its last state change from its close thread, which may race the command's own last line.
            assertThat(lines.subList(stopped + 1, lines.size())).as("after the stop line").allMatch(l -> l.contains("-> NOT_RUNNING"));
            assertThat(lines).noneMatch(l -> l.contains("Unable to register Log4j shutdown hook"));
        }
    }

    /**
     * Until the detector is RUNNING and {@code run} has said so on stdout. The second matters: Kafka Streams may reach
     * RUNNING (logged from its own thread) before {@code run}'s main thread has installed its SIGTERM handler, and a
     * SIGTERM in between ends the JVM the default way (exit 143, no "stopped" line): a window that a descheduled main
     * thread widens on a loaded machine. The "running against" line is printed once the handler is in place.
     */
    private static void awaitRunning(Process child, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            String text = Files.exists(log) ? Files.readString(log) : "";
            if (text.contains("-> RUNNING") && text.contains("slowburn detector running against")) {
                return;
            }
            assertThat(child.isAlive()).as("run died: %s", Files.exists(log) ? Files.readString(log) : "").isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("run did not start: " + Files.readString(log));
    }
}
