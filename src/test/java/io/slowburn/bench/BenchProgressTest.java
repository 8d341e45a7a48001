package io.slowburn.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The bench's start-up figure: when an app first read records, and its pace after that. */
class BenchProgressTest {

    @Test
    void shouldNoteWhenProgressWasFirstSeenAndHowFarItHadCome() throws Exception {
        AtomicLong polls = new AtomicLong();
        long start = System.nanoTime();
        // Nothing for the first 10 looks (a start-up), then 100 more records at every look.
        Bench.Progress p = Bench.awaitProgress(() -> Math.max(0, polls.incrementAndGet() - 10) * 100, 1_000, start);
        assertThat(p.firstProgress()).isEqualTo(100);
        assertThat(p.firstNanos()).isPositive().isLessThan(p.nanos());
        assertThat(polls.get()).isEqualTo(20);
    }

    @Test
    void shouldMeasureThePaceAfterStartUpOnTheRecordsReadSince() {
        Bench.Startup startup = new Bench.Startup(2.0, 1_000);
        Bench.Row row = new Bench.Row("app", 101_000, 7.0, 3.0, startup);
        assertThat(startup.rateAfter(row)).isCloseTo(20_000, within(1e-9));
    }
}
