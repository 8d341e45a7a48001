package io.slowburn.analysis.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CounterRateTest {

    @Test
    void shouldGiveTheDifferenceWhenTheCounterGrows() {
        assertThat(CounterRate.step(100, 130)).isEqualTo(new CounterRate.Step(30, false));
    }

    @Test
    void shouldTreatADropAsARestartCountingFromZero() {
        assertThat(CounterRate.step(5000, 12)).isEqualTo(new CounterRate.Step(12, true));
    }

    @Test
    void shouldGiveNothingWithoutAPreviousValue() {
        assertThat(CounterRate.step(Double.NaN, 12)).isEqualTo(CounterRate.Step.NONE);
    }
}
