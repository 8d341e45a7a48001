package io.slowburn.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/**
 * The alerts an output refused or that stayed undeliverable, one JSON object a line (JSON Lines), written and synced
 * before the forwarder commits past them, so none is lost:
 * <pre>
 * {"failed_at": WALL TIME, "output": "webhook", "target": URL, "reason": "HTTP 400 ...", "attempts": 1,
 *  "topic": ..., "partition": 0, "offset": 42, "id": "ALERT_ID:firing", "alert": {...the record}}
 * </pre>
 * (a record that is not an alert at all has {@code "output": null} and {@code "raw"} instead of {@code "alert"}).
 * Bounded: when a line would take the file past {@code maxBytes}, the file is renamed to {@code FILE.1} (replacing the
 * one before) and a new one is started, so at most about twice {@code maxBytes} stay on disk. A write that fails throws:
 * the forwarder then stops without committing, and the alert is read again on restart.
 */
public final class DeadLetterFile {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path file;
    private final long maxBytes;
    private final Clock clock;
    private long written;
    private long rotations;

    public DeadLetterFile(Path file, long maxBytes, Clock clock) {
        if (maxBytes < 1024) {
            throw new IllegalArgumentException("the dead letter's bound must be at least 1024 bytes, got " + maxBytes);
        }
        this.file = file.toAbsolutePath();
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    public Path file() {
        return file;
    }

    /** Where the record came from; {@code partition} -1 and {@code offset} -1 when not from the topic. */
    public record Origin(String topic, int partition, long offset) {
    }

    /** One undeliverable alert. */
    public synchronized void add(AlertOutput output, StableAlert alert, Retrier.Result result, Origin origin) {
        ObjectNode n = head(output == null ? null : output.name(), output == null ? null : output.target(), result.last().detail(),
                result.attempts(), origin);
        n.put("id", alert.eventId());
        n.set("alert", alert.record().json());
        append(n);
    }

    /** A record that is not an alert: kept as received. */
    public synchronized void addUnreadable(String raw, String reason, Origin origin) {
        ObjectNode n = head(null, null, reason, 0, origin);
        n.put("raw", raw);
        append(n);
    }

    private ObjectNode head(String output, String target, String reason, int attempts, Origin origin) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("failed_at", clock.instant().toString());
        n.put("output", output);
        n.put("target", target);
        n.put("reason", reason);
        n.put("attempts", attempts);
        n.put("topic", origin.topic());
        n.put("partition", origin.partition());
        n.put("offset", origin.offset());
        return n;
    }

    private void append(ObjectNode n) {
        byte[] line;
        try {
            line = (MAPPER.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a dead letter", e);
        }
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            long size = Files.exists(file) ? Files.size(file) : 0;
            if (size > 0 && size + line.length > maxBytes) {
                Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
                rotations++;
            }
            Files.write(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE,
                    StandardOpenOption.DSYNC);
            written++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the dead letter " + file + ": " + e.getMessage(), e);
        }
    }

    /** Lines written by this process. */
    public synchronized long written() {
        return written;
    }

    public synchronized long rotations() {
        return rotations;
    }
}
