package io.slowburn.detector.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** metrics.kafka.clients: by default only the allow-listed Kafka metrics reach the scrape; true lets all through. */
class ScrapeFilterTest {

    private static PrometheusMeterRegistry registry(boolean kafkaClients) {
        PrometheusMeterRegistry r = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ScrapeFilter.configure(r, DetectorConfig.of(Map.of(DetectorConfig.METRICS_KAFKA_CLIENTS, kafkaClients)));
        AtomicLong value = new AtomicLong(3);
        // Named as Micrometer's KafkaMetrics names them.
        Gauge.builder("kafka.producer.record.send.rate", value, AtomicLong::get).register(r);
        Gauge.builder("kafka.stream.thread.process.rate", value, AtomicLong::get).register(r);
        FunctionCounter.builder("kafka.stream.thread.process.total", value, AtomicLong::get).register(r);
        Gauge.builder("kafka.consumer.fetch.manager.records.lag.max", value, AtomicLong::get).register(r);
        Counter.builder("slowburn.records.in").tag("topic", "t").register(r).increment();
        return r;
    }

    @Test
    void shouldKeepOnlyTheAllowListedKafkaMetricsByDefault() {
        assertThat(DetectorConfig.defaults().getBoolean(DetectorConfig.METRICS_KAFKA_CLIENTS)).isFalse();
        String scrape = registry(false).scrape();
        assertThat(scrape).contains("kafka_stream_thread_process_rate 3.0", "kafka_stream_thread_process_total 3.0",
                "kafka_consumer_fetch_manager_records_lag_max 3.0", "slowburn_records_in_total{topic=\"t\"} 1.0")
                .doesNotContain("kafka_producer");
    }

    @Test
    void shouldExposeEveryKafkaMetricWhenAskedTo() {
        assertThat(registry(true).scrape()).contains("kafka_producer_record_send_rate 3.0", "kafka_stream_thread_process_rate 3.0");
    }
}
