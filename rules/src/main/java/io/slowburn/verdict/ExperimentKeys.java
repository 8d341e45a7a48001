package io.slowburn.verdict;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Ed25519 approval keys on disk, in the formats {@code openssl} reads and writes:
 * {@code ID.key} holds the private key as PKCS#8 DER in a PEM {@code PRIVATE KEY} block (file mode 600 where the file
 * system is POSIX); {@code ID.pub} holds the public key as X.509 SubjectPublicKeyInfo in a PEM {@code PUBLIC KEY}
 * block. {@code openssl genpkey -algorithm ed25519 -out ID.key} and {@code openssl pkey -in ID.key -pubout -out ID.pub}
 * make the same files. JDK crypto only.
 */
public final class ExperimentKeys {

    /** Key ids name files: letters, digits, {@code . _ -}, starting with a letter or digit, at most 64 characters. */
    public static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    public static final String ALGORITHM = "Ed25519";
    /** Key files are tiny; anything bigger is not a key. */
    static final int MAX_KEY_FILE_BYTES = 16 * 1024;

    private static final String PRIVATE = "PRIVATE KEY";
    private static final String PUBLIC = "PUBLIC KEY";

    private ExperimentKeys() {
    }

    /** Whether {@code keyId} is a valid key id (also a safe file name). */
    public static boolean isValidKeyId(String keyId) {
        return keyId != null && KEY_ID.matcher(keyId).matches();
    }

    /** A fresh Ed25519 key pair. */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519", e);
        }
    }

    /**
     * Generates a key pair and writes {@code dir/keyId.key} (created with mode 600) and {@code dir/keyId.pub}.
     * Never overwrites: an existing file is an error.
     *
     * @return the files written
     * @throws IllegalArgumentException when the key id is not valid
     * @throws FileAlreadyExistsException when either file exists
     */
    public static Generated keygen(String keyId, Path dir) throws IOException {
        if (!isValidKeyId(keyId)) {
            throw new IllegalArgumentException("invalid key id '" + keyId + "': use letters, digits, '.', '_', '-' (at most 64)");
        }
        Files.createDirectories(dir);
        Path key = dir.resolve(keyId + ".key");
        Path pub = dir.resolve(keyId + ".pub");
        if (Files.exists(key) || Files.exists(pub)) {
            throw new FileAlreadyExistsException((Files.exists(key) ? key : pub).toString(), null, "refusing to overwrite a key");
        }
        KeyPair pair = generate();
        writePrivate(key, pair.getPrivate());
        Files.writeString(pub, pem(PUBLIC, pair.getPublic().getEncoded()), StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW);
        return new Generated(keyId, key, pub, fingerprint(pair.getPublic()));
    }

    private static void writePrivate(Path key, PrivateKey privateKey) throws IOException {
        byte[] text = pem(PRIVATE, privateKey.getEncoded()).getBytes(StandardCharsets.US_ASCII);
        boolean posix = key.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (posix) {
            Set<PosixFilePermission> owner = PosixFilePermissions.fromString("rw-------");
            FileAttribute<Set<PosixFilePermission>> attr = PosixFilePermissions.asFileAttribute(owner);
            // created with the restrictive mode, so the key is never readable by others, not even briefly
            Files.createFile(key, attr);
            Files.setPosixFilePermissions(key, owner); // in case the umask narrowed it further
            Files.write(key, text, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        } else {
            Files.write(key, text, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
    }

    /** Reads a PEM {@code PRIVATE KEY} (PKCS#8) Ed25519 key. */
    /**
     * The permissions of a private key file when group or others have any access to it ({@code rw-r--r--}), else
     * {@code null}; also {@code null} where the file system has no POSIX permissions (or the file cannot be read:
     * reading it then says why).
     */
    public static String unprotected(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            for (PosixFilePermission p : perms) {
                if (!p.name().startsWith("OWNER_")) {
                    return PosixFilePermissions.toString(perms);
                }
            }
            return null;
        } catch (UnsupportedOperationException | IOException e) {
            return null;
        }
    }

    public static PrivateKey readPrivateKey(Path file) throws IOException, GeneralSecurityException {
        byte[] der = unpem(read(file), PRIVATE, file);
        return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    /** Reads a PEM {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo) Ed25519 key. */
    public static PublicKey readPublicKey(Path file) throws IOException, GeneralSecurityException {
        return publicKey(read(file), file.getFileName().toString());
    }

    /** Parses PEM {@code PUBLIC KEY} text holding an Ed25519 key. */
    public static PublicKey publicKey(String pemText, String what) throws GeneralSecurityException {
        byte[] der = unpem(pemText, PUBLIC, what);
        PublicKey k = KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
        if (!ALGORITHM.equalsIgnoreCase(k.getAlgorithm()) && !"EdDSA".equalsIgnoreCase(k.getAlgorithm())) {
            throw new GeneralSecurityException(what + ": not an Ed25519 key (" + k.getAlgorithm() + ")");
        }
        return k;
    }

    /** PEM text of a public key (what {@code .pub} files hold). */
    public static String publicPem(PublicKey key) {
        return pem(PUBLIC, key.getEncoded());
    }

    /** PEM text of a private key (what {@code .key} files hold). */
    public static String privatePem(PrivateKey key) {
        return pem(PRIVATE, key.getEncoded());
    }

    /**
     * {@code SHA256:} and the hex SHA-256 of the key's DER SubjectPublicKeyInfo; the same digest as
     * {@code openssl pkey -pubin -in ID.pub -outform DER | sha256sum}.
     */
    public static String fingerprint(PublicKey key) {
        try {
            return "SHA256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_KEY_FILE_BYTES) {
            throw new IOException(file + ": " + size + " bytes is too large for a key file");
        }
        return Files.readString(file, StandardCharsets.US_ASCII);
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] unpem(String text, String type, Object what) throws GeneralSecurityException {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b < 0 || e < b) {
            throw new GeneralSecurityException(what + ": no '" + begin + "' block");
        }
        String body = text.substring(b + begin.length(), e).replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException ex) {
            throw new GeneralSecurityException(what + ": the " + type + " block is not base64", ex);
        }
    }

    /** What {@link #keygen} wrote. */
    public record Generated(String keyId, Path privateKey, Path publicKey, String fingerprint) {
    }
}
