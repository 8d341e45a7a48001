package io.slowburn.detector.service;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.prometheusmetrics.PrometheusNamingConvention;
import java.util.Set;

/**
 * What {@code /metrics} carries besides the detector's own {@code slowburn_*} metrics. Kafka's clients register a few
 * hundred metrics each (every admin, consumer and producer of every stream thread; per node, per topic, per
 * partition), which made a scrape hundreds of kilobytes. Unless {@code metrics.kafka.clients=true}, only the Kafka
 * Streams metrics an operator acts on are kept: thread liveness, processing and commit rates and latencies, and
 * consumer lag. The allow-list is in Prometheus names, as the README documents it.
 */
public final class ScrapeFilter implements MeterFilter {

    /** The Kafka metrics kept by default (Prometheus names). */
    public static final Set<String> KAFKA_ALLOWED = Set.of(
            "kafka_stream_alive_stream_threads",
            "kafka_stream_failed_stream_threads_total",
            "kafka_stream_thread_process_rate",
            "kafka_stream_thread_process_total",
            "kafka_stream_thread_process_latency_avg",
            "kafka_stream_thread_process_latency_max",
            "kafka_stream_thread_commit_rate",
            "kafka_stream_thread_commit_latency_avg",
            "kafka_stream_thread_commit_latency_max",
            "kafka_stream_thread_punctuate_latency_max",
            "kafka_consumer_fetch_manager_records_lag_max",
            "kafka_consumer_fetch_manager_records_lag");

    private static final NamingConvention PROMETHEUS = new PrometheusNamingConvention();

    private ScrapeFilter() {
    }

    /** Applies {@code metrics.kafka.clients} to {@code registry}; call before any meter is registered. */
    public static void configure(MeterRegistry registry, DetectorConfig config) {
        if (!config.getBoolean(DetectorConfig.METRICS_KAFKA_CLIENTS)) {
            registry.config().meterFilter(new ScrapeFilter());
        }
    }

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        if (!id.getName().startsWith("kafka.")) {
            return MeterFilterReply.NEUTRAL;
        }
        return KAFKA_ALLOWED.contains(prometheusName(id)) ? MeterFilterReply.NEUTRAL : MeterFilterReply.DENY;
    }

    /** The family name Prometheus shows for {@code id} (counters with their {@code _total}). */
    static String prometheusName(Meter.Id id) {
        // The convention leaves a counter's _total to the Prometheus client, which appends it at exposition.
        String name = PROMETHEUS.name(id.getName(), id.getType(), id.getBaseUnit());
        return id.getType() == Meter.Type.COUNTER ? name + "_total" : name;
    }
}
