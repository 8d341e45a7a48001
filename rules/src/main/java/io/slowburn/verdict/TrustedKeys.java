package io.slowburn.verdict;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The approvers' public keys: key id to Ed25519 public key. Immutable; {@link #load} reads a directory again to
 * reload, and {@link #fingerprint()} tells cheaply whether two loads hold the same keys (for rotation watching).
 */
public final class TrustedKeys {

    private static final TrustedKeys EMPTY = new TrustedKeys(Map.of(), List.of());

    private final Map<String, PublicKey> keys;
    private final List<String> problems;
    private final String fingerprint;

    private TrustedKeys(Map<String, PublicKey> keys, List<String> problems) {
        this.keys = Collections.unmodifiableSortedMap(new TreeMap<>(keys));
        this.problems = List.copyOf(problems);
        this.fingerprint = digest(this.keys);
    }

    public static TrustedKeys empty() {
        return EMPTY;
    }

    /** Trusted keys from a map (tests, or keys held elsewhere). Key ids must be valid. */
    public static TrustedKeys of(Map<String, PublicKey> keys) {
        for (String id : keys.keySet()) {
            if (!ExperimentKeys.isValidKeyId(id)) {
                throw new IllegalArgumentException("invalid key id '" + id + "'");
            }
        }
        return new TrustedKeys(keys, List.of());
    }

    /**
     * Every {@code *.pub} in {@code dir} (not recursive); key id = file name without {@code .pub}. A file that cannot be
     * read, is not an Ed25519 PEM public key, or has an invalid key id is skipped and named in {@link #problems()};
     * the other keys still load.
     *
     * @throws IOException when the directory itself cannot be listed
     */
    public static TrustedKeys load(Path dir) throws IOException {
        Map<String, PublicKey> keys = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.pub")) {
            ds.forEach(files::add);
        }
        Collections.sort(files);
        for (Path f : files) {
            String name = f.getFileName().toString();
            String id = name.substring(0, name.length() - ".pub".length());
            if (!ExperimentKeys.isValidKeyId(id)) {
                problems.add(name + ": invalid key id '" + id + "' (letters, digits, '.', '_', '-'; at most 64)");
                continue;
            }
            if (!Files.isRegularFile(f)) {
                problems.add(name + ": not a regular file");
                continue;
            }
            try {
                keys.put(id, ExperimentKeys.readPublicKey(f));
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                problems.add(name + ": not an Ed25519 public key (" + e.getMessage() + ")");
            }
        }
        return new TrustedKeys(keys, problems);
    }

    public Optional<PublicKey> get(String keyId) {
        return Optional.ofNullable(keyId == null ? null : keys.get(keyId));
    }

    public boolean contains(String keyId) {
        return keyId != null && keys.containsKey(keyId);
    }

    /** Key ids, sorted. */
    public Set<String> keyIds() {
        return keys.keySet();
    }

    public int size() {
        return keys.size();
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /** Files that could not be loaded, each "file name: reason". */
    public List<String> problems() {
        return problems;
    }

    /**
     * SHA-256 (hex) over the sorted key ids and their encoded keys: equal fingerprints mean the same trusted keys.
     * Cheap to compare after a reload.
     */
    public String fingerprint() {
        return fingerprint;
    }

    private static String digest(Map<String, PublicKey> keys) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, PublicKey> e : keys.entrySet()) {
                byte[] id = e.getKey().getBytes(StandardCharsets.UTF_8);
                byte[] enc = e.getValue().getEncoded();
                md.update(length(id.length));
                md.update(id);
                md.update(length(enc.length));
                md.update(enc);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] length(int n) {
        return new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrustedKeys t && t.fingerprint.equals(fingerprint);
    }

    @Override
    public int hashCode() {
        return fingerprint.hashCode();
    }

    @Override
    public String toString() {
        return "TrustedKeys" + keys.keySet() + (problems.isEmpty() ? "" : " problems=" + problems);
    }
}
