package io.slowburn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class IngestCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The captured proc trees of module ingest (tests run in detector/). */
    private static final Path PROC_FIXTURES = Path.of("..", "ingest", "src", "test", "resources", "proc");
    private static final Path PASSWD_FIXTURE = Path.of("..", "ingest", "src", "test", "resources", "etc", "passwd");

    private final Cli cli = new Cli();

    private static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    private static List<String> metrics(List<JsonNode> records) {
        return records.stream().filter(n -> "metric".equals(n.path("stream").asText())).map(n -> n.path("metric").asText()).toList();
    }

    @Test
    void osOnceReadsTheRealProcIntoAJsonLinesFile(@TempDir Path dir) throws Exception {
        assumeThat(Path.of("/proc/meminfo")).exists();
        Path out = dir.resolve("os.jsonl");
        int code = cli.run("ingest", "os", "--once", "--output", out.toString(), "--source", "cli-test", "--watch", "java");
        assertThat(code).as(cli.toString()).isZero();
        List<JsonNode> records = lines(out);
        assertThat(metrics(records)).contains("os.memory.used", "os.process.count");
        assertThat(records).allMatch(n -> n.path("source").asText().equals("cli-test"));
        assertThat(cli.err()).contains("publishing to " + out).contains("record(s) published");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void osOnceReadsACapturedProcTreeAndSaysWhatItCannotSee(@TempDir Path dir) throws Exception {
        Path normal = PROC_FIXTURES.resolve("normal");
        assumeThat(normal).isDirectory();
        Path out = dir.resolve("os.jsonl");
        int code = cli.run("ingest", "os", "--once", "--output", out.toString(), "--source", "fixture-1", "--proc-root",
                normal.toString(), "--passwd", PASSWD_FIXTURE.toString());
        assertThat(code).as(cli.toString()).isZero();
        List<JsonNode> records = lines(out);
        JsonNode mem = records.stream().filter(n -> "os.memory.used".equals(n.path("metric").asText())).findFirst().orElseThrow();
        assertThat(mem.path("limit").asDouble()).isPositive();
        assertThat(mem.path("source").asText()).isEqualTo("fixture-1");

        // A tree without most files: still exit 0, and the start message lists what it cannot see.
        Path missing = PROC_FIXTURES.resolve("missing");
        Cli second = new Cli();
        assertThat(second.run("ingest", "os", "--once", "--output", dir.resolve("m.jsonl").toString(), "--proc-root",
                missing.toString(), "--no-process-events")).as(second.toString()).isZero();
        assertThat(second.err()).contains("cannot see").contains("file-nr");
    }

    @Test
    void osRejectsBadInputWithExitTwoQuotingTheValue(@TempDir Path dir) {
        assertThat(cli.run("ingest", "os", "--once", "--output", dir.resolve("x").toString(), "--proc-root", "/no/such/proc"))
                .isEqualTo(2);
        assertThat(cli.err()).contains("'/no/such/proc'");
        Cli regex = new Cli();
        assertThat(regex.run("ingest", "os", "--once", "--output", dir.resolve("x").toString(), "--watch", "(java")).isEqualTo(2);
        assertThat(regex.err()).contains("'(java'");
        Cli interval = new Cli();
        assertThat(interval.run("ingest", "os", "--interval", "soon")).isEqualTo(2);
        Cli passwd = new Cli();
        assertThat(passwd.run("ingest", "os", "--once", "--output", dir.resolve("x").toString(), "--passwd", "/no/passwd"))
                .isEqualTo(2);
        assertThat(passwd.err()).contains("'/no/passwd'");
        Cli output = new Cli();
        assertThat(output.run("ingest", "os", "--once", "--output", "/proc/no-such-dir/x.jsonl")).isEqualTo(2);
        assertThat(output.err()).contains("'/proc/no-such-dir/x.jsonl'");
    }

    @Test
    void prometheusOnceScrapesAnExpositionAndAppliesTheMapping(@TempDir Path dir) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] body = ("# TYPE process_open_fds gauge\nprocess_open_fds 42\n# TYPE process_max_fds gauge\nprocess_max_fds 1024\n"
                + "# TYPE http_requests_total counter\nhttp_requests_total{code=\"200\"} 1027\n").getBytes(StandardCharsets.UTF_8);
        server.createContext("/metrics", ex -> {
            ex.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/metrics";
            Path mapping = dir.resolve("mapping.yaml");
            Files.writeString(mapping, "unmapped: keep\nmetrics:\n  - match: process_open_fds\n    metric: os.fd.open\n"
                    + "    limit_from: process_max_fds\n");
            Path out = dir.resolve("prom.jsonl");
            // --timeout bounds one scrape, connect included, on the wall clock. This JVM's first HTTP exchange (client
            // threads, class loading, the in-process server's turn) can exceed 2 s on a CPU-starved machine, and a timed-out
            // scrape fails --once: the test asserts the mapping, not the speed, so the bound must never decide it.
            int code = cli.run("ingest", "prometheus", "--once", "--url", url, "--mapping", mapping.toString(), "--output",
                    out.toString(), "--source", "svc-1", "--timeout", "60s");
            assertThat(code).as(cli.toString()).isZero();
            List<JsonNode> records = lines(out);
            JsonNode fds = records.stream().filter(n -> "os.fd.open".equals(n.path("metric").asText())).findFirst().orElseThrow();
            assertThat(fds.path("value").asDouble()).isEqualTo(42.0);
            assertThat(fds.path("limit").asDouble()).isEqualTo(1024.0);
            assertThat(metrics(records)).contains("http_requests_total");

            // A scrape that returns nothing: --once says so and exits 1.
            Cli failing = new Cli();
            assertThat(failing.run("ingest", "prometheus", "--once", "--url", url.replace("/metrics", "/nothing"), "--output",
                    dir.resolve("none.jsonl").toString())).isEqualTo(1);
            assertThat(failing.err()).contains("nothing was read");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void prometheusRejectsBadUrlsAndMappingsWithExitTwo(@TempDir Path dir) throws Exception {
        String out = dir.resolve("x.jsonl").toString();
        assertThat(cli.run("ingest", "prometheus", "--once", "--url", "ftp://host/metrics", "--output", out)).isEqualTo(2);
        assertThat(cli.err()).contains("'ftp://host/metrics'");
        Cli spaces = new Cli();
        assertThat(spaces.run("ingest", "prometheus", "--once", "--url", "http://bad host/", "--output", out)).isEqualTo(2);
        assertThat(spaces.err()).contains("'http://bad host/'");
        Cli mapping = new Cli();
        assertThat(mapping.run("ingest", "prometheus", "--once", "--url", "http://127.0.0.1:1/metrics", "--mapping",
                dir.resolve("none.yaml").toString(), "--output", out)).isEqualTo(2);
        assertThat(mapping.err()).contains("none.yaml'");
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "metrics: [ {match: \n");
        Cli badMapping = new Cli();
        assertThat(badMapping.run("ingest", "prometheus", "--once", "--url", "http://127.0.0.1:1/metrics", "--mapping",
                bad.toString(), "--output", out)).isEqualTo(2);
        assertThat(badMapping.err()).contains("bad.yaml");
        Cli missing = new Cli();
        assertThat(missing.run("ingest", "prometheus", "--once", "--output", out)).isEqualTo(2);
        assertThat(missing.err()).contains("--url");
    }

    @Test
    void jvmOnceReadsARemoteJvmOverJmx(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Registry registry = LocateRegistry.createRegistry(port);
        String url = "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi";
        JMXConnectorServer server = JMXConnectorServerFactory.newJMXConnectorServer(new JMXServiceURL(url), null,
                ManagementFactory.getPlatformMBeanServer());
        server.start();
        try {
            Path out = dir.resolve("jvm.jsonl");
            int code = cli.run("ingest", "jvm", "--once", "--jmx-url", url, "--output", out.toString(), "--source", "remote-1");
            assertThat(code).as(cli.toString()).isZero();
            List<JsonNode> records = lines(out);
            assertThat(metrics(records)).contains("jvm.memory.used", "jvm.gc.time", "jvm.threads.live");
            JsonNode heap = records.stream().filter(n -> "jvm.memory.used".equals(n.path("metric").asText())).findFirst().orElseThrow();
            assertThat(heap.path("labels")).isEqualTo(JSON.valueToTree(Map.of("area", "heap")));
            assertThat(heap.path("source").asText()).isEqualTo("remote-1");
        } finally {
            server.stop();
            UnicastRemoteObject.unexportObject(registry, true);
        }
    }

    @Test
    void jvmRejectsBadUrlsAndTakesPasswordsOnlyFromAFileOrTheEnvironment(@TempDir Path dir) throws Exception {
        String out = dir.resolve("x.jsonl").toString();
        assertThat(cli.run("ingest", "jvm", "--once", "--jmx-url", "not-a-jmx-url", "--output", out)).isEqualTo(2);
        assertThat(cli.err()).contains("'not-a-jmx-url'");
        Cli noUrl = new Cli();
        assertThat(noUrl.run("ingest", "jvm", "--once", "--output", out)).isEqualTo(2);
        assertThat(noUrl.err()).contains("--jmx-url");

        String jmx = "service:jmx:rmi:///jndi/rmi://127.0.0.1:1/jmxrmi";
        Cli userOnly = new Cli();
        assertThat(userOnly.run(jvmCommand(Map.of()), "--once", "--jmx-url", jmx, "--jmx-user", "ops", "--output", out))
                .isEqualTo(2);
        assertThat(userOnly.err()).contains("--jmx-password-file or $SLOWBURN_JMX_PASSWORD");
        Cli passwordOnly = new Cli();
        assertThat(passwordOnly.run(jvmCommand(Map.of("SLOWBURN_JMX_PASSWORD", "s3cret")), "--once", "--jmx-url", jmx, "--output",
                out)).isEqualTo(2);
        assertThat(passwordOnly.err()).contains("no --jmx-user").doesNotContain("s3cret");
        Cli emptyFile = new Cli();
        Path empty = Files.createFile(dir.resolve("pw"));
        assertThat(emptyFile.run(jvmCommand(Map.of()), "--once", "--jmx-url", jmx, "--jmx-user", "ops", "--jmx-password-file",
                empty.toString(), "--output", out)).isEqualTo(2);
        assertThat(emptyFile.err()).contains("is empty");
        Cli noFlag = new Cli();
        assertThat(noFlag.run("ingest", "jvm", "--jmx-url", jmx, "--jmx-password", "s3cret")).isEqualTo(2);
    }

    private static CommandLine jvmCommand(Map<String, String> env) {
        IngestCommand.Jvm jvm = new IngestCommand.Jvm();
        jvm.env = env::get;
        return new CommandLine(jvm);
    }

    @Test
    void printsDurationsAsTheFlagsSpellThem() {
        assertThat(IngestCommand.DurationText.of(Duration.ofSeconds(10))).isEqualTo("10s");
        assertThat(IngestCommand.DurationText.of(Duration.ofMinutes(2))).isEqualTo("2m");
        assertThat(IngestCommand.DurationText.of(Duration.ofMillis(1500))).isEqualTo("1500ms");
    }
}
