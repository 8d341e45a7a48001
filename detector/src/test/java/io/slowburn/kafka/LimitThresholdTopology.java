package io.slowburn.kafka;

import io.slowburn.model.Alert;
import io.slowburn.model.AlertStatus;
import io.slowburn.model.Containment;
import io.slowburn.model.InvalidRecordException;
import io.slowburn.model.MetricSample;
import io.slowburn.model.RecordCodec;
import io.slowburn.model.Severity;
import io.slowburn.model.Signal;
import io.slowburn.model.Verdict;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * A minimal exactly-once Kafka Streams app for the broker contract tests: a gauge at or above a fraction of its
 * limit, from the metrics topic to the alert topic. Stateless.
 */
final class LimitThresholdTopology {

    private LimitThresholdTopology() {
    }

    static Topology build(TopicNames topics, double fraction) {
        RecordCodec codec = new RecordCodec();
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(topics.metrics(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("metrics-source"))
                .flatMap((key, value) -> {
                    try {
                        MetricSample s = codec.readMetric(value);
                        if (s.limit() == null || s.value() < fraction * s.limit()) {
                            return List.<KeyValue<String, byte[]>>of();
                        }
                        Alert alert = alertFor(s, fraction);
                        return List.of(KeyValue.pair(alert.id(), codec.bytes(codec.toJson(alert))));
                    } catch (InvalidRecordException e) {
                        return List.<KeyValue<String, byte[]>>of();
                    }
                }, Named.as("limit-threshold"))
                .to(topics.alerts(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("alerts-sink"));
        return builder.build();
    }

    static Alert alertFor(MetricSample s, double fraction) {
        Signal signal = s.metric().startsWith("os.fd") ? Signal.FD_EXHAUSTION : Signal.ANOMALY;
        double used = s.value() / s.limit();
        return new Alert(s.seriesId() + "|limit", s.ts(), AlertStatus.FIRING, Verdict.SUSPICIOUS, signal, Severity.WARNING,
                s.source(), s.labels(), null, "limit-threshold",
                Map.of("value", s.value(), "limit", s.limit(), "fraction_used", used, "threshold", fraction),
                List.of(Containment.CAPTURE_FORENSICS),
                String.format(Locale.ROOT, "%s at %.0f%% of its limit (threshold %.0f%%)",
                        s.metric(), used * 100, fraction * 100));
    }
}
