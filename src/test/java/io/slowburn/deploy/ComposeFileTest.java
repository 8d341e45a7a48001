package io.slowburn.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.slowburn.cli.SlowburnMain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docker-compose.yml, checked without Docker: the slowburn services run the image the build makes (no jar mounted
 * into a stock JRE), with arguments the command line accepts, and their state on a volume.
 */
class ComposeFileTest {

    private static final Path ROOT = Manifests.directory().getParent().getParent();

    @Test
    void shouldRunTheBuiltImageWithArgumentsTheCommandLineAccepts() throws Exception {
        JsonNode services = Manifests.YAML.readTree(ROOT.resolve("docker-compose.yml").toFile()).path("services");
        List<String> slowburn = new ArrayList<>();
        for (Map.Entry<String, JsonNode> s : services.properties()) {
            String image = s.getValue().path("image").asText();
            if (image.startsWith("apache/kafka:")) {
                continue;
            }
            slowburn.add(s.getKey());
            assertThat(image).as(s.getKey()).isEqualTo(ImageNames.builtImage());
            List<String> args = new ArrayList<>();
            s.getValue().path("command").forEach(a -> args.add(a.asText()));
            CommandLine.ParseResult parsed = SlowburnMain.commandLine().parseArgs(args.toArray(String[]::new));
            assertThat(parsed.hasSubcommand()).as(s.getKey()).isTrue();
            s.getValue().path("volumes").forEach(v -> assertThat(v.asText()).as(s.getKey()).doesNotContain(".jar"));
        }
        assertThat(slowburn).containsExactlyInAnyOrder("topics", "detector", "ingest-os");

        JsonNode detector = services.path("detector");
        assertThat(detector.path("command").toString()).contains("metrics.address=0.0.0.0", "state.dir=/var/lib/slowburn");
        assertThat(detector.path("volumes").get(0).asText()).isEqualTo("detector-state:/var/lib/slowburn");
        assertThat(detector.path("ports").get(0).asText()).startsWith("9464:9464");
        assertThat(services.path("ingest-os").path("volumes").get(0).asText()).isEqualTo("/proc:/host/proc:ro");
    }

    @Test
    void shouldPinTheSameImageInTheKustomization() throws Exception {
        JsonNode image = Manifests.YAML.readTree(Manifests.directory().resolve("kustomization.yaml").toFile()).path("images").get(0);
        assertThat(image.path("name").asText() + ":" + image.path("newTag").asText()).isEqualTo(ImageNames.builtImage());
    }
}
