package io.slowburn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slowburn.broker.EmbeddedKafkaBroker;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -javaagent:ingest/target/slowburn-agent.jar=...}: the small agent publishes the JVM's telemetry (to a file and
 * to a real broker) and leaves the host application's view of classes as it was: none of the agent's dependencies
 * becomes visible to it, and the host's own Jackson stays its own. The jar exists only after {@code package}, hence an
 * integration test (failsafe runs after it).
 */
@Tag("integration")
class SmallAgentJarTest {

    private static final Path BASEDIR = Path.of(System.getProperty("basedir", "."));
    private static final Path AGENT = BASEDIR.resolve("../ingest/target/slowburn-agent.jar").normalize();
    private static final Path BIG = BASEDIR.resolve("target/slowburn.jar");

    /**
     * The application the agent rides on: reports which of the classes it can see (and from where), then sleeps. It
     * touches nothing outside the JDK (its class path is this module's test classes, without their libraries).
     */
    public static final class HostApp {

        /** Classes of libraries the agent uses: what a host without them must still not see. */
        static final List<String> AGENT_LIBRARIES = List.of("com.fasterxml.jackson.databind.ObjectMapper",
                "org.apache.kafka.clients.producer.KafkaProducer", "io.micrometer.core.instrument.MeterRegistry",
                "org.slf4j.LoggerFactory", "org.apache.logging.log4j.LogManager", "net.jpountz.lz4.LZ4Factory",
                "org.HdrHistogram.Histogram", "org.snakeyaml.engine.v2.api.Load", "scala.Option");

        public static void main(String[] args) throws Exception {
            for (String name : AGENT_LIBRARIES) {
                String where;
                try {
                    Class<?> c = Class.forName(name);
                    where = "present " + c.getProtectionDomain().getCodeSource().getLocation();
                } catch (ClassNotFoundException e) {
                    where = "absent";
                }
                System.out.println("host sees " + name + ": " + where);
            }
            Thread.sleep(Long.parseLong(args[0]));
        }
    }

    @Test
    void shouldBeSmallWithEveryDependencyRelocated() throws Exception {
        assertThat(AGENT).as("built by ingest's 'package'").exists();
        long size = Files.size(AGENT);
        System.out.printf("slowburn-agent.jar: %,d bytes (slowburn.jar: %,d bytes)%n", size, Files.exists(BIG) ? Files.size(BIG) : -1);
        assertThat(size).as("a tenth of slowburn.jar").isLessThan(16L * 1024 * 1024);
        List<String> outside = new ArrayList<>();
        try (JarFile jar = new JarFile(AGENT.toFile())) {
            Manifest m = jar.getManifest();
            assertThat(m.getMainAttributes().getValue("Premain-Class")).isEqualTo("io.slowburn.ingest.jvm.TelemetryAgent");
            assertThat(m.getMainAttributes().getValue("Agent-Class")).isEqualTo("io.slowburn.ingest.jvm.TelemetryAgent");
            for (JarEntry e : Collections.list(jar.entries())) {
                if (e.getName().endsWith(".class") && !e.getName().startsWith("io/slowburn/")) {
                    outside.add(e.getName());
                }
            }
            assertThat(jar.getEntry("io/slowburn/ingest/os/ProcCollector.class")).as("not an OS adapter").isNull();
            assertThat(jar.getEntry("io/slowburn/agent/shaded/com/fasterxml/jackson/databind/ObjectMapper.class")).isNotNull();
        }
        assertThat(outside).as("classes under their original names").isEmpty();
    }

    @Test
    void shouldLeaveAHostWithoutTheLibrariesWithoutThem(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("jvm.jsonl");
        String log = runHost(dir, AGENT, "output=" + out + ",source=t,interval=1s", List.of());
        for (String name : HostApp.AGENT_LIBRARIES) {
            assertThat(log).contains("host sees " + name + ": absent");
        }
        assertThat(log).doesNotContain("agent not started", "SLF4J", "StatusLogger", "WARN", "ERROR");
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertThat(lines).as(log).anyMatch(l -> l.contains("\"metric\":\"jvm.memory.used\""))
                .anyMatch(l -> l.contains("\"metric\":\"jvm.gc.time\"")).anyMatch(l -> l.contains("\"metric\":\"jvm.threads.live\""))
                .allMatch(l -> l.contains("\"source\":\"t\""));
    }

