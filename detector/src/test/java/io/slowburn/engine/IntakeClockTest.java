package io.slowburn.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The intake clock: per-source clocks, the task's progress by quorum, what does not fit, and restarts. */
class IntakeClockTest {

    static final long T0 = 1_772_409_600_000L;
    static final long MIN = 60_000L;
    static final long HOUR = 60 * MIN;
    static final long DAY = 24 * HOUR;
    static final long Y2000 = 946_684_800_000L;
    static final String TASK = "1_0";
    static final long NONE = IntakeClock.NO_ARRIVAL;
    static final long LEAD = IntakeClock.MAX_LEAD_MS;
    static final IntakeClock.Settings SETTINGS = new IntakeClock.Settings(DAY, 8 * DAY, 5_000L, HOUR);

    static IntakeClock clock(KeyValueState store) {
        return new IntakeClock.Registry().join(TASK, "series-stage", SETTINGS, store);
    }

    /** Three sources on time at T0 + {@code m} minutes. */
    static void fleet(IntakeClock clock, int m) {
        for (String host : new String[] {"host-4", "host-5", "host-6"}) {
            assertThat(clock.admit(host, T0 + m * MIN, NONE)).as(host + " at minute " + m).isNull();
        }
    }

    @Test
    void shouldShareOneClockBetweenTheProcessorsOfATask() {
        IntakeClock.Registry registry = new IntakeClock.Registry();
        MemoryState store = new MemoryState();
        IntakeClock series = registry.join(TASK, "series-stage", SETTINGS, store);
        IntakeClock events = registry.join(TASK, "event-intake", SETTINGS, store);
        series.admit("host-4", T0 + 42_000, NONE);

        assertThat(events).isSameAs(series);
        assertThat(events.accepted()).isEqualTo(T0 + 42_000);
        assertThat(registry.join("1_1", "series-stage", SETTINGS, new MemoryState())).isNotSameAs(series);
    }

    /**
     * A revived task resumes the progress it committed (its store) instead of starting afresh: had it started afresh,
     * its first record would set the clock unchecked again, and a forged one would blind it (finding 1 after a restart).
     */
    @Test
    void shouldRestoreTheClockFromTheStoreWhenARevivedTaskJoinsAgain() {
        IntakeClock.Registry registry = new IntakeClock.Registry();
        MemoryState store = new MemoryState();
        IntakeClock before = registry.join(TASK, "series-stage", SETTINGS, store);
        registry.join(TASK, "event-intake", SETTINGS, store);
        for (int m = 0; m <= 60; m++) {
            fleet(before, m);
        }

        IntakeClock revived = registry.join(TASK, "series-stage", SETTINGS, store);
        assertThat(registry.join(TASK, "event-intake", SETTINGS, store)).isSameAs(revived).isNotSameAs(before);
        assertThat(revived.accepted()).isEqualTo(T0 + 60 * MIN);
        assertThat(revived.heartbeatDue()).as("the revived task's first duty is a heartbeat").isTrue();
        assertThat(revived.admit("mallory", Y2000, NONE)).as("an old first record after the restart")
                .contains("first record of source 'mallory'", "behind what this partition has seen");
        fleet(revived, 61);
        assertThat(revived.accepted()).isEqualTo(T0 + 61 * MIN);
    }

    /**
     * Live, a clock writes behind: its source clocks reach the store before each commit (a flush), not at every record.
     * A task revived after a crash resumes what was committed, never what the crash lost.
     */
    @Test
    void shouldWriteBehindUntilAFlushAndReviveFromWhatWasFlushed() {
        IntakeClock.Registry registry = new IntakeClock.Registry();
        MemoryState store = new MemoryState();
        IntakeClock before = registry.join(TASK, "series-stage", SETTINGS, store, true);
        for (int m = 0; m <= 30; m++) {
            fleet(before, m);
        }
        assertThat(store.all()).as("nothing written before the commit").isEmpty();
        before.flush();
        assertThat(store.all()).hasSize(3);
        for (int m = 31; m <= 60; m++) {
            fleet(before, m);
        }

        IntakeClock revived = registry.join(TASK, "series-stage", SETTINGS, store, true);
        assertThat(revived).isNotSameAs(before);
        assertThat(revived.accepted()).as("the committed progress, not the lost one").isEqualTo(T0 + 30 * MIN);
        assertThat(revived.admit("mallory", Y2000, NONE)).contains("first record of source 'mallory'");
    }

