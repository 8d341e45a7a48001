package io.slowburn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -javaagent:detector/target/slowburn.jar=...} in a child JVM. The shaded jar exists only after
 * {@code package}, hence an integration test (failsafe runs after it).
 */
@Tag("integration")
class AgentJarTest {

    private static final Path JAR = Path.of(System.getProperty("basedir", "."), "target", "slowburn.jar");

    /** The application the agent rides on: sleeps, then ends normally (shutdown hooks flush the agent). */
    public static final class SleepyApp {

        public static void main(String[] args) throws InterruptedException {
            Thread.sleep(Long.parseLong(args[0]));
        }
    }

    @Test
    void theShadedJarIsAJavaAgent() throws Exception {
        assertThat(JAR).as("run after 'package'").exists();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            Manifest m = jar.getManifest();
            assertThat(m.getMainAttributes().getValue("Premain-Class")).isEqualTo("io.slowburn.ingest.jvm.TelemetryAgent");
            assertThat(m.getMainAttributes().getValue("Agent-Class")).isEqualTo("io.slowburn.ingest.jvm.TelemetryAgent");
            assertThat(m.getMainAttributes().getValue("Main-Class")).isEqualTo("io.slowburn.cli.SlowburnMain");
        }
    }

    @Test
    void aChildJvmWithTheAgentWritesItsHeapGcAndThreads(@TempDir Path dir) throws Exception {
        assertThat(JAR).as("run after 'package'").exists();
        Path out = dir.resolve("jvm.jsonl");
        Path testClasses = Path.of(SleepyApp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-javaagent:" + JAR.toAbsolutePath() + "=output=" + out + ",source=t,interval=1s",
                "-cp", testClasses.toString(), SleepyApp.class.getName(), "3000"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("child JVM ended").isTrue();
        String log = Files.readString(dir.resolve("child.log"), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(log).isZero();
        assertThat(log).doesNotContain("agent not started");
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertThat(lines).as(log).anyMatch(l -> l.contains("\"metric\":\"jvm.memory.used\""))
                .anyMatch(l -> l.contains("\"metric\":\"jvm.gc.time\"")).anyMatch(l -> l.contains("\"metric\":\"jvm.threads.live\""))
                .allMatch(l -> l.contains("\"source\":\"t\""));
        // Polls at once, then every second for about three seconds.
        assertThat(lines.stream().filter(l -> l.contains("jvm.threads.live")).count()).isGreaterThanOrEqualTo(2);
    }
}
