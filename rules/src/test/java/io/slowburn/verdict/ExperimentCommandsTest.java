package io.slowburn.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentCommandsTest {

    @TempDir
    Path dir;

    private Path declarationFile() throws IOException {
        Path in = dir.resolve("exp-42.json");
        Files.writeString(in, Fixtures.declaration().toPrettyString(), StandardCharsets.UTF_8);
        return in;
    }

    @Test
    void keygenSignVerifyRoundTripWithFiles() throws Exception {
        Path keys = dir.resolve("keys");
        Path trusted = dir.resolve("trusted");
        Files.createDirectories(trusted);
        Path in = declarationFile();
        Path out = dir.resolve("exp-42.signed.json");

        ExperimentCommands.Result gen = ExperimentCommands.keygen("sre-lead", keys);
        Files.copy(keys.resolve("sre-lead.pub"), trusted.resolve("sre-lead.pub"));
        ExperimentCommands.Result unsigned = ExperimentCommands.verify(trusted, in, 1);
        ExperimentCommands.Result sign = ExperimentCommands.sign(keys.resolve("sre-lead.key"), in, out);
        ExperimentCommands.Result verify = ExperimentCommands.verify(trusted, out, 1);

        assertThat(gen.exitCode()).isZero();
        assertThat(gen.out()).contains("fingerprint SHA256:");
        assertThat(Files.readString(keys.resolve("sre-lead.key"))).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(Files.readString(keys.resolve("sre-lead.pub"))).startsWith("-----BEGIN PUBLIC KEY-----\n");
        if (keys.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve("sre-lead.key")))).isEqualTo("rw-------");
        }
        assertThat(unsigned.exitCode()).isEqualTo(1);
        assertThat(sign.exitCode()).as(sign.err()).isZero();
        assertThat(verify.exitCode()).as(verify.out()).isZero();
        assertThat(verify.out()).contains("approval 0 (sre-lead): verified").contains("is authentic");
    }

    @Test
    void signRefusesAPrivateKeyOthersCanRead() throws Exception {
        Path keys = dir.resolve("keys");
        ExperimentCommands.keygen("sre-lead", keys);
        Path key = keys.resolve("sre-lead.key");
        assumeTrue(key.getFileSystem().supportedFileAttributeViews().contains("posix"), "no POSIX permissions here");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        Path out = dir.resolve("out.json");

        ExperimentCommands.Result r = ExperimentCommands.sign(key, declarationFile(), out);

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo(key + ": private key is accessible to group or others (rw-r--r--): refusing to sign with "
                + "it; run 'chmod 600 " + key + "' (keygen writes it so)");
        assertThat(out).doesNotExist();
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        assertThat(ExperimentCommands.sign(key, declarationFile(), out).exitCode()).isZero();
    }

    @Test
    void verifySaysWhenAnAuthenticDeclarationHasExpiredAndStillExitsZero() throws Exception {
        Path keys = dir.resolve("keys");
        ExperimentCommands.keygen("sre-lead", keys);
        Path out = dir.resolve("signed.json");
        ExperimentCommands.sign(keys.resolve("sre-lead.key"), declarationFile(), out);
        ExperimentDeclaration d = new DeclarationParser().parse(Files.readString(out));
        java.time.Instant end = java.time.Instant.ofEpochMilli(d.end());

        ExperimentCommands.Result later = ExperimentCommands.verify(keys, out, 1, end.plus(java.time.Duration.ofDays(400)));
        ExperimentCommands.Result during = ExperimentCommands.verify(keys, out, 1, end.minusMillis(1));
        ExperimentCommands.Result atEnd = ExperimentCommands.verify(keys, out, 1, end);

        assertThat(later.exitCode()).isZero();
        assertThat(later.out()).contains("authentic, expired: its window ended " + end + ", 400 day(s) before now");
        assertThat(atEnd.out()).contains("authentic, expired");
        assertThat(during.exitCode()).isZero();
        assertThat(during.out()).contains("authentic, in force until " + end).doesNotContain("expired");
    }

    @Test
    void keygenRefusesToOverwriteAndRejectsUnsafeKeyIds() {
        assertThat(ExperimentCommands.keygen("sre-lead", dir).exitCode()).isZero();
        assertThat(ExperimentCommands.keygen("sre-lead", dir).exitCode()).isEqualTo(2);
        assertThat(ExperimentCommands.keygen("sre-lead", dir).err()).contains("already exists");
        assertThat(ExperimentCommands.keygen("../etc/evil", dir).exitCode()).isEqualTo(2);
    }

    @Test
    void badInputExitsTwoNamingTheFile() throws Exception {
        ExperimentCommands.keygen("sre-lead", dir);
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"id\":\"e\",\"scope\":{\"sources\":[\"h\"]},\"faults\":[\"disk.fill\"],\"start\":1772409600000,"
                + "\"end\":1772413200000}");

        ExperimentCommands.Result r = ExperimentCommands.sign(dir.resolve("sre-lead.key"), bad, dir.resolve("out.json"));

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith(bad.toString() + ": unknown fault \"disk.fill\"");
        assertThat(ExperimentCommands.verify(dir.resolve("missing"), bad, 1).exitCode()).isEqualTo(2);
    }

    @Test
    void aBadKeyFileIsReportedByNameAndTheOtherKeysStillLoad() throws Exception {
        ExperimentCommands.keygen("sre-lead", dir);
        Files.writeString(dir.resolve("broken.pub"), "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");

        TrustedKeys keys = TrustedKeys.load(dir);
        String before = keys.fingerprint();
        ExperimentCommands.keygen("sec-officer", dir);

        assertThat(keys.keyIds()).containsExactly("sre-lead");
        assertThat(keys.problems()).singleElement().asString().startsWith("broken.pub: not an Ed25519 public key");
        assertThat(TrustedKeys.load(dir).fingerprint()).isNotEqualTo(before);
        assertThat(TrustedKeys.load(dir).keyIds()).containsExactly("sec-officer", "sre-lead");
    }

    /** The documented openssl recipe: sign the canonical bytes with openssl, verify with slowburn (and back). */
    @Test
    void opensslSignaturesOverTheCanonicalFormVerify() throws Exception {
        assumeTrue(run(List.of("openssl", "version")) == 0, "openssl not installed");
        Path key = dir.resolve("ops.key");
        Path pub = dir.resolve("ops.pub");
        Path canon = dir.resolve("canonical.json");
        Path sig = dir.resolve("sig.bin");
        assumeTrue(run(List.of("openssl", "genpkey", "-algorithm", "ed25519", "-out", key.toString())) == 0, "no ed25519 in openssl");
        assertThat(run(List.of("openssl", "pkey", "-in", key.toString(), "-pubout", "-out", pub.toString()))).isZero();
        ExperimentCommands.Result c = ExperimentCommands.canonical(declarationFile());
        Files.writeString(canon, c.out(), StandardCharsets.UTF_8);
        assertThat(run(List.of("openssl", "pkeyutl", "-sign", "-inkey", key.toString(), "-rawin", "-in", canon.toString(),
                "-out", sig.toString()))).isZero();

        com.fasterxml.jackson.databind.node.ObjectNode d = Fixtures.declaration();
        d.putArray("approvals").addObject().put("key_id", "ops").put("sig", Base64.getEncoder().encodeToString(Files.readAllBytes(sig)));
        TrustedKeys trusted = TrustedKeys.load(dir);

        assertThat(trusted.problems()).isEmpty();
        assertThat(new DeclarationVerifier(trusted).verify(Fixtures.parse(d)).valid()).isTrue();
        // and a key written by keygen is read by openssl
        ExperimentCommands.keygen("java", dir.resolve("j"));
        assertThat(run(List.of("openssl", "pkey", "-in", dir.resolve("j/java.key").toString(), "-noout"))).isZero();
        assertThat(run(List.of("openssl", "pkey", "-pubin", "-in", dir.resolve("j/java.pub").toString(), "-noout"))).isZero();
    }

    private static int run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
