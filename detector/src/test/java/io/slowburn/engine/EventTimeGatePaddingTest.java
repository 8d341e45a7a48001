package io.slowburn.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The gate's buffer keys are pinned (held records survive an upgrade): the fast padding writes what the formatter did. */
class EventTimeGatePaddingTest {

    @Test
    void shouldPadEventTimesExactlyAsTheFormatterDid() {
        for (long v : new long[] {0, 7, -7, 1_772_409_600_000L, -1_772_409_600_000L, Long.MAX_VALUE, Long.MIN_VALUE,
                Long.MIN_VALUE + 1, 999_999_999_999_999_999L, -99_999_999_999_999_999L}) {
            assertThat(EventTimeGate.padded(v)).as("%d", v).isEqualTo(String.format(Locale.ROOT, "%019d", v));
        }
    }

    @Test
    void shouldWriteHeldKeysExactlyAsTheConcatenationDid() {
        Random random = new Random(16);
        for (int n = 0; n < 100_000; n++) {
            long ts = switch (n % 4) {
                case 0 -> random.nextLong();
                case 1 -> 1_772_409_600_000L + random.nextInt(1_000_000_000);
                case 2 -> (long) (random.nextDouble() * Math.pow(10, random.nextInt(19)));
                default -> -(long) (random.nextDouble() * Math.pow(10, random.nextInt(19)));
            };
            byte[] digest = new byte[32];
            random.nextBytes(digest);
            String key = "node-" + random.nextInt(1000);
            assertThat(EventTimeGate.heldKey(key, ts, digest))
                    .isEqualTo(String.format(Locale.ROOT, "%019d", ts) + "|" + key + "|" + HexFormat.of().formatHex(digest, 0, 8));
        }
    }
}
