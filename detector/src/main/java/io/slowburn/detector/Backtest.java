package io.slowburn.detector;

import io.slowburn.model.InvalidRecordException;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.streams.KeyValue;

/**
 * Replays a JSON Lines file of contract records, in the file's (event-time) order, through the detector's topology
 * without a broker, and writes the alerts as JSON Lines. Event time only: the same input gives byte-identical output.
 */
public final class Backtest {

    /** What a replay did. */
    public record Summary(long lines, long rejectedLines, long alerts, long deadLetters, double seconds) {

        public double recordsPerSecond() {
            return seconds == 0 ? 0 : lines / seconds;
        }
    }

    private final OfflineDetector detector;
    private final PrintStream progress;

    public Backtest(OfflineDetector detector, PrintStream progress) {
        this.detector = detector;
        this.progress = progress;
    }

    /**
     * Replays {@code input} into {@code output}; dead letters go to {@code dlq} when given. A line that is not a JSON
     * object with a {@code stream} field cannot be routed: it is reported on the progress stream with its line number
     * and counted, and the replay goes on.
     */
    public Summary run(Path input, Path output, Path dlq) throws IOException {
        return run(input, output, dlq, null);
    }

    /**
     * As {@link #run(Path, Path, Path)}, and when {@code audit} is given, the audit trail too (JSON Lines): every verdict
     * and why, what shadow rules would have alerted ({@code "type":"shadow"}), what exceptions suppressed
     * ({@code "type":"suppressed"}).
     */
    public Summary run(Path input, Path output, Path dlq, Path audit) throws IOException {
        long start = System.nanoTime();
        long lastReport = start;
        long lines = 0;
        long rejected = 0;
        long alerts = 0;
        long dead = 0;
        try (BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8);
             OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(output), 1 << 16);
             BufferedWriter dlqOut = dlq == null ? null : Files.newBufferedWriter(dlq, StandardCharsets.UTF_8);
             OutputStream auditOut = audit == null ? null : new java.io.BufferedOutputStream(Files.newOutputStream(audit), 1 << 16)) {
            String line;
            while ((line = in.readLine()) != null) {
                lines++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    detector.pipeLine(line);
                } catch (InvalidRecordException e) {
                    rejected++;
                    if (rejected <= 20) {
                        progress.println(input + ":" + lines + ": skipped: " + e.getMessage());
                    }
                }
                alerts += write(detector.drainAlerts(), out);
                List<KeyValue<String, byte[]>> letters = detector.drainDlq();
                dead += letters.size();
                if (dlqOut != null) {
                    for (KeyValue<String, byte[]> kv : letters) {
                        dlqOut.write(new String(kv.value, StandardCharsets.UTF_8));
                        dlqOut.newLine();
                    }
                }
                List<KeyValue<String, byte[]>> trail = detector.drainAudit();
                if (auditOut != null) {
                    write(trail, auditOut);
                }
                detector.drainControl();
                long now = System.nanoTime();
                if (now - lastReport > 2_000_000_000L) {
                    lastReport = now;
                    progress.printf(java.util.Locale.ROOT, "backtest: %,d records, %,d alerts, %.0f records/s%n", lines, alerts,
                            lines / ((now - start) / 1e9));
                }
            }
        }
        if (rejected > 20) {
            progress.println("... and " + (rejected - 20) + " more skipped lines");
        }
        return new Summary(lines, rejected, alerts, dead, (System.nanoTime() - start) / 1e9);
    }

    private static long write(List<KeyValue<String, byte[]>> records, OutputStream out) throws IOException {
        for (KeyValue<String, byte[]> kv : records) {
            out.write(kv.value);
            out.write('\n');
        }
        return records.size();
    }
}
