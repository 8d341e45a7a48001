package io.slowburn.detector.service;

import io.slowburn.verdict.TrustedKeys;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys trusted to approve experiments, reloaded when the directory changes (a key added, rotated or removed
 * takes effect without a restart). The directory is looked at no more than once per {@code recheckMs} of the given
 * clock; with a fixed set ({@link #fixed}) nothing is reloaded, as in a backtest.
 */
public final class TrustedKeySource {

    private static final Logger LOG = LoggerFactory.getLogger(TrustedKeySource.class);

    private final Path dir;
    private final long recheckMs;
    private final LongSupplier clock;
    private volatile TrustedKeys keys;
    private volatile String listing = "";
    private volatile long checkedAt;

    private TrustedKeySource(Path dir, long recheckMs, LongSupplier clock, TrustedKeys keys) {
        this.dir = dir;
        this.recheckMs = recheckMs;
        this.clock = clock;
        this.keys = keys;
    }

    /** Keys that never change. */
    public static TrustedKeySource fixed(TrustedKeys keys) {
        return new TrustedKeySource(null, Long.MAX_VALUE, () -> 0L, keys);
    }

    /** Keys from {@code dir} (every {@code *.pub}), reloaded when the directory changes. */
    public static TrustedKeySource watching(Path dir, long recheckMs, LongSupplier clock) {
        TrustedKeySource s = new TrustedKeySource(dir, recheckMs, clock, TrustedKeys.empty());
        s.checkedAt = clock.getAsLong();
        s.reloadIfChanged();
        return s;
    }

    /** The keys from a directory, loaded once (backtest); none when {@code dir} is null. */
    public static TrustedKeySource loadOnce(Path dir) throws IOException {
        return fixed(dir == null ? TrustedKeys.empty() : TrustedKeys.load(dir));
    }

    public TrustedKeys current() {
        if (dir != null) {
            long now = clock.getAsLong();
            if (now - checkedAt >= recheckMs) {
                checkedAt = now;
                reloadIfChanged();
            }
        }
        return keys;
    }

    private synchronized void reloadIfChanged() {
        String now = listing(dir);
        if (now.equals(listing)) {
            return;
        }
        try {
            TrustedKeys loaded = TrustedKeys.load(dir);
            loaded.problems().forEach(p -> LOG.warn("trusted keys: {}", p));
            if (!loaded.fingerprint().equals(keys.fingerprint())) {
                LOG.info("trusted keys now {} (from {})", loaded.keyIds(), dir);
            }
            keys = loaded;
            listing = now;
        } catch (IOException e) {
            LOG.warn("cannot read trusted keys in {}: {}; keeping {}", dir, e.getMessage(), keys.keyIds());
        }
    }

    /** Names, sizes and modification times of the *.pub files: cheap to compare. */
    private static String listing(Path dir) {
        StringBuilder sb = new StringBuilder();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.pub")) {
            List<Path> sorted = new ArrayList<>();
            files.forEach(sorted::add);
            sorted.sort(null);
            for (Path p : sorted) {
                sb.append(p.getFileName()).append(':').append(Files.size(p)).append(':')
                        .append(Files.getLastModifiedTime(p).toMillis()).append(';');
            }
        } catch (IOException e) {
            return "unreadable:" + e.getMessage();
        }
        return sb.toString();
    }
}
