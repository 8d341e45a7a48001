package io.slowburn.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertForwarderConfigTest {

    @Test
    void theGroupConsumerReadsCommittedRecordsAndCommitsByHandOneRecordAtATime() {
        assertThat(AlertForwarder.consumerConfig("h:1", "g", false, Duration.ofMinutes(10), 2))
                .containsEntry("group.id", "g").containsEntry("isolation.level", "read_committed")
                .containsEntry("enable.auto.commit", false).containsEntry("auto.offset.reset", "latest")
                .containsEntry("max.poll.records", 1)
                // One record's retries on each output fit in the poll interval: 2 x 10 min + 1 min.
                .containsEntry("max.poll.interval.ms", 21 * 60_000);
        assertThat(AlertForwarder.consumerConfig("h:1", "g", true, Duration.ofSeconds(5), 1))
                .containsEntry("auto.offset.reset", "earliest").containsEntry("max.poll.interval.ms", 300_000);
        assertThat(AlertForwarder.historyConfig("h:1")).containsEntry("isolation.level", "read_committed")
                .containsEntry("enable.auto.commit", false).doesNotContainKey("group.id");
    }

    @Test
    void needsAnOutput() {
        assertThatThrownBy(() -> new AlertForwarder(null, null, new AlertForwarder.Options("t", null,
                Retrier.Policy.forDuration(Duration.ofSeconds(1), Duration.ofMillis(1)), Duration.ofMinutes(1), 0, null, 10),
                List.of(), null, null, null)).hasMessageContaining("at least one output");
    }
}
