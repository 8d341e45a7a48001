package io.slowburn.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding 8 of issue 12: rule files are regular files inside the rules directory, and problems quote excerpts only. */
class RuleFilesTest {

    private static final String RULE = """
            rules:
              - name: crash-loop
                signal: crash_loop
                severity: critical
                select: {events: [process.exit]}
                analysis: {type: event_count, min_count: 3, window: 10m}
            """;
    /** A file the detector must never quote: the stand-in for /etc/passwd. */
    private static final String SECRET = "root:x:0:0:TOP-SECRET-LINE:/root:/bin/bash\n".repeat(40);

    @TempDir
    Path tmp;

    private final RuleLoader loader = new RuleLoader(AnalysisRegistry.defaults());

    private static boolean link(Path link, Path target) {
        try {
            Files.createSymbolicLink(link, target);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    @Test
    void shouldRefuseASymlinkOutOfTheRulesDirectoryWithoutReadingIt() throws IOException {
        Path secret = Files.writeString(tmp.resolve("passwd"), SECRET);
        Path dir = Files.createDirectory(tmp.resolve("rules"));
        Files.writeString(dir.resolve("a.yaml"), RULE);
        assumeTrue(link(dir.resolve("x.yaml"), secret), "symbolic links are not supported here");

        RuleLoadResult r = loader.load(dir);

        assertThat(r.problems()).singleElement().asString()
                .isEqualTo(dir.resolve("x.yaml") + ":1:1: a symbolic link to a file outside the rules directory: refused, not read "
                        + "(links inside the directory, as a Kubernetes ConfigMap mounts files, are followed)");
        assertThat(r.problems().toString()).doesNotContain("TOP-SECRET");
        assertThat(r.rules().get("crash-loop")).isPresent();
    }

    @Test
    void shouldReadAKubernetesConfigMapWhoseFilesAreLinksInsideTheDirectory() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("rules"));
        Path version = Files.createDirectory(dir.resolve("..2026_12_02_07_00_00.123"));
        Files.writeString(version.resolve("crash.yaml"), RULE);
        assumeTrue(link(dir.resolve("..data"), dir.relativize(version)), "symbolic links are not supported here");
        assumeTrue(link(dir.resolve("crash.yaml"), Path.of("..data", "crash.yaml")));

        RuleLoadResult r = loader.load(dir);

        assertThat(r.problems()).isEmpty();
        assertThat(r.rules().get("crash-loop")).isPresent();
    }

    @Test
    void shouldQuoteAnExcerptNotTheWholeFileWhenItIsNotRules() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("rules"));
        Files.writeString(dir.resolve("x.yaml"), SECRET);

        List<RuleProblem> problems = loader.load(dir).problems();

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.message()).startsWith("expected a mapping with a 'rules:' list at the top, got 'root:x:0:0:TOP-SECRET");
            assertThat(p.toString().length()).isLessThan(200);
        });
    }

    @Test
    void shouldCapEveryProblemMessageWhateverQuotedIt() {
        RuleProblem p = new RuleProblem("f.yaml", 1, 1, "x".repeat(100_000), "y".repeat(100_000));
        assertThat(p.message()).hasSizeLessThan(Excerpt.MESSAGE + 30).endsWith("... (100000 characters)");
        assertThat(p.hint()).hasSizeLessThan(Excerpt.MESSAGE + 30);
    }

    @Test
    void shouldRefuseADirectoryNamedLikeARuleFile() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("rules"));
        Files.writeString(dir.resolve("a.yaml"), RULE);
        Files.createDirectory(dir.resolve("b.yaml"));

        assertThat(loader.load(dir).problems()).singleElement().asString().endsWith("b.yaml:1:1: not a regular file: refused");
    }
}