    @Test
    void shouldFallDueOnAFixedEventTimeGridWhereverItStarts() {
        IntakeClock clock = new IntakeClock.Registry().join(TASK, "series-stage",
                new IntakeClock.Settings(DAY, 8 * DAY, 5_000L, MIN), new MemoryState());
        clock.admit("host-4", T0 + 3_700, NONE);
        assertThat(clock.heartbeatDue()).isTrue();
        assertThat(clock.sweepDue(8 * DAY)).as("nothing can be idle at the first record").isFalse();
        clock.admit("host-4", T0 + 4_999, NONE);
        assertThat(clock.heartbeatDue()).isFalse();
        clock.admit("host-4", T0 + 5_000, NONE);
        assertThat(clock.heartbeatDue()).as("the grid point, not 5 s after the first record").isTrue();
        clock.admit("host-4", T0 + 59_999, NONE);
        assertThat(clock.sweepDue(8 * DAY)).isFalse();
        clock.admit("host-4", T0 + 60_000, NONE);
        assertThat(clock.sweepDue(8 * DAY)).isTrue();
    }

    @Test
    void shouldRejectARecordMoreThanTheSkewAheadOfTheQuorumAndAtTheSkewAccept() {
        IntakeClock clock = clock(new MemoryState());
        fleet(clock, 0);
        assertThat(clock.admit("host-4", T0 + DAY + 1, NONE)).contains("ahead of what this partition has seen",
                "max.future.skew.ms");
        assertThat(clock.admit("host-4", T0 + DAY, NONE)).isNull();
        assertThat(clock.accepted()).as("one source a day ahead does not move the task").isEqualTo(T0);
    }

    /** Finding 1: one metric dated 2000 at the head of the partition made every later record "too far ahead". */
    @Test
    void shouldNotLetAnOldHeadRecordBlindTheTask() {
        IntakeClock clock = clock(new MemoryState());
        assertThat(clock.admit("mallory", Y2000, NONE)).isNull(); // nothing to compare it with yet
        assertThat(clock.admit("host-4", T0, NONE)).as("one source cannot outvote another").contains("ahead of");
        assertThat(clock.admit("host-5", T0, NONE)).as("two that agree outvote the first").isNull();
        assertThat(clock.admit("host-4", T0, NONE)).isNull();
        assertThat(clock.admit("host-6", T0, NONE)).isNull();
        assertThat(clock.accepted()).isEqualTo(T0);
        for (int m = 1; m <= 600; m++) {
            fleet(clock, m);
        }
        assertThat(clock.accepted()).isEqualTo(T0 + 600 * MIN);
        assertThat(clock.admit("mallory", Y2000 + MIN, NONE)).as("forgotten: a new source again, far behind").isNotNull();
    }

    /** Finding 2: ten samples each 23 h after the previous (each inside the skew) ratcheted the clock ten days. */
    @Test
    void shouldNotBeRatchetedBySeveralInSkewStepsOfOneSource() {
        IntakeClock clock = clock(new MemoryState());
        fleet(clock, 0);
        int rejected = 0;
        for (int i = 1; i <= 10; i++) {
            if (clock.admit("host-5", T0 + i * 23 * HOUR, NONE) != null) {
                rejected++;
            }
        }
        assertThat(rejected).as("only the first step is within a day of the quorum").isEqualTo(9);
        assertThat(clock.accepted()).as("a jump earns no lead").isEqualTo(T0);
        fleet(clock, 1);
        assertThat(clock.accepted()).isEqualTo(T0 + MIN);
    }

    @Test
    void shouldFollowTheSourcesOnTimeWhileOneIsFarAhead() {
        IntakeClock clock = clock(new MemoryState());
        fleet(clock, 0);
        assertThat(clock.admit("mallory", T0 + 20 * HOUR, NONE)).as("a new source within the skew").isNull();
        for (int m = 1; m <= 30; m++) {
            fleet(clock, m);
            assertThat(clock.admit("mallory", T0 + 20 * HOUR + m * MIN, NONE)).isNull();
        }
        assertThat(clock.accepted()).as("the quorum's time, and the minute mallory moved on since it last moved")
                .isEqualTo(T0 + 31 * MIN);
    }

    @Test
    void shouldCheckANewSourcesFirstRecordAgainstTheTasksProgress() {
        IntakeClock clock = clock(new MemoryState());
        fleet(clock, 0);
        assertThat(clock.admit("late-host", T0 - 8 * DAY, NONE)).as("at the lag bound").isNull();
        assertThat(clock.admit("older-host", T0 - 8 * DAY - 1, NONE)).contains("behind", "state.series.ttl.ms");
        assertThat(clock.admit("new-host", T0 + DAY + 1, NONE)).contains("ahead of");
        assertThat(clock.admit("host-4", T0 - 30 * DAY, NONE)).as("a known source's late record").isNull();
    }

