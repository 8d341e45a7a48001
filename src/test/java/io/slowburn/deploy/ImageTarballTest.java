package io.slowburn.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slowburn.cli.SlowburnMain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OCI image tarball {@code mvn -Pimage package} writes (detector/target/slowburn-image.tar): its config says
 * what the deploy files rely on (user, entrypoint and command, port, volume, labels), and its file system runs: the
 * layers, unpacked, start the image's own Java and slowburn without Docker. Runs in builds with -Pimage (CI does),
 * which tell it where the tarball is; skipped otherwise.
 */
class ImageTarballTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private static Path layout;
    private static JsonNode config;

    @BeforeAll
    static void unpack() throws Exception {
        String tar = System.getProperty("slowburn.image.tar");
        assumeTrue(tar != null, "the image is built with -Pimage only");
        assertThat(Path.of(tar)).as("built by -Pimage").isRegularFile();
        layout = Files.createDirectories(tmp.resolve("layout"));
        run(List.of("tar", "-xf", tar, "-C", layout.toString()));
        JsonNode manifest = manifest();
        config = JSON.readTree(blob(manifest.path("config").path("digest").asText()).toFile());
    }

    /** The image manifest: an OCI layout's index points at it. */
    private static JsonNode manifest() throws IOException {
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        return JSON.readTree(blob(index.path("manifests").get(0).path("digest").asText()).toFile());
    }

    private static Path blob(String digest) {
        return layout.resolve("blobs").resolve(digest.replace(':', '/'));
    }

    @Test
    void shouldRunSlowburnAsTheNonRootUserWithItsStateOnAVolume() throws Exception {
        JsonNode c = config.path("config");
        assertThat(config.path("os").asText()).isEqualTo("linux");
        assertThat(c.path("User").asText()).isEqualTo("65532");
        List<String> entrypoint = strings(c.path("Entrypoint"));
        assertThat(entrypoint.get(0)).isEqualTo("java");
        assertThat(entrypoint.get(entrypoint.size() - 1)).isEqualTo("io.slowburn.cli.SlowburnMain");
        List<String> cmd = strings(c.path("Cmd"));
        assertThat(cmd).containsExactly("run", "--set", "metrics.address=0.0.0.0", "--set", "state.dir=/var/lib/slowburn");
        assertThat(SlowburnMain.commandLine().parseArgs(cmd.toArray(String[]::new)).subcommand().commandSpec().name()).isEqualTo("run");
        assertThat(c.path("ExposedPorts").has("9464/tcp")).isTrue();
        assertThat(c.path("Volumes").has("/var/lib/slowburn")).isTrue();
        assertThat(strings(c.path("Env"))).anyMatch(e -> e.startsWith("PATH=/opt/java/bin:"));
        JsonNode labels = c.path("Labels");
        assertThat(labels.path("org.opencontainers.image.version").asText()).isEqualTo(ImageNames.projectVersion());
        assertThat(labels.path("org.opencontainers.image.revision").asText()).isNotBlank();
        assertThat(labels.path("org.opencontainers.image.title").asText()).isEqualTo("slowburn");
    }

    /**
     * The small JVM agent is in the image, at the path the README gives, and is the one this build made (byte for
     * byte): application images copy it from here ({@code COPY --from=slowburn:TAG /opt/slowburn/slowburn-agent.jar}).
     */
    @Test
    void shouldCarryTheSmallJvmAgentForTheApplicationsItWatches() throws Exception {
        String entry = "opt/slowburn/slowburn-agent.jar";
        Path out = Files.createDirectories(tmp.resolve("agent"));
        int found = 0;
        for (JsonNode layer : manifest().path("layers")) {
            String layerTar = blob(layer.path("digest").asText()).toString();
            Path listing = Files.createTempFile(tmp, "layer", ".txt");
            Process p = new ProcessBuilder("tar", "-tzf", layerTar).redirectOutput(listing.toFile()).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            if (Files.readAllLines(listing).stream().anyMatch(l -> l.equals(entry) || l.equals("./" + entry) || l.equals("/" + entry))) {
                run(List.of("tar", "-xzf", layerTar, "-C", out.toString()));
                found++;
            }
        }
        assertThat(found).as("layers with " + entry).isEqualTo(1);
        Path agent = out.resolve(entry);
        Path built = Path.of(System.getProperty("basedir", "."), "..", "ingest", "target", "slowburn-agent.jar").normalize();
        assertThat(Files.mismatch(agent, built)).as("the image's agent is " + built).isEqualTo(-1);
        try (JarFile jar = new JarFile(agent.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Premain-Class")).isEqualTo("io.slowburn.ingest.jvm.TelemetryAgent");
        }
    }

    /**
     * The layers unpacked into a directory, then the image's java and slowburn run inside it as their root (a user
     * namespace and a chroot with /proc and /dev bound, what a container runtime provides): the runtime and its
     * shared libraries are all in the image. Needs unprivileged user namespaces; skipped where they are disabled.
     */
    @Test
    void shouldStartTheImagesJavaAndSlowburnFromItsOwnFiles() throws Exception {
        assumeTrue(exec(List.of("unshare", "-rm", "true")) == 0, "unprivileged user namespaces are disabled here");
        Path root = Files.createDirectories(tmp.resolve("root"));
        for (JsonNode layer : manifest().path("layers")) {
            run(List.of("tar", "-xzf", blob(layer.path("digest").asText()).toString(), "-C", root.toString()));
        }
        Files.createDirectories(root.resolve("proc"));
        Files.createDirectories(root.resolve("dev"));
        assertThat(root.resolve("opt/java/bin/java")).isExecutable();
        assertThat(root.resolve("etc/passwd")).content().contains("nonroot:x:65532:65532");

        List<String> command = new ArrayList<>(strings(config.path("config").path("Entrypoint")));
        command.set(0, "/opt/java/bin/java");
        command.add("--version");
        String out = inChroot(root, String.join(" ", command));
        assertThat(out).contains("slowburn ");
        assertThat(inChroot(root, "/opt/java/bin/java -version")).contains("openjdk version \"17");
    }

    private static String inChroot(Path root, String command) throws Exception {
        Path log = Files.createTempFile(tmp, "out", ".txt");
        String script = "mount --rbind /proc '" + root + "/proc' && mount --rbind /dev '" + root + "/dev' && exec chroot '" + root
                + "' " + command;
        Process p = new ProcessBuilder("unshare", "-rm", "sh", "-c", script).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static int exec(List<String> command) throws Exception {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private static void run(List<String> command) throws Exception {
        assertThat(exec(command)).as(String.join(" ", command)).isZero();
    }
}
