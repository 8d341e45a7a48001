package io.slowburn.ingest.os;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Options of {@code slowburn ingest os}.
 *
 * @param source the {@code source} of every record (default: host name)
 * @param procRoot the proc file system (default {@code /proc}; a captured directory in tests)
 * @param passwdFile uid → user names (default {@code /etc/passwd}); {@code null} reports uids as numbers
 * @param watch processes whose fd count is reported as {@code os.process.fd.open}, matched against comm and exe;
 *              {@code null} watches none
 * @param interval between polls (default 10 s)
 * @param processEvents whether to diff process tables into process.start/exit/exec events
 */
public record ProcOptions(String source, Path procRoot, Path passwdFile, Pattern watch, Duration interval, boolean processEvents) {

    public static final Path DEFAULT_PROC_ROOT = Path.of("/proc");
    public static final Path DEFAULT_PASSWD = Path.of("/etc/passwd");
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    public ProcOptions {
        Objects.requireNonNull(source, "source");
        procRoot = procRoot == null ? DEFAULT_PROC_ROOT : procRoot;
        interval = interval == null ? DEFAULT_INTERVAL : interval;
    }

    public static ProcOptions defaults(String source) {
        return new ProcOptions(source, DEFAULT_PROC_ROOT, DEFAULT_PASSWD, null, DEFAULT_INTERVAL, true);
    }

    public ProcOptions withProcRoot(Path root) {
        return new ProcOptions(source, root, passwdFile, watch, interval, processEvents);
    }

    public ProcOptions withWatch(Pattern newWatch) {
        return new ProcOptions(source, procRoot, passwdFile, newWatch, interval, processEvents);
    }

    public ProcOptions withPasswd(Path passwd) {
        return new ProcOptions(source, procRoot, passwd, watch, interval, processEvents);
    }
}
