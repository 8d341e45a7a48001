package io.slowburn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.ingest.simulate.SigningKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentsCommandTest {

    /** exp-42 as in the contract, pretty-printed, with an exact decimal a plain double mapper would rewrite. */
    static final String DECLARATION = """
            {
              "stream": "experiment", "ts": 1772404200000, "id": "exp-42", "title": "squeeze checkout heap",
              "hypothesis": "checkout degrades gracefully under memory pressure",
              "scope": {"sources": ["host-4"], "labels": {"service": "checkout"}},
              "faults": ["memory.pressure"], "start": 1772409600000, "end": 1772413200000,
              "blast_radius": {"max_sources": 1}, "abort_when": [], "allowed_binaries": [],
              "notes": {"budget": 1.10}
            }
            """;

    @Test
    void keygenSignVerifyRoundTripThroughTheCommandLine(@TempDir Path dir) throws Exception {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        Cli keygen = new Cli();
        assertThat(keygen.run("experiments", "keygen", "--key-id", "sre-lead", "--dir", keys.toString())).as(keygen.toString()).isZero();
        assertThat(keys.resolve("sre-lead.key")).exists();
        assertThat(keys.resolve("sre-lead.pub")).exists();
        assertThat(keygen.out()).contains("fingerprint");

        Cli again = new Cli();
        assertThat(again.run("experiments", "keygen", "--key-id", "sre-lead", "--dir", keys.toString())).isEqualTo(2);
        assertThat(again.err()).contains("already exists");

        Path trusted = Files.createDirectories(dir.resolve("trusted"));
        Files.copy(keys.resolve("sre-lead.pub"), trusted.resolve("sre-lead.pub"));
        Path in = dir.resolve("exp-42.json");
        Files.writeString(in, DECLARATION, StandardCharsets.UTF_8);
        Path signed = dir.resolve("exp-42.signed.json");
        Cli sign = new Cli();
        assertThat(sign.run("experiments", "sign", "--key", keys.resolve("sre-lead.key").toString(), "--in", in.toString(),
                "--out", signed.toString())).as(sign.toString()).isZero();
        assertThat(Files.readString(signed)).contains("\"approvals\"").contains("sre-lead");

        Cli verify = new Cli();
        assertThat(verify.run("experiments", "verify", "--trusted-keys", trusted.toString(), "--in", signed.toString()))
                .as(verify.toString()).isZero();
        assertThat(verify.out()).contains("sre-lead");

        Cli twoNeeded = new Cli();
        assertThat(twoNeeded.run("experiments", "verify", "--trusted-keys", trusted.toString(), "--in", signed.toString(),
                "--min-approvals", "2")).isEqualTo(1);

        Cli unsigned = new Cli();
        assertThat(unsigned.run("experiments", "verify", "--trusted-keys", trusted.toString(), "--in", in.toString())).isEqualTo(1);
    }

    @Test
    void aDeclarationAlteredAfterSigningFailsVerification(@TempDir Path dir) throws Exception {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        new Cli().run("experiments", "keygen", "--key-id", "sre-lead", "--dir", keys.toString());
        Path in = dir.resolve("exp.json");
        Files.writeString(in, DECLARATION, StandardCharsets.UTF_8);
        Path signed = dir.resolve("signed.json");
        assertThat(new Cli().run("experiments", "sign", "--key", keys.resolve("sre-lead.key").toString(), "--in", in.toString(),
                "--out", signed.toString())).isZero();
        String text = Files.readString(signed);
        assertThat(text).contains("host-4");
        Files.writeString(signed, text.replace("host-4", "host-5"));
        Cli verify = new Cli();
        assertThat(verify.run("experiments", "verify", "--trusted-keys", keys.toString(), "--in", signed.toString()))
                .as(verify.toString()).isEqualTo(1);
        // The number written as 1.10 must survive canonicalization exactly (no 1.1).
        Cli canonical = new Cli();
        assertThat(canonical.run("experiments", "canonical", "--in", in.toString())).isZero();
        assertThat(canonical.out()).startsWith("{").contains("1.10").doesNotContain("approvals").doesNotContain("\n");
    }

    @Test
    void malformedOrMissingInputExitsTwoWithTheFileNamed(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"id\": \"exp-1\", \"faults\": [\"teleport\"]}");
        Cli canonical = new Cli();
        assertThat(canonical.run("experiments", "canonical", "--in", bad.toString())).isEqualTo(2);
        assertThat(canonical.err()).contains("bad.json");
        Cli declare = new Cli();
        // Rejected before any broker is contacted (nothing listens on port 1).
        assertThat(declare.run("experiments", "declare", "--bootstrap-servers", "127.0.0.1:1", "--in", bad.toString())).isEqualTo(2);
        assertThat(declare.err()).contains("bad.json").hasLineCount(1);
        Cli missing = new Cli();
        assertThat(missing.run("experiments", "declare", "--in", dir.resolve("nope.json").toString())).isEqualTo(2);
        assertThat(missing.err()).contains("nope.json: no such file");
        Cli badKeyId = new Cli();
        assertThat(badKeyId.run("experiments", "keygen", "--key-id", "../evil", "--dir", dir.toString())).isEqualTo(2);
        Cli badPrefix = new Cli();
        Path good = dir.resolve("good.json");
        Files.writeString(good, DECLARATION);
        assertThat(badPrefix.run("experiments", "declare", "--in", good.toString(), "--topic-prefix", "bad prefix/")).isEqualTo(2);
        assertThat(badPrefix.err()).contains("'bad prefix/'");
    }

    @Test
    void keygenDemoWritesTheDemosPublicKeySoABacktestSanctionsTheDemosExperiments(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("demo-keys");
        Cli keygen = new Cli();
        assertThat(keygen.run("experiments", "keygen", "--demo", "--dir", keys.toString())).as(keygen.toString()).isZero();
        assertThat(Files.readString(keys.resolve("demo.pub"))).isEqualTo(SigningKeys.demoPublicPem());
        assertThat(keygen.out()).contains("never in production");
        assertThat(new Cli().run("experiments", "keygen", "--demo", "--dir", keys.toString())).as("again: the same key").isZero();

        Path records = dir.resolve("kill.jsonl");
        assertThat(new Cli().run("ingest", "simulate", "--scenario", "kill-experiment", "--output", records.toString())).isZero();
        Path alerts = dir.resolve("alerts.jsonl");
        assertThat(new Cli().run("backtest", "--input", records.toString(), "--output", alerts.toString(), "--trusted-keys",
                keys.toString())).isZero();
        assertThat(Files.readString(alerts)).contains("\"verdict\":\"sanctioned\"");
    }

    @Test
    void keygenDemoNeverOverwritesAnotherKeyAndExcludesKeyId(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("demo.pub"), "someone else's key");
        Cli other = new Cli();
        assertThat(other.run("experiments", "keygen", "--demo", "--dir", dir.toString())).isEqualTo(2);
        assertThat(other.err()).contains("demo.pub: already exists and is not the demo key");
        assertThat(Files.readString(dir.resolve("demo.pub"))).isEqualTo("someone else's key");
        Cli both = new Cli();
        assertThat(both.run("experiments", "keygen", "--demo", "--key-id", "x", "--dir", dir.toString())).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
    }
}
