package io.slowburn.verdict;

import io.slowburn.model.InvalidRecordException;
import io.slowburn.model.RecordCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The logic of the {@code slowburn experiments ...} commands, as plain methods returning an exit code and the text to
 * print, so the picocli wiring only maps options. Exit codes follow the contract: 0 success, 2 bad usage or bad input
 * (a one-line reason naming the file), 1 anything else. For {@code verify}, a well-formed declaration that is not
 * authentic exits 1.
 */
public final class ExperimentCommands {

    private ExperimentCommands() {
    }

    /** Exit code plus what to print on stdout and stderr (either may be empty). */
    public record Result(int exitCode, String out, String err) {

        static Result ok(String out) {
            return new Result(0, out, "");
        }

        static Result badInput(String err) {
            return new Result(2, "", err);
        }

        static Result failed(String err) {
            return new Result(1, "", err);
        }
    }

    /** {@code experiments keygen --key-id ID --dir DIR}: writes {@code DIR/ID.key} (mode 600) and {@code DIR/ID.pub}. */
    public static Result keygen(String keyId, Path dir) {
        if (!ExperimentKeys.isValidKeyId(keyId)) {
            return Result.badInput("invalid --key-id '" + keyId + "': letters, digits, '.', '_', '-', at most 64, starting with a "
                    + "letter or digit");
        }
        try {
            ExperimentKeys.Generated g = ExperimentKeys.keygen(keyId, dir);
            return Result.ok("wrote " + g.privateKey() + " (private: keep it secret) and " + g.publicKey()
                    + " (copy it into the trusted keys directory); fingerprint " + g.fingerprint() + "\n");
        } catch (FileAlreadyExistsException e) {
            return Result.badInput(e.getFile() + ": already exists; refusing to overwrite a key");
        } catch (IOException e) {
            return Result.failed("cannot write keys in " + dir + ": " + e.getMessage());
        }
    }

    /** {@code experiments sign --key FILE --in FILE --out FILE}: the key id is the key file's name without {@code .key}. */
    public static Result sign(Path keyFile, Path in, Path out) {
        String name = keyFile.getFileName().toString();
        String keyId = name.endsWith(".key") ? name.substring(0, name.length() - ".key".length()) : name;
        return sign(keyFile, keyId, in, out);
    }

