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
}
