package io.slowburn.engine;

import io.slowburn.verdict.DeclarationSigner;
import io.slowburn.verdict.ExperimentKeys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * Signed checkpoints of an audit chain: every {@code every} chained records, the writer appends a {@code checkpoint}
 * record whose Ed25519 signature, by the detector's own key, covers the writer, the seq of the last record before it
 * and that record's SHA-256 (the chain's head). Whoever rewrites the records before a checkpoint with fresh hashes
 * cannot sign a new one, and removing the checkpoints leaves more than {@code every} records unsealed; both break
 * {@code slowburn audit verify --public-key}. The key and the signature are those of the experiment approvals
 * ({@link ExperimentKeys}, {@link DeclarationSigner}).
 */
public record AuditSeal(PrivateKey key, String keyId, int every) {

    /** Fields of a checkpoint record, besides {@code type}, {@code ts} and the chain's own. */
    public static final String TYPE = "checkpoint";
    public static final String SEALED_SEQ = "sealed_seq";
    public static final String SEALED_HEAD = "sealed_head";
    public static final String EVERY = "every";
    public static final String KEY_ID = "key_id";
    public static final String SIG = "sig";

    public AuditSeal {
        if (every < 1) {
            throw new IllegalArgumentException("a checkpoint every " + every + " records");
        }
    }

    /** The signature of a checkpoint over {@code writer}, {@code seq}, {@code head} and {@code every}, base64. */
    String sign(String writer, long seq, String head) {
        return Base64.getEncoder().encodeToString(DeclarationSigner.signature(key, signed(writer, seq, head, every)));
    }

    /** Whether {@code sig} (base64) is {@code key}'s signature of a checkpoint of {@code writer} at {@code seq}. */
    public static boolean verifies(PublicKey key, String writer, long seq, String head, long every, String sig) {
        try {
            Signature s = Signature.getInstance(ExperimentKeys.ALGORITHM);
            s.initVerify(key);
            s.update(signed(writer, seq, head, every));
            return s.verify(Base64.getDecoder().decode(sig));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** What a checkpoint signs: one line each, UTF-8, so no field can run into the next. */
    static byte[] signed(String writer, long seq, String head, long every) {
        return ("slowburn-audit-checkpoint/1\n" + writer + "\n" + seq + "\n" + head + "\n" + every).getBytes(StandardCharsets.UTF_8);
    }
}
