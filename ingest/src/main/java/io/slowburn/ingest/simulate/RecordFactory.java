package io.slowburn.ingest.simulate;

import io.slowburn.model.Event;
import io.slowburn.model.MetricSample;
import io.slowburn.model.MetricType;
import io.slowburn.model.RecordCodec;
import io.slowburn.model.Stream;
import java.util.Map;

/** Builds contract records (serialized once, by the same codec the adapters use) for one host. */
final class RecordFactory {

    private final RecordCodec codec;
    private final String source;

    RecordFactory(RecordCodec codec, String source) {
        this.codec = codec;
        this.source = source;
    }

    ScenarioRecord gauge(long ts, String metric, Map<String, String> labels, double value, Double limit, String unit) {
        return metric(new MetricSample(ts, source, metric, labels, value, MetricType.GAUGE, limit, unit));
    }

    ScenarioRecord counter(long ts, String metric, Map<String, String> labels, double value, String unit) {
        return metric(new MetricSample(ts, source, metric, labels, value, MetricType.COUNTER, null, unit));
    }

    private ScenarioRecord metric(MetricSample s) {
        return new ScenarioRecord(Stream.METRIC, s.seriesId(), s.ts(), s, codec.bytes(codec.toJson(s)));
    }

    /** {@code attrs} in the order given (a LinkedHashMap), so the JSON is byte-stable. */
    ScenarioRecord event(long ts, String event, Map<String, Object> attrs) {
        Event e = new Event(ts, source, event, attrs);
        return new ScenarioRecord(Stream.EVENT, source, ts, e, codec.bytes(codec.toJson(e)));
    }
}
