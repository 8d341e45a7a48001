package io.slowburn.alerting;

import static io.slowburn.alerting.AlertLifecycle.Transition.FIRE;
import static io.slowburn.alerting.AlertLifecycle.Transition.NONE;
import static io.slowburn.alerting.AlertLifecycle.Transition.RESOLVE;
import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.analysis.Assessment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertLifecycleTest {

    private static final long T0 = 1_772_409_600_000L;
    private static final Duration FOR = Duration.ofMinutes(5);
    private static final Duration RESOLVE_AFTER = Duration.ofMinutes(10);
    private static final Assessment BAD = Assessment.anomalous(Map.of(), "bad");
    private static final Assessment OK = Assessment.normal();

    private final AlertLifecycle lifecycle = new AlertLifecycle();

    private AlertLifecycle.Transition at(long minutes, Assessment a) {
        return lifecycle.step(a, T0 + minutes * 60_000L, FOR, RESOLVE_AFTER);
    }

    @Test
    void shouldFireOnceWhenTheConditionHasHeldForExactlyForAndNotOneMillisecondBefore() {
        assertThat(at(0, BAD)).isEqualTo(NONE);
        assertThat(lifecycle.step(BAD, T0 + FOR.toMillis() - 1, FOR, RESOLVE_AFTER)).isEqualTo(NONE);
        assertThat(lifecycle.step(BAD, T0 + FOR.toMillis(), FOR, RESOLVE_AFTER)).isEqualTo(FIRE);
        assertThat(lifecycle.incidentSince()).isEqualTo(T0);
        assertThat(at(6, BAD)).isEqualTo(NONE);
        assertThat(at(7, BAD)).isEqualTo(NONE);
    }

    @Test
    void shouldNotFireOnABlipShorterThanFor() {
        at(0, BAD);
        at(2, BAD);
        assertThat(at(3, OK)).isEqualTo(NONE);
        assertThat(at(6, BAD)).isEqualTo(NONE);
        assertThat(at(10, BAD)).isEqualTo(NONE);
        assertThat(at(11, BAD)).isEqualTo(FIRE);
        assertThat(lifecycle.incidentSince()).isEqualTo(T0 + 6 * 60_000L);
    }

    @Test
    void shouldResolveOnlyAfterTheConditionHasClearedForTheHoldTime() {
        at(0, BAD);
        at(5, BAD);
        assertThat(at(6, OK)).isEqualTo(NONE);
        assertThat(lifecycle.step(OK, T0 + 6 * 60_000L + RESOLVE_AFTER.toMillis() - 1, FOR, RESOLVE_AFTER)).isEqualTo(NONE);
        assertThat(lifecycle.step(OK, T0 + 6 * 60_000L + RESOLVE_AFTER.toMillis(), FOR, RESOLVE_AFTER)).isEqualTo(RESOLVE);
        assertThat(lifecycle.isOpen()).isFalse();
    }

    @Test
    void shouldKeepOneIncidentWhenTheConditionFlapsWhileFiring() {
        at(0, BAD);
        assertThat(at(5, BAD)).isEqualTo(FIRE);
        for (int m = 6; m < 60; m++) {
            assertThat(at(m, m % 2 == 0 ? OK : BAD)).isEqualTo(NONE);
        }
        assertThat(lifecycle.isOpen()).isTrue();
        assertThat(lifecycle.incidentSince()).isEqualTo(T0);
    }

    @Test
    void shouldIgnoreInsufficientDataAndLateSamples() {
        at(0, BAD);
        assertThat(at(1, Assessment.insufficientData())).isEqualTo(NONE);
        assertThat(at(2, Assessment.late())).isEqualTo(NONE);
        assertThat(at(5, BAD)).isEqualTo(FIRE);
    }

    @Test
    void shouldFireImmediatelyWithAZeroForAndRoundTripItsState() throws Exception {
        assertThat(lifecycle.step(BAD, T0, Duration.ZERO, RESOLVE_AFTER)).isEqualTo(FIRE);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        lifecycle.writeTo(new DataOutputStream(bytes));
        assertThat(bytes.size()).isEqualTo(AlertLifecycle.BYTES);

        AlertLifecycle copy = AlertLifecycle.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(copy.isOpen()).isTrue();
        assertThat(copy.incidentSince()).isEqualTo(T0);
    }

    @Test
    void shouldGiveEachIncidentADeterministicId() {
        assertThat(AlertIds.of("crash-loop", "host-4", T0)).isEqualTo(AlertIds.of("crash-loop", "host-4", T0))
                .startsWith("crash-loop-").hasSize("crash-loop-".length() + 16)
                .isNotEqualTo(AlertIds.of("crash-loop", "host-4", T0 + 1));
    }
}
