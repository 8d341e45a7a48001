package io.slowburn.e2e;

import io.slowburn.verdict.ExperimentKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;

/**
 * The approver of the e2e scenarios: a fresh Ed25519 key pair whose public key is trusted, written as
 * {@code DIR/sre-lead.pub} the way a {@code --trusted-keys} directory ({@code trusted.keys.dir}) holds it. The
 * scenarios' declaration is signed with its private key, so it sanctions what it declares.
 *
 * @param keyPair the approver's keys
 * @param trustedKeys the directory with its public key
 */
record TrustedApprover(KeyPair keyPair, Path trustedKeys) {

    static final String KEY_ID = "sre-lead";

    /** A new approver, trusted in {@code dir} (created if missing; other keys in it stay). */
    static TrustedApprover create(Path dir) throws Exception {
        KeyPair keys = ExperimentKeys.generate();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(KEY_ID + ".pub"), ExperimentKeys.publicPem(keys.getPublic()));
        return new TrustedApprover(keys, dir);
    }

    /** {@link Fixtures#scenario}: the fleet scenario of {@code minutes}, its declaration signed by this approver. */
    List<String> scenario(int minutes) throws Exception {
        return Fixtures.scenario(keyPair, KEY_ID, minutes);
    }
}
