package io.slowburn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcCaptureTest {

    private static void process(Path root, int pid, String stat, String exe, String cmdline) throws Exception {
        Path dir = Files.createDirectories(root.resolve(Integer.toString(pid)));
        Files.writeString(dir.resolve("stat"), stat);
        Files.writeString(dir.resolve("status"), "Name:\tx\nUmask:\t0022\nUid:\t1000\t1000\t1000\t1000\nGid:\t1000\t1000\t1000\t1000\n");
        Files.write(dir.resolve("cmdline"), cmdline.getBytes(StandardCharsets.UTF_8));
        if (exe != null) {
            Files.createSymbolicLink(dir.resolve("exe"), Path.of(exe));
        }
    }

    @Test
    void shouldKeepOnlyWhatTheCollectorReadsAndPlayItBack(@TempDir Path dir) throws Exception {
        Path proc = Files.createDirectories(dir.resolve("proc"));
        Files.writeString(proc.resolve("meminfo"), "MemTotal: 100 kB\nMemFree: 10 kB\nMemAvailable: 50 kB\nSwapTotal: 0 kB\n");
        Files.writeString(proc.resolve("stat"), "cpu  1 2 3 4 5 6 7 8 9 10\ncpu0 1 2 3 4 5 6 7 8 9 10\nintr 12345\n");
        process(proc, 2, "2 (kthreadd) S 0 0 0 0 -1 2129984 77 0 0 0 10 5 0 0 20 0 1 0 14 0 0 18446744073709551615 0 0\n", null, "");
        process(proc, 4242, "4242 (my (odd)\tname) S 1 4242 4242 0 -1 4194560 99 0 0 0 10 5 0 0 20 0 1 0 900 123456 789 1 2 3\n",
                "/usr/bin/java", "/usr/bin/java\0-Dsecret=hunter2\0-jar\0app.jar\0");
        Path capture = dir.resolve("capture.txt");

        ProcCapture.record(proc, capture, 2, 1);

        String text = Files.readString(capture);
        assertThat(text).doesNotContain("hunter2", "cpu0", "intr", "SwapTotal", "Umask", "Gid", "123456");
        List<ProcCapture.Snapshot> snapshots = ProcCapture.load(capture);
        assertThat(snapshots).hasSize(2);
        assertThat(snapshots.get(1).procs()).isEqualTo(snapshots.get(0).procs());
        ProcCapture.Proc app = snapshots.get(0).procs().get(4242);
        assertThat(app.stat()).isEqualTo("4242 (my (odd)\tname) S 1 0 0 0 0 4194560 0 0 0 0 0 0 0 0 0 0 0 0 900\n");
        assertThat(app.uidLine()).isEqualTo("Uid:\t1000\t1000\t1000\t1000");
        assertThat(app.exe()).isEqualTo("/usr/bin/java");
        assertThat(app.firstArgument()).isEqualTo("/usr/bin/java");
        assertThat(snapshots.get(0).procs().get(2).exe()).isEmpty();

        Path replayed = dir.resolve("replayed");
        ProcCapture.materialize(snapshots.get(0), replayed);
        assertThat(Files.readString(replayed.resolve("4242/stat"))).isEqualTo(app.stat());
        assertThat(Files.readSymbolicLink(replayed.resolve("4242/exe"))).isEqualTo(Path.of("/usr/bin/java"));
        assertThat(Files.readAllBytes(replayed.resolve("4242/cmdline"))).isEqualTo("/usr/bin/java\0".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.exists(replayed.resolve("2/exe"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.readString(replayed.resolve("meminfo"))).isEqualTo("MemTotal: 100 kB\nMemFree: 10 kB\nMemAvailable: 50 kB\n");
        // Not left to @TempDir, which warns about every link that points outside it.
        ProcCapture.deleteTree(replayed);
        ProcCapture.deleteTree(proc);
    }

    @Test
    void shouldEscapeWhatWouldBreakALine() {
        String text = "a\\b\tc\nd\0e\rf \\n";

        assertThat(ProcCapture.escape(text)).doesNotContain("\t", "\n", "\0", "\r");
        assertThat(ProcCapture.unescape(ProcCapture.escape(text))).isEqualTo(text);
    }
}
