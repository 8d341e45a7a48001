package io.slowburn.ingest.os;

import io.slowburn.ingest.Capabilities;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads files under a proc root ({@code /proc}, or a captured fixture directory in tests). Every read returns
 * empty instead of throwing: a missing file means "this kernel does not have it" or "the process just exited";
 * a permission error is noted once in {@link Capabilities} under a key that does not include the pid, so one
 * line covers every process it applies to.
 */
final class ProcFs {

    private final Path root;
    private final Capabilities capabilities;

    ProcFs(Path root, Capabilities capabilities) {
        this.root = root;
        this.capabilities = capabilities;
    }

    Path root() {
        return root;
    }

    /** A file's text, or empty when it is missing or unreadable. */
    Optional<String> read(String relative) {
        Path p = root.resolve(relative);
        try {
            return Optional.of(new String(slurp(p), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (AccessDeniedException e) {
            denied(relative, "cannot read " + p + ": permission denied");
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            // /proc files of a process that exits mid-read fail with ESRCH and friends: treat as gone.
            return Optional.empty();
        }
    }

    /** The raw bytes of a file (for NUL-separated {@code cmdline}), or empty. */
    Optional<byte[]> readBytes(String relative) {
        try {
            return Optional.of(slurp(root.resolve(relative)));
        } catch (AccessDeniedException e) {
            denied(relative, "cannot read " + root.resolve(relative) + ": permission denied");
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Reads a whole file in large chunks. Not {@code Files.readAllBytes}: for a file whose size reads as 0 (every
     * /proc file) it first reads ONE byte and then continues at offset 1, and some /proc/sys implementations
     * (seen on this project's CI sandbox) answer a read at a non-zero offset with EOF: "32768" came back as "3".
     */
    static byte[] slurp(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            return in.readAllBytes();
        }
    }

    /** A symbolic link's target, or empty; a permission error is reported through {@code onDenied} once. */
    Optional<String> readLink(String relative, String deniedNote) {
        Path p = root.resolve(relative);
        try {
            return Optional.of(Files.readSymbolicLink(p).toString());
        } catch (AccessDeniedException e) {
            denied(relative, "cannot read " + p + ": permission denied; " + deniedNote);
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Number of entries in a directory ({@code /proc/<pid>/fd}), or empty when unreadable. */
    OptionalInt countEntries(String relative, String deniedNote) {
        Path p = root.resolve(relative);
        int n = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
            for (Path ignored : ds) {
                n++;
            }
            return OptionalInt.of(n);
        } catch (AccessDeniedException e) {
            denied(relative, "cannot list " + p + ": permission denied; " + deniedNote);
            return OptionalInt.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    /** The numeric directories of the root: the process ids (threads live under {@code <pid>/task}). */
    List<Integer> pids() {
        List<Integer> pids = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (!name.isEmpty() && name.chars().allMatch(Character::isDigit) && name.length() < 10) {
                    pids.add(Integer.parseInt(name));
                }
            }
        } catch (IOException | RuntimeException e) {
            capabilities.note("list-root", "cannot list " + root + ": " + e + "; no process metrics or events");
        }
        pids.sort(null);
        return pids;
    }

    void note(String key, String message) {
        capabilities.note(key, message);
    }

    /** The note key strips the pid: "cannot read /proc/1/exe" and "/proc/2/exe" are one limitation. */
    private void denied(String relative, String message) {
        String key = "denied:" + relative.replaceFirst("^\\d+/", "<pid>/");
        capabilities.note(key, message);
    }
}
