package io.slowburn.ingest.otlp;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads OTLP metrics requests from a file, for tests, backfills and backtests: either OTLP JSON (one request per line,
 * as the Collector's {@code file} exporter writes them, or any sequence of JSON objects, pretty-printed or not), or
 * protobuf requests each preceded by its length as a 4-byte big-endian integer (the file exporter's
 * {@code format: proto}). Which one is decided by the first non-blank byte: <code>{</code> is JSON.
 */
public final class OtlpFileReader {

    /** A length prefix above this is corruption (or hostility), not a request. */
    static final int MAX_RECORD_BYTES = 64 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What receives each request, in file order. */
    @FunctionalInterface
    public interface Handler {
        void accept(ExportMetricsServiceRequest request);
    }

    private OtlpFileReader() {
    }

    /**
     * Reads every request of {@code file} into {@code handler}; returns how many. A malformed record stops the reading
     * with an {@link InvalidOtlpException} naming the file and the record (JSON: its line; protobuf: its byte offset);
     * the records before it have been handed over.
     */
    public static long read(Path file, Handler handler) throws IOException, InvalidOtlpException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            in.mark(1 << 16);
            int first = in.read();
            while (first != -1 && Character.isWhitespace(first)) {
                first = in.read();
            }
            in.reset();
            return first == '{' ? readJson(file, in, handler) : readLengthPrefixed(file, in, handler);
        }
    }

    private static long readJson(Path file, InputStream in, Handler handler) throws IOException, InvalidOtlpException {
        long n = 0;
        try (JsonParser parser = JSON.getFactory().createParser(in)) {
            while (true) {
                JsonToken token;
                JsonLocation at = parser.currentLocation();
                try {
                    token = parser.nextToken();
                    if (token == null) {
                        return n;
                    }
                    at = parser.currentTokenLocation();
                    JsonNode tree = JSON.readTree(parser);
                    handler.accept(OtlpEncoding.decodeJson(tree));
                } catch (JsonProcessingException e) {
                    int line = e.getLocation() == null ? at.getLineNr() : e.getLocation().getLineNr();
                    throw new InvalidOtlpException(file + ": line " + line + ": not JSON: " + e.getOriginalMessage(), e);
                } catch (InvalidOtlpException e) {
                    throw new InvalidOtlpException(file + ": line " + at.getLineNr() + ": " + e.getMessage(), e);
                }
                n++;
            }
        }
    }

    private static long readLengthPrefixed(Path file, InputStream in, Handler handler) throws IOException, InvalidOtlpException {
        DataInputStream data = new DataInputStream(in);
        long n = 0;
        long offset = 0;
        while (true) {
            int length;
            try {
                length = data.readInt();
            } catch (EOFException e) {
                return n;
            }
            if (length < 0 || length > MAX_RECORD_BYTES) {
                throw new InvalidOtlpException(file + ": record " + (n + 1) + " at byte " + offset + ": length prefix "
                        + (length & 0xffffffffL) + " is not a protobuf record of at most " + MAX_RECORD_BYTES
                        + " bytes (is this a length-prefixed OTLP file?)", null);
            }
            byte[] bytes = new byte[length];
            try {
                data.readFully(bytes);
            } catch (EOFException e) {
                throw new InvalidOtlpException(file + ": record " + (n + 1) + " at byte " + offset + ": truncated (" + length
                        + " bytes announced)", e);
            }
            try {
                handler.accept(OtlpEncoding.OTLP_PROTO.decode(bytes));
            } catch (InvalidOtlpException e) {
                throw new InvalidOtlpException(file + ": record " + (n + 1) + " at byte " + offset + ": " + e.getMessage(), e);
            }
            offset += 4L + length;
            n++;
        }
    }
}
