package io.slowburn.detector.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonLinesReaderTest {

    @Test
    void shouldSplitOnLineFeedOnlyAndDropTheCrOfCrlf() throws IOException {
        List<JsonLinesReader.Line> lines = read("a\r\nb\rc\n\nlast", 100, 10);

        assertThat(lines).extracting(l -> new String(l.bytes(), StandardCharsets.UTF_8)).containsExactly("a", "b\rc", "", "last");
        assertThat(lines).extracting(JsonLinesReader.Line::number).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void shouldKeepTheHeadAndLengthOfALineLongerThanTheLimitAndGoOn() throws IOException {
        String longLine = "x".repeat(200_000);
        List<JsonLinesReader.Line> lines = read("ok\n" + longLine + "\nafter\n", 1_000, 100);

        assertThat(lines).hasSize(3);
        assertThat(lines.get(1).truncated()).isTrue();
        assertThat(lines.get(1).length()).isEqualTo(200_000);
        assertThat(lines.get(1).bytes()).hasSize(100);
        assertThat(new String(lines.get(2).bytes(), StandardCharsets.UTF_8)).isEqualTo("after");
        assertThat(lines.get(2).number()).isEqualTo(3);
    }

    @Test
    void shouldHoldALineExactlyAtTheLimit() throws IOException {
        List<JsonLinesReader.Line> lines = read("y".repeat(1_000) + "\n", 1_000, 100);

        assertThat(lines.get(0).truncated()).isFalse();
        assertThat(lines.get(0).bytes()).hasSize(1_000);
    }

    @Test
    void utf8CheckShouldAgreeWithTheJdkDecoderOnRandomBytes() {
        Random rnd = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            byte[] b = new byte[rnd.nextInt(8)];
            for (int k = 0; k < b.length; k++) {
                b[k] = (byte) (rnd.nextBoolean() ? 0x80 + rnd.nextInt(0x80) : rnd.nextInt(256));
            }
            assertThat(Utf8.firstInvalid(b) < 0).as("%s", HexFormat.of().formatHex(b)).isEqualTo(jdkAccepts(b));
        }
        assertThat(Utf8.firstInvalid("héllo €𝄞".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
        assertThat(Utf8.firstInvalid(new byte[] {'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80})).as("a surrogate").isEqualTo(1);
        assertThat(Utf8.firstInvalid(new byte[] {(byte) 0xC0, (byte) 0x80})).as("overlong NUL").isZero();
    }

    private static boolean jdkAccepts(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static List<JsonLinesReader.Line> read(String text, int max, int kept) throws IOException {
        List<JsonLinesReader.Line> out = new ArrayList<>();
        try (JsonLinesReader r = new JsonLinesReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max, kept)) {
            JsonLinesReader.Line l;
            while ((l = r.next()) != null) {
                out.add(l);
            }
        }
        return out;
    }
}
