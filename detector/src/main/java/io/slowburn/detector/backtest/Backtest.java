package io.slowburn.detector.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slowburn.engine.InternalCodec;
import io.slowburn.model.InvalidRecordException;
import io.slowburn.model.RecordCodec;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.streams.KeyValue;

/**
 * Replays a JSON Lines file of contract records, in the file's (event-time) order, through the detector's topology
 * without a broker, and writes the alerts as JSON Lines. Event time only: the same input gives byte-identical output.
 */
public final class Backtest {

    /**
     * What a replay did: lines read, lines the detector could not use ({@code rejectedLines}, each also a dead letter),
     * alerts, dead letters in all.
     */
    public record Summary(long lines, long rejectedLines, long alerts, long deadLetters, double seconds) {

        public double recordsPerSecond() {
            return seconds == 0 ? 0 : lines / seconds;
        }
    }

    /**
     * The longest line held whole: 1 MiB, a broker's default {@code message.max.bytes}. Records longer than
     * {@link RecordCodec#MAX_RECORD_BYTES} are refused anyway; up to this bound the dead letter keeps all of the line,
     * beyond it the first {@link RecordCodec#MAX_RECORD_BYTES} bytes and the line's length.
     */
    public static final int MAX_LINE_BYTES = 1 << 20;

    private final OfflineDetector detector;
    private final PrintStream progress;
    private final InternalCodec letters = new InternalCodec(new RecordCodec());
    /** Reads our own dead letters back (to add to them): Jackson's default bounds, not the codec's record bounds. */
    private final ObjectMapper json = new ObjectMapper();

    public Backtest(OfflineDetector detector, PrintStream progress) {
        this.detector = detector;
        this.progress = progress;
    }

    /**
     * Replays {@code input} into {@code output}; dead letters go to {@code dlq} when given. A line the detector cannot
     * use (see {@link #deadLine}) is a dead letter too, with the file, its line number, the reason and its bytes; it is
     * named on the progress stream (the first 20) and counted, and the replay goes on.
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
        String file = input.toString();
        try (JsonLinesReader in = new JsonLinesReader(Files.newInputStream(input), MAX_LINE_BYTES, RecordCodec.MAX_RECORD_BYTES);
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(output), 1 << 16);
             OutputStream dlqOut = dlq == null ? null : new BufferedOutputStream(Files.newOutputStream(dlq), 1 << 16);
             OutputStream auditOut = audit == null ? null : new BufferedOutputStream(Files.newOutputStream(audit), 1 << 16)) {
            JsonLinesReader.Line line;
            while ((line = in.next()) != null) {
                lines++;
                if (isBlank(line.bytes()) && !line.truncated()) {
                    continue;
                }
                byte[] unusable = deadLine(line, file);
                if (unusable != null) {
                    rejected++;
                    dead++;
                    if (rejected <= 20) {
                        progress.println(file + ":" + line.number() + ": dead letter: " + reasonOf(unusable));
                    }
                    if (dlqOut != null) {
                        dlqOut.write(unusable);
                        dlqOut.write('\n');
                    }
                }
                alerts += write(detector.drainAlerts(), out);
                List<KeyValue<String, byte[]>> letters = detector.drainDlq();
                dead += letters.size();
                if (dlqOut != null) {
                    for (KeyValue<String, byte[]> kv : letters) {
                        dlqOut.write(located(kv.value, file, line.number()));
                        dlqOut.write('\n');
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
                    progress.printf(Locale.ROOT, "backtest: %,d records, %,d alerts, %.0f records/s%n", lines, alerts,
                            lines / ((now - start) / 1e9));
                }
            }
        }
        if (rejected > 20) {
            progress.println("... and " + (rejected - 20) + " more unusable lines, in the dead letters");
        }
        return new Summary(lines, rejected, alerts, dead, (System.nanoTime() - start) / 1e9);
    }

    /**
     * Pipes one line into the detector, or returns the dead letter of a line it cannot use: longer than
     * {@link #MAX_LINE_BYTES}, not well-formed UTF-8, not a JSON object (truncated, an array, a raw control character,
     * nested deeper than the codec's bound, larger than {@link RecordCodec#MAX_RECORD_BYTES}, duplicate field names), or
     * naming no {@code stream}. A line that routes is the detector's: if it rejects it, its own dead letter says why.
     */
    private byte[] deadLine(JsonLinesReader.Line line, String file) {
        byte[] bytes = line.bytes();
        if (line.truncated()) {
            return deadLetter("line of " + line.length() + " bytes is longer than the limit of " + MAX_LINE_BYTES
                    + " bytes; its first " + bytes.length + " bytes are kept here", bytes, file, line, true);
        }
        int bad = Utf8.firstInvalid(bytes);
        if (bad >= 0) {
            return deadLetter(String.format(Locale.ROOT, "not valid UTF-8: byte 0x%02X at offset %d", bytes[bad] & 0xFF,
                    bad), bytes, file, line, false);
        }
        try {
            detector.pipeLine(bytes);
            return null;
        } catch (InvalidRecordException e) {
            return deadLetter(e.getMessage(), bytes, file, line, false);
        }
    }

    /** The live dead-letter shape (no topic: the line reached none), with where the line is in the file. */
    private byte[] deadLetter(String reason, byte[] bytes, String file, JsonLinesReader.Line line, boolean truncated) {
        ObjectNode n = (ObjectNode) tree(letters.deadLetter(reason, "", -1, -1L, -1L, null, bytes));
        n.putNull("topic");
        n.put("file", file);
        n.put("line", line.number());
        if (truncated) {
            n.put("truncated", true);
            n.put("line_bytes", line.length());
        }
        return bytes(n);
    }

    /** A dead letter of the detector's, with the file and line of the record it rejected. */
    private byte[] located(byte[] letter, String file, long number) {
        ObjectNode n = (ObjectNode) tree(letter);
        n.put("file", file);
        n.put("line", number);
        return bytes(n);
    }

    private String reasonOf(byte[] letter) {
        return tree(letter).get("reason").asText();
    }

    /** Our own dead letters, read back to add to them. */
    private JsonNode tree(byte[] letter) {
        try {
            return json.readTree(letter);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] bytes(JsonNode n) {
        try {
            return json.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isBlank(byte[] b) {
        for (byte c : b) {
            if (c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    private static long write(List<KeyValue<String, byte[]>> records, OutputStream out) throws IOException {
        if (records.isEmpty()) {
            return 0; // after nearly every line: no iterator made for nothing
        }
        for (KeyValue<String, byte[]> kv : records) {
            out.write(kv.value);
            out.write('\n');
        }
        return records.size();
    }
}
