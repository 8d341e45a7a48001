package io.slowburn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code experiments declare --trusted-keys DIR} refuses a tampered declaration (its approval no longer verifies) with
 * a reason and exit 1, before connecting anywhere; the broker address below is never dialled.
 */
class DeclareRefusesUnverifiedTest {

    @Test
    void shouldRefuseATamperedDeclarationWithExitOne(@TempDir Path dir) throws Exception {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        assertThat(new Cli().run("experiments", "keygen", "--key-id", "sre-lead", "--dir", keys.toString())).isZero();
        Path trusted = Files.createDirectories(dir.resolve("trusted"));
        Files.copy(keys.resolve("sre-lead.pub"), trusted.resolve("sre-lead.pub"));
        Path in = dir.resolve("exp-42.json");
        Files.writeString(in, ExperimentsCommandTest.DECLARATION, StandardCharsets.UTF_8);
        Path signed = dir.resolve("exp-42.signed.json");
        assertThat(new Cli().run("experiments", "sign", "--key", keys.resolve("sre-lead.key").toString(), "--in", in.toString(),
                "--out", signed.toString())).isZero();
        Path tampered = dir.resolve("tampered.json");
        Files.writeString(tampered, Files.readString(signed).replace("host-4", "host-5"), StandardCharsets.UTF_8);

        Cli declare = new Cli();
        int exit = declare.run("experiments", "declare", "--in", tampered.toString(), "--trusted-keys", trusted.toString(),
                "--bootstrap-servers", "127.0.0.1:1", "--timeout", "1s");

        assertThat(exit).as(declare.toString()).isEqualTo(1);
        assertThat(declare.err()).contains("refusing to declare").contains("tampered.json").contains("--force");
        assertThat(declare.out()).doesNotContain("declared");
    }
}
