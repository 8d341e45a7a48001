package io.slowburn.e2e;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Records a real {@code /proc} over time into a small text fixture, and plays it back as a proc tree that
 * {@code ProcCollector} reads like the real one.
 *
 * <p>Only what the collector reads is kept, and nothing sensitive: {@code meminfo} (five lines), the {@code cpu}
 * line of {@code stat}, the {@code oom_kill} line of {@code vmstat}, {@code sys/fs/file-nr},
 * {@code sys/kernel/pid_max}; per process its {@code stat} up to field 22 (fields the collector does not read are
 * written as 0, so an unchanged process stays unchanged), the {@code Uid:} line of {@code status}, the {@code exe} link target and the
 * first argument of {@code cmdline} (never the other arguments nor the environment). Each scan after the first stores
 * only what changed ({@code proc} lines for new or changed processes, {@code gone} for vanished ones).
 *
 * <p>Format, one record a line, fields separated by tabs, text escaped ({@code \\}, {@code \n}, {@code \t},
 * {@code \0}, {@code \r}):
 * <pre>
 * # comment
 * snapshot &lt;ms since the first scan&gt;
 * file &lt;relative path&gt; &lt;content&gt;
 * proc &lt;pid&gt; &lt;stat&gt; &lt;Uid line or empty&gt; &lt;exe target or empty&gt; &lt;first argument or empty&gt;
 * gone &lt;pid&gt;
 * </pre>
 *
 * <p>Run (JDK only): {@code java src/test/java/io/slowburn/e2e/ProcCapture.java OUT SCANS INTERVAL_MS [PROC_ROOT]}.
 */
public final class ProcCapture {

    /** The {@code stat} fields (1-based) the collector reads: pid, comm, state, ppid, flags, starttime. */
    private static final int[] STAT_FIELDS_KEPT = {3, 4, 9, 22};
    private static final int LAST_FIELD_READ = 22;
    private static final List<String> MEMINFO_KEPT = List.of("MemTotal", "MemFree", "MemAvailable", "Buffers", "Cached");

