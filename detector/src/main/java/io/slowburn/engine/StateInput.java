package io.slowburn.engine;

import java.io.DataInput;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * A {@link DataInput} over a byte array, reading exactly what a {@code DataInputStream} over a
 * {@code ByteArrayInputStream} reads, and failing as it does ({@link EOFException}) past the end. A state read back
 * from the store (a series whose state the cache had no room for) otherwise cost a synchronized
 * {@code ByteArrayInputStream.read} per byte. Not thread-safe.
 */
final class StateInput implements DataInput {

    private final byte[] buf;
    private int pos;

    StateInput(byte[] bytes) {
        this.buf = bytes;
    }

    private int take(int n) throws EOFException {
        if (n > buf.length - pos) {
            pos = buf.length;
            throw new EOFException();
        }
        int at = pos;
        pos += n;
        return at;
    }

    @Override
    public void readFully(byte[] b) throws IOException {
        readFully(b, 0, b.length);
    }

    @Override
    public void readFully(byte[] b, int off, int len) throws IOException {
        if (len < 0) {
            throw new IndexOutOfBoundsException();
        }
        System.arraycopy(buf, take(len), b, off, len);
    }

    @Override
    public int skipBytes(int n) {
        int skipped = Math.max(0, Math.min(n, buf.length - pos));
        pos += skipped;
        return skipped;
    }

    @Override
    public boolean readBoolean() throws IOException {
        return buf[take(1)] != 0;
    }

    @Override
    public byte readByte() throws IOException {
        return buf[take(1)];
    }

    @Override
    public int readUnsignedByte() throws IOException {
        return buf[take(1)] & 0xFF;
    }

    @Override
    public short readShort() throws IOException {
        return (short) readUnsignedShort();
    }

    @Override
    public int readUnsignedShort() throws IOException {
        int at = take(2);
        return ((buf[at] & 0xFF) << 8) | (buf[at + 1] & 0xFF);
    }

    @Override
    public char readChar() throws IOException {
        return (char) readUnsignedShort();
    }

    @Override
    public int readInt() throws IOException {
        int at = take(4);
        return ((buf[at] & 0xFF) << 24) | ((buf[at + 1] & 0xFF) << 16) | ((buf[at + 2] & 0xFF) << 8) | (buf[at + 3] & 0xFF);
    }

    @Override
    public long readLong() throws IOException {
        int at = take(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[at + i] & 0xFF);
        }
        return v;
    }

    @Override
    public float readFloat() throws IOException {
        return Float.intBitsToFloat(readInt());
    }

    @Override
    public double readDouble() throws IOException {
        return Double.longBitsToDouble(readLong());
    }

    /** Not part of any state's format (the method {@code DataInputStream} deprecated); lines end at LF, CR or CRLF. */
    @Override
    public String readLine() {
        if (pos >= buf.length) {
            return null;
        }
        StringBuilder line = new StringBuilder();
        while (pos < buf.length) {
            int c = buf[pos++] & 0xFF;
            if (c == '\n') {
                break;
            }
            if (c == '\r') {
                if (pos < buf.length && buf[pos] == '\n') {
                    pos++;
                }
                break;
            }
            line.append((char) c);
        }
        return line.toString();
    }

    @Override
    public String readUTF() throws IOException {
        return DataInputStream.readUTF(this);
    }
}
