package io.slowburn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.cli.SlowburnMain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code slowburn run --config FILE} in a child JVM on the test's classpath, its output in a log file: a process the
 * reliability tests can SIGKILL ({@link Process#destroyForcibly()}: no shutdown hook, no commit, no store flush).
 */
final class ChildDetector {

    final Process process;
    final Path log;

    private ChildDetector(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code slowburn run --config configFile}, with {@code jvmArgs} before the main class. */
    static ChildDetector start(Path configFile, Path log, String... jvmArgs) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1"));
        cmd.addAll(List.of(jvmArgs));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), SlowburnMain.class.getName(), "run", "--config",
                configFile.toString()));
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ChildDetector(p, log);
    }

    /** Waits until the child's streams client has gone RUNNING {@code times} times in all, or fails with its log. */
    void awaitRunning(int times, long timeoutSeconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            if (count("-> RUNNING") >= times) {
                return;
            }
            assertThat(process.isAlive()).as("detector died: %s", text()).isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("detector did not go RUNNING (" + times + "): " + text());
    }

    /** How many lines of the log contain {@code fragment}. */
    int count(String fragment) throws IOException {
        return (int) text().lines().filter(l -> l.contains(fragment)).count();
    }

    String text() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
    }

    /** SIGKILL, and wait for the process to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    /** SIGTERM (a graceful stop), SIGKILL after a minute. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
