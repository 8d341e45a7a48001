package io.slowburn.detector.audit;

import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.engine.AuditSeal;
import io.slowburn.verdict.ExperimentKeys;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import org.apache.kafka.common.config.ConfigException;

/** The verdict stage's checkpoint signer from {@code audit.signing.key} and {@code audit.checkpoint.records}. */
public final class AuditSeals {

    private AuditSeals() {
    }

    /**
     * The seal, or null when no key is configured. The key id in each checkpoint is the key file's name without its
     * extension ({@code experiments keygen --key-id ID} writes {@code ID.key}).
     *
     * @throws ConfigException when the key cannot be read or is no Ed25519 private key
     */
    public static AuditSeal of(DetectorConfig config) {
        String file = config.getString(DetectorConfig.AUDIT_SIGNING_KEY);
        if (file.isBlank()) {
            return null;
        }
        Path path = Path.of(file);
        try {
            String name = path.getFileName().toString();
            String keyId = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
            return new AuditSeal(ExperimentKeys.readPrivateKey(path), keyId, config.getInt(DetectorConfig.AUDIT_CHECKPOINT_RECORDS));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new ConfigException(DetectorConfig.AUDIT_SIGNING_KEY, file, "cannot read an Ed25519 private key: " + e.getMessage());
        }
    }
}
