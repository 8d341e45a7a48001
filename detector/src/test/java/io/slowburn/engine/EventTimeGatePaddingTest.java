package io.slowburn.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The gate's buffer keys are pinned (held records survive an upgrade): the fast padding writes what the formatter did
 * (the whole key: {@link HeldKeyTest}).
 */
class EventTimeGatePaddingTest {

    @Test
    void shouldPadEventTimesExactlyAsTheFormatterDid() {
        for (long v : new long[] {0, 7, -7, 1_772_409_600_000L, -1_772_409_600_000L, Long.MAX_VALUE, Long.MIN_VALUE,
                Long.MIN_VALUE + 1, 999_999_999_999_999_999L, -99_999_999_999_999_999L}) {
            assertThat(EventTimeGate.padded(v)).as("%d", v).isEqualTo(String.format(Locale.ROOT, "%019d", v));
        }
    }
}
