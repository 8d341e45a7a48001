package io.slowburn.detector.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rules directory mounted from a Kubernetes ConfigMap (deploy/kubernetes) is a set of links: {@code site.yaml ->
 * ..data/site.yaml}, {@code ..data -> ..2026_12_02_07_00_00.1}. kubelet updates it by writing a new timestamped
 * directory and renaming a new {@code ..data} link over the old one. The reloader must see that as a change, read
 * the rules through the links, and not take the hidden entries for rule files.
 */
class ConfigMapRulesDirTest {

    @TempDir
    Path dir;

    private static final String RULES = """
            overrides:
              - name: heap-floor-drift
                severity: %-8s
            """;

    private void publish(String version, String content, Instant written) throws Exception {
        Path data = Files.createDirectory(dir.resolve("..2026_12_02_07_00_00." + version));
        Files.writeString(data.resolve("site.yaml"), content);
        Files.setLastModifiedTime(data.resolve("site.yaml"), FileTime.from(written));
        Path tmp = Files.createSymbolicLink(dir.resolve("..data_tmp"), data.getFileName());
        Files.move(tmp, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (!Files.exists(dir.resolve("site.yaml"), LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(dir.resolve("site.yaml"), Path.of("..data/site.yaml"));
        }
    }

    @Test
    void shouldSeeAConfigMapUpdateAndLoadTheRulesThroughItsLinks() throws Exception {
        publish("1", RULES.formatted("warning"), Instant.parse("2026-12-02T07:00:00Z"));
        String before = RulesReloader.fingerprint(dir);
        assertThat(before).startsWith("site.yaml|").doesNotContain("..data");
        assertThat(RuleSources.load(dir).problems()).isEmpty();

        // The same size, written a minute later: what kubelet does when a value changes in place.
        publish("2", RULES.formatted("critical"), Instant.parse("2026-12-02T07:01:00Z"));
        assertThat(RulesReloader.fingerprint(dir)).isNotEqualTo(before);
        assertThat(RuleSources.load(dir).orThrow().rules()).filteredOn(r -> r.name().equals("heap-floor-drift"))
                .singleElement().satisfies(r -> assertThat(r.severity().name()).isEqualToIgnoringCase("critical"));
    }
}
