package io.slowburn.ingest.publish;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.slowburn.kafka.DeadLetter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Dead letters as JSON Lines appended to a file (one letter a line, the topic's format), for an adapter that writes
 * a file instead of Kafka. {@link #write} forces the bytes to the disk before it returns.
 */
public final class JsonLinesDeadLetterSink implements DeadLetterSink {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final FileChannel channel;

    public JsonLinesDeadLetterSink(Path file) {
        this.file = file;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open '" + file + "' for writing: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void write(List<DeadLetter> letters) {
        try {
            ByteArrayOutputStream lines = new ByteArrayOutputStream();
            for (DeadLetter letter : letters) {
                lines.write(JSON.writeValueAsBytes(letter.toJson(JSON)));
                lines.write('\n');
            }
            ByteBuffer buf = ByteBuffer.wrap(lines.toByteArray());
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write dead letters to '" + file + "': " + e.getMessage(), e);
        }
    }

    @Override
    public String target() {
        return file.toString();
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close '" + file + "': " + e.getMessage(), e);
        }
    }
}
