package io.slowburn.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Removing temporary directories (broker data, state directories) without failing the caller. */
public final class Directories {

    private static final Logger LOG = LoggerFactory.getLogger(Directories.class);
    /** How many walks a directory that changes under one gets. */
    private static final int ATTEMPTS = 3;

    private Directories() {
    }

    /**
     * Deletes {@code dir} and everything under it; never throws. A directory another process still writes into (a
     * browser's profile while its helpers exit, a broker's log directory) can lose or gain a file during the walk,
     * which ends the walk with an {@link UncheckedIOException}: the walk is tried again, a few times.
     */
    public static void deleteRecursively(Path dir) {
        for (int attempt = 1; attempt <= ATTEMPTS && dir != null && Files.exists(dir); attempt++) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        LOG.debug("could not delete {}: {}", p, e.getMessage());
                    }
                });
            } catch (IOException | UncheckedIOException e) {
                LOG.debug("deleting {} (attempt {}): {}", dir, attempt, e.getMessage());
            }
        }
        if (dir != null && Files.exists(dir)) {
            LOG.warn("could not delete {}", dir);
        }
    }
}
