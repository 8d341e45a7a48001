package io.slowburn.ingest.simulate;

import io.slowburn.verdict.ExperimentKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * The keys scenarios sign experiment declarations with. {@code sign_with: demo} is the DEMO key pair shipped in this
 * jar ({@code io/slowburn/scenarios/keys/demo.key} and {@code demo.pub}). Its private key is public knowledge:
 * it exists so that the demo and the named scenarios can show sanctioned experiments out of the box. NEVER trust
 * {@code demo.pub} on a real detector — anyone can sign anything with it. Any other value is a path to an
 * {@code ID.key} file (key id = file name without {@code .key}), resolved against the scenario file's directory.
 */
public final class SigningKeys {

    /** Key id of the built-in demo key. */
    public static final String DEMO = "demo";
    private static final String RESOURCE_DIR = "/io/slowburn/scenarios/keys/";

    private SigningKeys() {
    }

    /** A private key and the key id its approvals carry. */
    public record Signer(String keyId, PrivateKey key) {
    }

    /** The signer {@code sign_with} names. */
    static Signer signer(String signWith, Path baseDir) throws IOException, GeneralSecurityException {
        if (DEMO.equals(signWith)) {
            return new Signer(DEMO, demoPrivateKey());
        }
        Path file = baseDir == null ? Path.of(signWith) : baseDir.resolve(signWith);
        String name = file.getFileName().toString();
        String keyId = name.endsWith(".key") ? name.substring(0, name.length() - 4) : name;
        return new Signer(keyId, ExperimentKeys.readPrivateKey(file));
    }

    /** The DEMO private key (for demos and tests only). */
    public static PrivateKey demoPrivateKey() throws GeneralSecurityException {
        String pem = resource(DEMO + ".key");
        String body = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance(ExperimentKeys.ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    }

    /** The DEMO public key: trust it only in demos ({@code --trusted-keys} of a throwaway directory). */
    public static PublicKey demoPublicKey() throws GeneralSecurityException {
        return ExperimentKeys.publicKey(demoPublicPem(), DEMO + ".pub");
    }

    /** The PEM text of {@code demo.pub}, to write into a demo's trusted-keys directory. */
    public static String demoPublicPem() {
        return resource(DEMO + ".pub");
    }

    private static String resource(String name) {
        try (InputStream in = SigningKeys.class.getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE_DIR + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