    private ProcCapture() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: ProcCapture OUT SCANS INTERVAL_MS [PROC_ROOT]");
        }
        Path out = Path.of(args[0]);
        int scans = Integer.parseInt(args[1]);
        long interval = Long.parseLong(args[2]);
        Path root = Path.of(args.length > 3 ? args[3] : "/proc");
        record(root, out, scans, interval);
    }

    /** One scan: top-level files and processes, as the fixture stores them. */
    record Scan(Map<String, String> files, Map<Integer, String> procs) {
    }

    static void record(Path root, Path out, int scans, long intervalMs) throws IOException, InterruptedException {
        long start = System.currentTimeMillis();
        Scan previous = new Scan(Map.of(), Map.of());
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            w.write("# slowburn /proc capture, format 1 (see io.slowburn.e2e.ProcCapture): " + scans + " scans, "
                    + intervalMs + " ms apart\n");
            for (int i = 0; i < scans; i++) {
                long due = start + i * intervalMs;
                long wait = due - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                long at = System.currentTimeMillis() - start;
                Scan now = scan(root);
                w.write("snapshot " + at + "\n");
                for (Map.Entry<String, String> f : now.files().entrySet()) {
                    if (!f.getValue().equals(previous.files().get(f.getKey()))) {
                        w.write("file\t" + f.getKey() + "\t" + escape(f.getValue()) + "\n");
                    }
                }
                for (int pid : previous.procs().keySet()) {
                    if (!now.procs().containsKey(pid)) {
                        w.write("gone\t" + pid + "\n");
                    }
                }
                for (Map.Entry<Integer, String> p : now.procs().entrySet()) {
                    if (!p.getValue().equals(previous.procs().get(p.getKey()))) {
                        w.write("proc\t" + p.getKey() + "\t" + p.getValue() + "\n");
                    }
                }
                previous = now;
            }
        }
    }

    static Scan scan(Path root) {
        Map<String, String> files = new TreeMap<>();
        read(root.resolve("meminfo")).map(ProcCapture::meminfo).ifPresent(t -> files.put("meminfo", t));
        read(root.resolve("stat")).map(t -> lines(t, l -> l.startsWith("cpu "))).ifPresent(t -> files.put("stat", t));
        read(root.resolve("vmstat")).map(t -> lines(t, l -> l.startsWith("oom_kill "))).ifPresent(t -> files.put("vmstat", t));
        read(root.resolve("sys/fs/file-nr")).ifPresent(t -> files.put("sys/fs/file-nr", t));
        read(root.resolve("sys/kernel/pid_max")).ifPresent(t -> files.put("sys/kernel/pid_max", t));
        Map<Integer, String> procs = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.isEmpty() || !name.chars().allMatch(Character::isDigit) || name.length() >= 10) {
                    continue;
                }
                java.util.Optional<String> stat = read(p.resolve("stat")).map(ProcCapture::stripStat);
                if (stat.isEmpty() || stat.get().isEmpty()) {
                    continue;
                }
                String uid = read(p.resolve("status")).map(t -> lines(t, l -> l.startsWith("Uid:")).strip()).orElse("");
                String exe = link(p.resolve("exe"));
                String arg0 = firstArgument(p.resolve("cmdline"));
                procs.put(Integer.parseInt(name), escape(stat.get()) + "\t" + escape(uid) + "\t" + escape(exe) + "\t" + escape(arg0));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Scan(files, procs);
    }

    /**
     * A stat line cut after field 22 (starttime, the last the collector reads), every field in between that the
     * collector does not read written as 0 ("" when it is not a stat line).
     */
    static String stripStat(String stat) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open <= 0 || close < open) {
            return "";
        }
        String[] f = stat.substring(close + 1).trim().split("\\s+");
        StringBuilder sb = new StringBuilder(stat.substring(0, close + 1));
        for (int i = 0; i < f.length && i + 3 <= LAST_FIELD_READ; i++) {
            int field = i + 3;
            boolean kept = false;
            for (int k : STAT_FIELDS_KEPT) {
                kept |= k == field;
            }
            sb.append(' ').append(kept ? f[i] : "0");
        }
        return sb.append('\n').toString();
    }

    private static String meminfo(String text) {
        return lines(text, l -> MEMINFO_KEPT.stream().anyMatch(k -> l.startsWith(k + ":")));
    }

    private static String lines(String text, java.util.function.Predicate<String> keep) {
        StringBuilder sb = new StringBuilder();
        for (String l : text.split("\n")) {
            if (keep.test(l)) {
                sb.append(l).append('\n');
            }
        }
        return sb.toString();
    }

    private static java.util.Optional<String> read(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            return java.util.Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    private static String link(Path p) {
        try {
            return Files.readSymbolicLink(p).toString();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String firstArgument(Path cmdline) {
        try (InputStream in = Files.newInputStream(cmdline)) {
            byte[] b = in.readNBytes(4096);
            int end = 0;
            while (end < b.length && b[end] != 0) {
                end++;
            }
            return new String(b, 0, end, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case '\0' -> sb.append("\\0");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static String unescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                sb.append(c);
                continue;
            }
            char n = s.charAt(++i);
            sb.append(switch (n) {
                case 'n' -> '\n';
                case 't' -> '\t';
                case 'r' -> '\r';
                case '0' -> '\0';
                default -> n;
            });
        }
        return sb.toString();
    }

    /** One process of a snapshot, as stored. */
    record Proc(int pid, String stat, String uidLine, String exe, String firstArgument) {
    }

    /** One scan, whole (the deltas applied): its time since the first scan, its files and processes. */
    record Snapshot(long offsetMs, Map<String, String> files, Map<Integer, Proc> procs) {
    }

    /** Reads a capture into whole snapshots. */
    static List<Snapshot> load(Path capture) throws IOException {
        List<Snapshot> out = new ArrayList<>();
        Map<String, String> files = new LinkedHashMap<>();
        Map<Integer, Proc> procs = new TreeMap<>();
        Long at = null;
        for (String line : Files.readAllLines(capture, StandardCharsets.UTF_8)) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("snapshot ")) {
                if (at != null) {
                    out.add(new Snapshot(at, Map.copyOf(files), new TreeMap<>(procs)));
                }
                at = Long.parseLong(line.substring("snapshot ".length()).trim());
                continue;
            }
            String[] f = line.split("\t", -1);
            switch (f[0]) {
                case "file" -> files.put(f[1], unescape(f[2]));
                case "gone" -> procs.remove(Integer.parseInt(f[1]));
                case "proc" -> {
                    int pid = Integer.parseInt(f[1]);
                    procs.put(pid, new Proc(pid, unescape(f[2]), unescape(f[3]), unescape(f[4]), unescape(f[5])));
                }
                default -> throw new IOException(capture + ": unknown record '" + f[0] + "'");
            }
        }
        if (at != null) {
            out.add(new Snapshot(at, Map.copyOf(files), new TreeMap<>(procs)));
        }
        return out;
    }

    /**
     * Makes {@code root} look like {@code /proc} at this snapshot: writes its files, creates its processes' directories
     * (stat, status, cmdline, the exe link) and deletes the directories of processes it does not have.
     */
    static void materialize(Snapshot s, Path root) {
        materialize(s, null, root);
    }

    /** As {@link #materialize(Snapshot, Path)} when {@code root} holds {@code previous}: rewrites only what changed. */
    static void materialize(Snapshot s, Snapshot previous, Path root) {
        try {
            Files.createDirectories(root);
            for (Map.Entry<String, String> f : s.files().entrySet()) {
                Path p = root.resolve(f.getKey());
                Files.createDirectories(p.getParent());
                Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
            }
            try (Stream<Path> list = Files.list(root)) {
                for (Path p : (Iterable<Path>) list::iterator) {
                    String name = p.getFileName().toString();
                    if (name.chars().allMatch(Character::isDigit) && !s.procs().containsKey(Integer.parseInt(name))) {
                        deleteTree(p);
                    }
                }
            }
            for (Proc p : s.procs().values()) {
                if (previous != null && p.equals(previous.procs().get(p.pid()))) {
                    continue;
                }
                Path dir = root.resolve(Integer.toString(p.pid()));
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("stat"), p.stat(), StandardCharsets.UTF_8);
                Files.writeString(dir.resolve("status"), p.uidLine().isEmpty() ? "" : p.uidLine() + "\n", StandardCharsets.UTF_8);
                Files.write(dir.resolve("cmdline"), p.firstArgument().isEmpty() ? new byte[0]
                        : (p.firstArgument() + "\0").getBytes(StandardCharsets.UTF_8));
                Path exe = dir.resolve("exe");
                String current = Files.isSymbolicLink(exe) ? Files.readSymbolicLink(exe).toString() : "";
                if (!Objects.equals(current, p.exe())) {
                    Files.deleteIfExists(exe);
                    if (!p.exe().isEmpty()) {
                        Files.createSymbolicLink(exe, Path.of(p.exe()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
