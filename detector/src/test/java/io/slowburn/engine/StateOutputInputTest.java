package io.slowburn.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link StateOutput} writes the bytes {@code DataOutputStream} writes, and {@link StateInput} reads them back as
 * {@code DataInputStream} does: stored states stay readable across the change, and states written now by older code.
 */
class StateOutputInputTest {

    private static final String[] TEXTS = {"", "heap-floor-drift", "caf\u00e9", "\u0000nul", "\u20ac\u4e2d", "\ud83d\ude00 emoji",
        "\u07ff\u0800\u007f\u0080"};

    /** One operation on a DataOutput, and how to read it back into a comparable value. */
    private record Op(int kind, long value, String text, byte[] bytes) {
    }

    @Test
    void shouldWriteWhatDataOutputStreamWritesAndReadItBackAlike() throws IOException {
        Random random = new Random(42);
        for (int round = 0; round < 500; round++) {
            List<Op> ops = new ArrayList<>();
            for (int i = random.nextInt(60); i >= 0; i--) {
                byte[] bytes = new byte[random.nextInt(5)];
                random.nextBytes(bytes);
                ops.add(new Op(random.nextInt(13), random.nextLong() >> random.nextInt(64), TEXTS[random.nextInt(TEXTS.length)], bytes));
            }
            ByteArrayOutputStream reference = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(reference)) {
                write(out, ops);
            }
            StateOutput mine = new StateOutput(1);
            write(mine, ops);
            assertThat(mine.toByteArray()).isEqualTo(reference.toByteArray());
            assertThat(mine.size()).isEqualTo(reference.size());

            byte[] bytes = reference.toByteArray();
            assertThat(read(new StateInput(bytes), ops)).isEqualTo(read(new DataInputStream(new ByteArrayInputStream(bytes)), ops));
        }
    }

    @Test
    void shouldFailPastTheEndAsDataInputStreamDoes() throws IOException {
        StateInput in = new StateInput(new byte[] {1, 2, 3});
        assertThat(in.readUnsignedShort()).isEqualTo(0x0102);
        assertThatThrownBy(in::readInt).isInstanceOf(EOFException.class);
        assertThatThrownBy(in::readByte).isInstanceOf(EOFException.class);
        assertThat(in.skipBytes(5)).isZero();
    }

    @Test
    void shouldRefuseAStringLongerThanModifiedUtf8Allows() {
        assertThatThrownBy(() -> new StateOutput(8).writeUTF("\u20ac".repeat(21_846))).isInstanceOf(UTFDataFormatException.class);
    }

    private static void write(DataOutput out, List<Op> ops) throws IOException {
        for (Op op : ops) {
            long v = op.value();
            switch (op.kind()) {
                case 0 -> out.writeBoolean((v & 1) == 1);
                case 1 -> out.writeByte((int) v);
                case 2 -> out.writeShort((int) v);
                case 3 -> out.writeChar((int) v);
                case 4 -> out.writeInt((int) v);
                case 5 -> out.writeLong(v);
                case 6 -> out.writeFloat(Float.intBitsToFloat((int) v));
                case 7 -> out.writeDouble(Double.longBitsToDouble(v));
                case 8 -> out.writeUTF(op.text());
                case 9 -> out.write(op.bytes());
                case 10 -> out.write((int) v);
                case 11 -> out.writeBytes(op.text());
                default -> out.writeChars(op.text());
            }
        }
    }

    /** What each operation reads back, as text (NaN payloads compared by their bits). */
    private static List<String> read(DataInput in, List<Op> ops) throws IOException {
        List<String> values = new ArrayList<>();
        for (Op op : ops) {
            values.add(switch (op.kind()) {
                case 0 -> Boolean.toString(in.readBoolean());
                case 1 -> Byte.toString(in.readByte());
                case 2 -> Short.toString(in.readShort());
                case 3 -> Integer.toString(in.readChar());
                case 4 -> Integer.toString(in.readInt());
                case 5 -> Long.toString(in.readLong());
                case 6 -> Integer.toString(Float.floatToRawIntBits(in.readFloat()));
                case 7 -> Long.toString(Double.doubleToRawLongBits(in.readDouble()));
                case 8 -> in.readUTF();
                case 9 -> {
                    byte[] b = new byte[op.bytes().length];
                    in.readFully(b);
                    yield Arrays.toString(b);
                }
                case 10 -> Integer.toString(in.readUnsignedByte());
                case 11 -> {
                    byte[] b = new byte[op.text().length()];
                    in.readFully(b);
                    yield Arrays.toString(b);
                }
                default -> {
                    StringBuilder s = new StringBuilder();
                    for (int i = 0; i < op.text().length(); i++) {
                        s.append(in.readChar());
                    }
                    yield s.toString();
                }
            });
        }
        return values;
    }
}