    /** The same check against the 127 MB slowburn.jar as the agent, which does leak: the check above can fail. */
    @Test
    void shouldSeeTheBigJarLeakItsDependencies(@TempDir Path dir) throws Exception {
        assertThat(BIG).as("run after 'package'").exists();
        String log = runHost(dir, BIG, "output=" + dir.resolve("jvm.jsonl") + ",source=t,interval=1s", List.of());
        assertThat(log).contains("host sees com.fasterxml.jackson.databind.ObjectMapper: present")
                .contains("host sees org.apache.kafka.clients.producer.KafkaProducer: present");
    }

    @Test
    void shouldLeaveTheHostItsOwnJacksonAndPublishToKafka(@TempDir Path dir) throws Exception {
        // The host ships another Jackson (2.15.2) than the agent (2.21): it must get its own.
        Path m2 = Path.of(System.getProperty("user.home"), ".m2", "repository", "com", "fasterxml", "jackson", "core");
        List<Path> hostJackson = List.of(m2.resolve("jackson-databind/2.15.2/jackson-databind-2.15.2.jar"),
                m2.resolve("jackson-core/2.15.2/jackson-core-2.15.2.jar"),
                m2.resolve("jackson-annotations/2.15.2/jackson-annotations-2.15.2.jar"));
        if (!hostJackson.stream().allMatch(Files::isRegularFile)) {
            // Not in this repository: any Jackson jar from this test's own class path is still the host's own.
            hostJackson = List.of(jarOf(ObjectMapper.class),
                    jarOf(JsonFactory.class), jarOf(JsonProperty.class));
        }
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("slowburn.metrics", 1, (short) 1), new NewTopic("slowburn.events", 1, (short) 1)))
                    .all().get();
            String log = runHost(dir, AGENT, "bootstrap=" + broker.bootstrapServers() + ",source=agent-k,interval=1s", hostJackson);
            assertThat(log).contains("host sees com.fasterxml.jackson.databind.ObjectMapper: present " + hostJackson.get(0).toUri().toURL())
                    .contains("host sees org.apache.kafka.clients.producer.KafkaProducer: absent")
                    .doesNotContain("agent not started");
            List<String> values = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", broker.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "agent-test", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("slowburn.metrics"));
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (System.nanoTime() < deadline && values.stream().noneMatch(v -> v.contains("jvm.threads.live"))) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                        values.add(r.value());
                    }
                }
            }
            assertThat(values).as(log).anyMatch(v -> v.contains("\"metric\":\"jvm.memory.used\""))
                    .anyMatch(v -> v.contains("\"metric\":\"jvm.threads.live\"")).allMatch(v -> v.contains("\"source\":\"agent-k\""));
        }
    }

    private static Path jarOf(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** Runs {@link HostApp} for 3 s with {@code agent} attached and {@code classPath} beside it; returns its output. */
    private static String runHost(Path dir, Path agent, String agentArgs, List<Path> classPath) throws Exception {
        assertThat(agent).as("run after 'package'").exists();
        List<String> cp = new ArrayList<>();
        cp.add(jarOf(HostApp.class).toString());
        classPath.forEach(p -> cp.add(p.toString()));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path logFile = dir.resolve("host.log");
        Process p = new ProcessBuilder(List.of(java, "-javaagent:" + agent.toAbsolutePath() + "=" + agentArgs,
                "-cp", String.join(File.pathSeparator, cp), HostApp.class.getName(), "3000"))
                .redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("host JVM ended").isTrue();
        String log = Files.readString(logFile, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(log).isZero();
        return log;
    }
}
