package io.slowburn.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A held record's key, compared as numbers, must order records as its text did (what earlier versions held and stored,
 * and what the verdict stage's buffer still keys by): otherwise records of equal time would be evaluated in another
 * order than before an upgrade, and than the backtest of an earlier version.
 */
class HeldKeyTest {

    @Test
    void shouldOrderAsItsTextForEveryTimeFrom1970On() {
        Random random = new Random(41);
        // Sources that are prefixes of each other, or differ in a character below or above the separator '|'.
        String[] sources = {"node-1", "node-10", "node-1a", "node-1~", "node-1 x", "node", "n", "db\\primary", "null", "héte"};
        List<HeldKey> keys = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            long ts = switch (i % 3) {
                case 0 -> 1_772_409_600_000L + random.nextInt(5);
                case 1 -> (long) (random.nextDouble() * Math.pow(10, random.nextInt(19)));
                default -> random.nextLong() & Long.MAX_VALUE;
            };
            long digest = random.nextInt(4) == 0 ? random.nextInt(3) : random.nextLong();
            keys.add(new HeldKey(ts, sources[random.nextInt(sources.length)], digest));
        }
        List<HeldKey> byNumbers = new ArrayList<>(keys);
        byNumbers.sort(Comparator.naturalOrder());
        List<HeldKey> byText = new ArrayList<>(keys);
        byText.sort(Comparator.comparing(HeldKey::text));
        assertThat(byNumbers).containsExactlyElementsOf(byText);
    }

    @Test
    void shouldOrderTimesBefore1970ByTheirValue() {
        assertThat(new HeldKey(-2, "a", 0)).isLessThan(new HeldKey(-1, "a", 0)).isLessThan(new HeldKey(0, "a", 0));
    }

    @Test
    void shouldWriteItsTextAsTheGateAlwaysHasAndReadItBack() {
        Random random = new Random(16);
        for (int n = 0; n < 100_000; n++) {
            long ts = switch (n % 4) {
                case 0 -> random.nextLong();
                case 1 -> 1_772_409_600_000L + random.nextInt(1_000_000_000);
                case 2 -> (long) (random.nextDouble() * Math.pow(10, random.nextInt(19)));
                default -> -(long) (random.nextDouble() * Math.pow(10, random.nextInt(19)));
            };
            byte[] digest = new byte[8];
            random.nextBytes(digest);
            String source = "node-" + random.nextInt(1000);
            HeldKey key = new HeldKey(ts, source, HexFormat.fromHexDigitsToLong(HexFormat.of().formatHex(digest)));
            String text = String.format(Locale.ROOT, "%019d", ts) + "|" + source + "|" + HexFormat.of().formatHex(digest);
            assertThat(key.text()).isEqualTo(text);
            assertThat(HeldKey.parse(text)).isEqualTo(key);
        }
    }

    @Test
    void shouldRefuseACorruptTextWithAClearError() {
        for (String text : new String[] {"", "12|a|b", "0000000000000000001|a", "0000000000000000001|a|xyz",
                "0000000000000000001|a|", "000000000000000000x|a|00"}) {
            assertThatThrownBy(() -> HeldKey.parse(text)).as(text).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("corrupt key in an event-time buffer");
        }
    }
}
