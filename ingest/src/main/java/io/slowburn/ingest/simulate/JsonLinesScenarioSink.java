package io.slowburn.ingest.simulate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a scenario as contract JSON Lines (what {@code slowburn backtest} reads). The lines are what
 * {@link io.slowburn.ingest.publish.JsonLinesSink} writes for metrics and events ({@code stream} first, then the
 * record); it is not used itself because it re-parses each record with a double-based mapper, which would rewrite
 * the numbers of a signed declaration ({@code 0.90} becomes {@code 0.9}) and break its signature. Truncates the file:
 * a scenario file is one run, byte-identical every time.
 */
public final class JsonLinesScenarioSink implements ScenarioSink {

    private final Path file;
    private final Writer out;

    public JsonLinesScenarioSink(Path file) {
        this.file = file;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            this.out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open '" + file + "' for writing: " + e.getMessage(), e);
        }
    }

    /** Writes to any writer (tests, standard output); the caller owns it, {@link #close()} only flushes. */
    public JsonLinesScenarioSink(Writer out) {
        this.file = null;
        this.out = out;
    }

    @Override
    public void write(ScenarioRecord record) {
        try {
            out.write(record.line());
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write '" + file + "': " + e.getMessage(), e);
        }
    }

    @Override
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot flush '" + file + "': " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            if (file == null) {
                out.flush();
            } else {
                out.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close '" + file + "': " + e.getMessage(), e);
        }
    }
}
