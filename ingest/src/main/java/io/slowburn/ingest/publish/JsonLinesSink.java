package io.slowburn.ingest.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slowburn.model.RecordCodec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * Writes contract JSON Lines: one record per line, with the {@code "stream"} field first so that a file mixing
 * metrics and events can be read back by {@code slowburn backtest}. Appends to an existing file.
 */
public final class JsonLinesSink implements RecordSink {

    private final Path file;
    private final RecordCodec codec;
    private final BufferedWriter out;

    public JsonLinesSink(Path file) {
        this(file, new RecordCodec());
    }

    public JsonLinesSink(Path file, RecordCodec codec) {
        this.file = file;
        this.codec = codec;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open '" + file + "' for writing: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void send(PublishedRecord record, Consumer<Exception> onComplete) {
        try {
            JsonNode body = codec.mapper().readTree(record.value());
            ObjectNode line = codec.mapper().createObjectNode();
            line.put("stream", record.stream().wire());
            line.setAll((ObjectNode) body);
            out.write(codec.text(line));
            out.write('\n');
            onComplete.accept(null);
        } catch (IOException | RuntimeException e) {
            onComplete.accept(e);
        }
    }

    @Override
    public synchronized void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot flush '" + file + "': " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close '" + file + "': " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }
}
