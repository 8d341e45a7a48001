package io.slowburn.detector.backtest;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a JSON Lines file as bytes, one line at a time, without decoding it: a line ends at {@code \n} only (a
 * {@code \r} right before it is dropped, so CRLF files read as LF files; a bare {@code \r} is part of the line, and
 * JSON rejects it inside a string). Memory is bounded: a line longer than {@code maxLineBytes} is not held; its first
 * {@code keptBytes} are, with its full length, and the rest is skipped.
 */
public final class JsonLinesReader implements Closeable {

    /** One line: its number (from 1), its bytes (without the line end), its length, and whether it was cut. */
    public record Line(long number, byte[] bytes, long length, boolean truncated) {
    }

    private final InputStream in;
    private final int maxLineBytes;
    private final int keptBytes;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int end;
    private boolean eof;
    private long number;
    private byte[] line = new byte[1 << 12];

    public JsonLinesReader(InputStream in, int maxLineBytes, int keptBytes) {
        if (keptBytes > maxLineBytes) {
            throw new IllegalArgumentException("keptBytes " + keptBytes + " > maxLineBytes " + maxLineBytes);
        }
        this.in = in;
        this.maxLineBytes = maxLineBytes;
        this.keptBytes = keptBytes;
    }

    /** The next line, or null at the end of the input. A last line without {@code \n} is a line. */
    public Line next() throws IOException {
        int len = 0;
        long total = 0;
        boolean any = false;
        while (true) {
            if (pos == end && !fill()) {
                if (!any) {
                    return null;
                }
                break;
            }
            any = true;
            int nl = indexOfNewline(buf, pos, end);
            int stop = nl < 0 ? end : nl;
            int n = stop - pos;
            if (total + n <= maxLineBytes) {
                len = append(len, buf, pos, n);
            } else if (len < keptBytes) {
                len = append(len, buf, pos, (int) Math.min(n, keptBytes - len));
            }
            total += n;
            pos = nl < 0 ? end : nl + 1;
            if (nl >= 0) {
                break;
            }
        }
        number++;
        boolean truncated = total > maxLineBytes;
        if (truncated) {
            len = Math.min(len, keptBytes);
        } else if (len > 0 && line[len - 1] == '\r') {
            len--; // CRLF
            total--;
        }
        return new Line(number, Arrays.copyOf(line, len), total, truncated);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n = in.read(buf, 0, buf.length);
        while (n == 0) {
            n = in.read(buf, 0, buf.length);
        }
        if (n < 0) {
            eof = true;
            return false;
        }
        pos = 0;
        end = n;
        return true;
    }

    private int append(int len, byte[] src, int from, int n) {
        if (len + n > line.length) {
            line = Arrays.copyOf(line, Math.max(len + n, line.length * 2));
        }
        System.arraycopy(src, from, line, len, n);
        return len + n;
    }

    private static int indexOfNewline(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