    /** Signs {@code in} with the key in {@code keyFile} under {@code keyId}; writes the declaration with the approval to {@code out}. */
    public static Result sign(Path keyFile, String keyId, Path in, Path out) {
        if (!ExperimentKeys.isValidKeyId(keyId)) {
            return Result.badInput(keyFile + ": key id '" + keyId + "' (from the file name) is not valid");
        }
        String unprotected = ExperimentKeys.unprotected(keyFile);
        if (unprotected != null) {
            // as ssh does: a signing key others can read is a key anyone on the host can sanction an attack with
            return Result.badInput(keyFile + ": private key is accessible to group or others (" + unprotected
                    + "): refusing to sign with it; run 'chmod 600 " + keyFile + "' (keygen writes it so)");
        }
        PrivateKey key;
        try {
            key = ExperimentKeys.readPrivateKey(keyFile);
        } catch (NoSuchFileException e) {
            return Result.badInput(keyFile + ": no such file");
        } catch (IOException | GeneralSecurityException e) {
            return Result.badInput(keyFile + ": not an Ed25519 private key (PEM PRIVATE KEY): " + e.getMessage());
        }
        String text;
        try {
            text = read(in);
        } catch (IOException e) {
            return Result.badInput(in + ": cannot read: " + e.getMessage());
        }
        String signed;
        try {
            signed = new DeclarationSigner().sign(text, key, keyId);
        } catch (InvalidRecordException e) {
            return Result.badInput(in + ": " + e.getMessage());
        }
        try {
            Files.writeString(out, signed + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Result.failed(out + ": cannot write: " + e.getMessage());
        }
        return Result.ok("signed " + in + " as '" + keyId + "', wrote " + out + "\n");
    }

    /**
     * {@code experiments verify --trusted-keys DIR --in FILE [--min-approvals N]}: exit 0 when authentic, 1 when not,
     * 2 when the input or the key directory is unusable. Prints each approval's outcome and, when authentic, where
     * the window stands against the wall clock ({@code authentic, expired: ...}): authentic is not the same as in
     * force. The exit code says authenticity only, as before.
     */
    public static Result verify(Path trustedKeysDir, Path in, int minApprovals) {
        // the wall clock is right here: a person asks whether the declaration is in force now; detection never asks
        return verify(trustedKeysDir, in, minApprovals, Instant.now());
    }

    /** {@link #verify(Path, Path, int)} as of {@code now}. */
    public static Result verify(Path trustedKeysDir, Path in, int minApprovals, Instant now) {
        if (minApprovals < 1) {
            return Result.badInput("--min-approvals must be at least 1");
        }
        TrustedKeys keys;
        try {
            keys = TrustedKeys.load(trustedKeysDir);
        } catch (IOException e) {
            return Result.badInput(trustedKeysDir + ": cannot list trusted keys: " + e.getMessage());
        }
        ExperimentDeclaration d;
        try {
            d = new DeclarationParser().parse(read(in));
        } catch (IOException e) {
            return Result.badInput(in + ": cannot read: " + e.getMessage());
        } catch (InvalidRecordException e) {
            return Result.badInput(in + ": " + e.getMessage());
        }
        Authenticity a = new DeclarationVerifier(keys, minApprovals).verify(d);
        StringBuilder sb = new StringBuilder();
        for (String p : keys.problems()) {
            sb.append("warning: trusted key ").append(p).append('\n');
        }
        for (Authenticity.ApprovalOutcome o : a.approvals()) {
            sb.append("approval ").append(o.index()).append(" (").append(o.keyId()).append("): ")
                    .append(o.outcome().wire()).append(" - ").append(o.reason()).append('\n');
        }
        sb.append(a.explanation()).append('\n');
        if (a.valid()) {
            sb.append(windowStatus(d, now)).append('\n');
        }
        return a.valid() ? new Result(0, sb.toString(), "") : new Result(1, sb.toString(), "");
    }

    /**
     * {@code experiments canonical --in FILE}: prints the canonical form (no trailing newline), the exact bytes an
     * approval signs, e.g. for signing with {@code openssl pkeyutl -sign -rawin}.
     */
    public static Result canonical(Path in) {
        try {
            return Result.ok(new DeclarationParser().parse(read(in)).canonical());
        } catch (IOException e) {
            return Result.badInput(in + ": cannot read: " + e.getMessage());
        } catch (InvalidRecordException e) {
            return Result.badInput(in + ": " + e.getMessage());
        }
    }

    /** {@code authentic, expired: ...}, {@code authentic, in force until ...} or {@code authentic, not yet in force: ...}. */
    static String windowStatus(ExperimentDeclaration d, Instant now) {
        Instant start = Instant.ofEpochMilli(d.start());
        Instant end = Instant.ofEpochMilli(d.end());
        if (!now.isBefore(end)) {
            return "authentic, expired: its window ended " + end + ", " + Duration.between(end, now).toDays()
                    + " day(s) before now (" + now.truncatedTo(ChronoUnit.SECONDS) + "); it sanctions only what happened in "
                    + start + " .. " + end;
        }
        if (now.isBefore(start)) {
            return "authentic, not yet in force: its window opens " + start + " and ends " + end;
        }
        return "authentic, in force until " + end;
    }

    private static String read(Path in) throws IOException {
        long size = Files.size(in);
        if (size > RecordCodec.MAX_RECORD_BYTES) {
            throw new IOException(size + " bytes is more than the limit of " + RecordCodec.MAX_RECORD_BYTES);
        }
        return Files.readString(in, StandardCharsets.UTF_8);
    }
}