    /** Live, the broker's arrival time bounds every record, and a record on time by it is never rejected. */
    @Test
    void shouldJudgeARecordByItsArrivalAtTheBrokerWhenThatIsKnown() {
        IntakeClock clock = clock(new MemoryState());
        fleet(clock, 0);
        long arrival = T0 + 30 * DAY;
        assertThat(clock.admit("host-4", arrival + DAY + 1, arrival)).contains("after the broker received the record");
        assertThat(clock.admit("host-4", arrival + DAY, arrival)).as("on time by the broker, though far ahead of the task")
                .isNull();
        assertThat(clock.admit("mallory", Y2000, arrival)).as("not on time: judged against the task").isNotNull();
        assertThat(clock.accepted()).isEqualTo(T0);
    }

    /** A host that moves on while the others fell silent takes the task along, up to the lead bound. */
    @Test
    void shouldLetASourceLeadTheSilentQuorumByTheLeadBoundAtMost() {
        IntakeClock clock = clock(new MemoryState());
        fleet(clock, 0);
        for (int m = 1; m <= 90; m++) {
            assertThat(clock.admit("host-9", T0 + m * MIN, NONE)).isNull();
            if (m == 30) {
                assertThat(clock.accepted()).as("host-9 took the task along").isEqualTo(T0 + 30 * MIN);
            }
        }
        assertThat(clock.accepted()).as("up to the lead bound").isEqualTo(T0 + LEAD);
        fleet(clock, 91);
        assertThat(clock.accepted()).isEqualTo(T0 + 91 * MIN);
    }

    @Test
    void shouldForgetSourcesSilentForTheTtl() {
        IntakeClock clock = new IntakeClock.Registry().join(TASK, "series-stage",
                new IntakeClock.Settings(DAY, 8 * DAY, 5_000L, HOUR), new MemoryState());
        fleet(clock, 0);
        for (int h = 1; h <= 9 * 24; h++) {
            clock.admit("host-4", T0 + h * HOUR, NONE);
            clock.admit("host-5", T0 + h * HOUR, NONE);
            clock.admit("host-7", T0 + h * HOUR, NONE);
            clock.sweepDue(8 * DAY);
        }
        assertThat(clock.accepted()).isEqualTo(T0 + 9 * DAY);
        assertThat(clock.admit("host-6", T0, NONE)).as("host-6 was forgotten: its old record is a new source's")
                .contains("first record of source 'host-6'");
    }

    /**
     * Live, a heartbeat owed goes out a little after the record that made it due; a commit that ends the task's
     * incarnation can fall in between. The commit records what the task owed last, and the next incarnation sends it
     * again: once, and only what was committed.
     */
    @Test
    void shouldHandTheLastHeartbeatOwedAndCommittedToTheNextIncarnationOnce() {
        IntakeClock.Registry registry = new IntakeClock.Registry();
        MemoryState store = new MemoryState();
        IntakeClock before = registry.join(TASK, "series-stage", SETTINGS, store, true);
        assertThat(before.takeResumedHeartbeat()).as("nothing owed in a new store").isEqualTo(Long.MIN_VALUE);
        fleet(before, 0);
        assertThat(before.heartbeatDue()).isTrue();
        fleet(before, 1);
        assertThat(before.heartbeatDue()).isTrue();
        before.flush(); // the commit: what it owed at minute 1 goes into the store with the offsets
        before.admit("host-4", T0 + MIN + 1_000, NONE);
        before.admit("host-5", T0 + MIN + 1_000, NONE);
        assertThat(before.heartbeatDue()).as("not a grid point further").isFalse();
        fleet(before, 2);
        assertThat(before.heartbeatDue()).as("owed, but not committed").isTrue();

        IntakeClock revived = registry.join(TASK, "series-stage", SETTINGS, store, true);

        assertThat(revived.takeResumedHeartbeat()).isEqualTo(T0 + MIN);
        assertThat(revived.takeResumedHeartbeat()).as("once").isEqualTo(Long.MIN_VALUE);
    }

    /** A store written by a version that did not record the heartbeat owed: the task resumes without one, as it did. */
    @Test
    void shouldResumeWithoutAHeartbeatFromAStoreThatDoesNotRecordOne() {
        MemoryState store = new MemoryState();
        IntakeClock before = new IntakeClock.Registry().join(TASK, "series-stage", SETTINGS, store, true);
        fleet(before, 0);
        before.flush();
        store.delete(IntakeClock.LAST_OWED_KEY); // what every earlier version left

        IntakeClock revived = new IntakeClock.Registry().join(TASK, "series-stage", SETTINGS, store, true);

        assertThat(revived.accepted()).isEqualTo(T0);
        assertThat(revived.takeResumedHeartbeat()).isEqualTo(Long.MIN_VALUE);
    }
}
