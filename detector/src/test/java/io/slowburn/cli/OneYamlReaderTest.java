package io.slowburn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One way to read YAML: only the rules' YAML layer ({@code io.slowburn.rules.yaml.YamlDocument}) calls snakeyaml-engine's
 * loading API; rules, rule tests, scenarios, mappings, chaos tools' documents and {@code rules publish} all go through
 * it, so every file has the same dialect and the same line:column messages.
 */
class OneYamlReaderTest {

    @Test
    void shouldLoadYamlOnlyInTheYamlLayer() throws IOException {
        List<String> loaders;
        try (Stream<Path> files = Stream.of("rules", "ingest", "detector", "src").map(m -> Path.of("..", m, "src", "main", "java"))
                .filter(Files::isDirectory).flatMap(OneYamlReaderTest::walk)) {
            loaders = files.filter(f -> f.toString().endsWith(".java") && read(f).contains("org.snakeyaml.engine.v2.api."))
                    .map(f -> f.getFileName().toString()).toList();
        }
        assertThat(loaders).containsExactly("YamlDocument.java");
    }

    private static Stream<Path> walk(Path dir) {
        try {
            return Files.walk(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
