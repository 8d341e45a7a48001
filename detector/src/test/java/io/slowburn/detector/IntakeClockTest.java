package io.slowburn.detector;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.engine.IntakeClock;
import org.junit.jupiter.api.Test;

class IntakeClockTest {

    static final long T0 = 1_772_409_600_000L;
    static final String TASK = "1_0";

    @Test
    void shouldShareOneClockBetweenTheProcessorsOfATask() {
        IntakeClock.Registry registry = new IntakeClock.Registry();
        IntakeClock series = registry.join(TASK, "series-stage", 86_400_000L, 5_000L, 3_600_000L);
        IntakeClock events = registry.join(TASK, "event-intake", 86_400_000L, 5_000L, 3_600_000L);
        series.accept(T0 + 42_000);

        assertThat(events).isSameAs(series);
        assertThat(events.accepted()).isEqualTo(T0 + 42_000);
        assertThat(registry.join("1_1", "series-stage", 86_400_000L, 5_000L, 3_600_000L)).isNotSameAs(series);
    }

    /**
     * A revived task replays from its committed offsets. Had its clock kept the uncommitted progress, no heartbeat would
     * be due until the replay passed that progress (never, if no newer data came) and every later stage would stall:
     * the cause of the crash-safety failure after repeated SIGKILLs.
     */
    @Test
    void shouldStartAFreshClockWhenARevivedTaskJoinsAgain() {
        IntakeClock.Registry registry = new IntakeClock.Registry();
        IntakeClock before = registry.join(TASK, "series-stage", 86_400_000L, 5_000L, 3_600_000L);
        registry.join(TASK, "event-intake", 86_400_000L, 5_000L, 3_600_000L);
        before.accept(T0 + 300 * 60_000L);
        assertThat(before.heartbeatDue()).isTrue();

        IntakeClock revived = registry.join(TASK, "series-stage", 86_400_000L, 5_000L, 3_600_000L);
        IntakeClock revivedEvents = registry.join(TASK, "event-intake", 86_400_000L, 5_000L, 3_600_000L);
        revived.accept(T0 + 60 * 60_000L); // the replay starts where the last commit was

        assertThat(revivedEvents).isSameAs(revived).isNotSameAs(before);
        assertThat(revived.heartbeatDue()).as("the replay's first record owes a heartbeat").isTrue();
        assertThat(revived.accepted()).isEqualTo(T0 + 60 * 60_000L);
    }

    @Test
    void shouldFallDueOnAFixedEventTimeGridWhereverItStarts() {
        IntakeClock clock = new IntakeClock.Registry().join(TASK, "series-stage", 86_400_000L, 5_000L, 60_000L);
        clock.accept(T0 + 3_700);
        assertThat(clock.heartbeatDue()).isTrue();
        assertThat(clock.sweepDue()).as("nothing can be idle at the first record").isFalse();
        clock.accept(T0 + 4_999);
        assertThat(clock.heartbeatDue()).isFalse();
        clock.accept(T0 + 5_000);
        assertThat(clock.heartbeatDue()).as("the grid point, not 5 s after the first record").isTrue();
        clock.accept(T0 + 59_999);
        assertThat(clock.sweepDue()).isFalse();
        clock.accept(T0 + 60_000);
        assertThat(clock.sweepDue()).isTrue();
    }

    @Test
    void shouldRejectTimesTooFarAheadOfWhatItAccepted() {
        IntakeClock clock = new IntakeClock.Registry().join(TASK, "series-stage", 86_400_000L, 5_000L, 60_000L);
        assertThat(clock.tooFarAhead(T0 + 400L * 86_400_000L)).as("nothing accepted yet").isFalse();
        clock.accept(T0);
        assertThat(clock.tooFarAhead(T0 + 86_400_000L)).isFalse();
        assertThat(clock.tooFarAhead(T0 + 86_400_001L)).isTrue();
        assertThat(clock.reason(T0 + 2 * 86_400_000L)).contains("max.future.skew.ms");
    }
}
