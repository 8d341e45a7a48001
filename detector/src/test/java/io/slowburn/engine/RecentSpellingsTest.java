package io.slowburn.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecentSpellingsTest {

    /** Whatever shares a slot, a lookup answers only for exactly the bytes kept, at any offset and length. */
    @Test
    void shouldAnswerOnlyForTheBytesItKept() {
        RecentSpellings<String> table = new RecentSpellings<>(16, 40);
        Random random = new Random(16);
        for (int i = 0; i < 200_000; i++) {
            String text = "abc".repeat(random.nextInt(3)) + random.nextInt(40) + "xy".repeat(random.nextInt(12));
            byte[] record = ("{\"" + text + "\"}").getBytes(StandardCharsets.ISO_8859_1);
            int from = 2;
            int to = record.length - 2;
            String found = table.get(record, from, to);
            if (found != null) {
                assertThat(found).isEqualTo(text);
            }
            if (random.nextBoolean()) {
                table.put(record, from, to, text);
                assertThat(table.get(record, from, to)).isEqualTo(text.length() > 40 ? null : text);
            }
        }
    }
}
