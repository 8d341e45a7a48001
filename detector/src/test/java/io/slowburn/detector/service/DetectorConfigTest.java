package io.slowburn.detector.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.junit.jupiter.api.Test;

class DetectorConfigTest {

    /** The service never dies on a record: a record whose processing throws is logged and skipped, in every thread. */
    @Test
    void shouldLogAndSkipARecordThatThrowsInTheStreamThreadsAndTheGlobalThread() {
        Properties p = DetectorConfig.of(Map.of()).streamsProperties();
        assertThat(p.get(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG))
                .isEqualTo(LogAndContinueProcessingExceptionHandler.class);
        assertThat(p.get(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG)).isEqualTo(true);
        assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    }

    @Test
    void shouldPassKafkaPrefixedSettingsThroughToEveryClient() {
        Properties p = DetectorConfig.of(Map.of("kafka.security.protocol", "SASL_SSL", "kafka.max.poll.records", "200"))
                .streamsProperties();
        assertThat(p).containsEntry("security.protocol", "SASL_SSL").containsEntry("max.poll.records", "200");
    }

    /**
     * A first start waits for its internal topics at the clients' retry backoff: 10 ms by default, not Kafka's 100 ms
     * (0.9 s of the bench's start-up), and still the user's to set.
     */
    @Test
    void shouldPollForInternalTopicsAtAShortBackoffUnlessTold() {
        assertThat(DetectorConfig.of(Map.of()).streamsProperties()).containsEntry(CommonClientConfigs.RETRY_BACKOFF_MS_CONFIG, 10L);
        assertThat(DetectorConfig.of(Map.of("kafka.retry.backoff.ms", "250")).streamsProperties())
                .containsEntry(CommonClientConfigs.RETRY_BACKOFF_MS_CONFIG, "250");
    }

    /**
     * A first start restores every store's empty changelog: the stream thread takes the restored tasks between polls of
     * {@code poll.ms}, and the restore consumer's empty fetches wait {@code fetch.max.wait.ms} at the broker. Both are
     * shorter than Kafka's by default (0.7-1.6 s of start-up on the bench became about 0.5 s), and both the user's to set.
     */
    @Test
    void shouldTakeRestoredTasksWithoutWaitingOnLongPollsUnlessTold() {
        Properties defaults = DetectorConfig.of(Map.of()).streamsProperties();
        assertThat(defaults).containsEntry(StreamsConfig.POLL_MS_CONFIG, 10L)
                .containsEntry("restore.consumer.fetch.max.wait.ms", 100);
        Properties told = DetectorConfig.of(Map.of("kafka.poll.ms", "100", "kafka.restore.consumer.fetch.max.wait.ms", "500"))
                .streamsProperties();
        assertThat(told).containsEntry(StreamsConfig.POLL_MS_CONFIG, "100").containsEntry("restore.consumer.fetch.max.wait.ms", "500");
    }
}
