package io.slowburn.ingest.publish;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The publisher's counters. Kept as plain adders (cheap, testable without a registry) and exposed to Micrometer
 * as function counters: {@code slowburn.ingest.records.sent}, {@code slowburn.ingest.records.dropped{reason}},
 * {@code slowburn.ingest.records.failed} (the sink refused it: broker unreachable past the delivery timeout) and
 * the gauge {@code slowburn.ingest.buffer.size}.
 */
public final class PublisherMetrics implements MeterBinder {

    private final LongAdder sent = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Map<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);
    private final java.util.function.IntSupplier bufferSize;

    PublisherMetrics(java.util.function.IntSupplier bufferSize) {
        this.bufferSize = bufferSize;
        for (DropReason r : DropReason.values()) {
            dropped.put(r, new LongAdder());
        }
    }

    void sent() {
        sent.increment();
    }

    void failed() {
        failed.increment();
    }

    void dropped(DropReason reason) {
        dropped.get(reason).increment();
    }

    public long sentCount() {
        return sent.sum();
    }

    public long failedCount() {
        return failed.sum();
    }

    public long droppedCount(DropReason reason) {
        return dropped.get(reason).sum();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("slowburn.ingest.records.sent", sent, LongAdder::doubleValue)
                .description("records acknowledged by the sink").register(registry);
        FunctionCounter.builder("slowburn.ingest.records.failed", failed, LongAdder::doubleValue)
                .description("records the sink could not deliver").register(registry);
        for (Map.Entry<DropReason, LongAdder> e : dropped.entrySet()) {
            FunctionCounter.builder("slowburn.ingest.records.dropped", e.getValue(), LongAdder::doubleValue)
                    .tag("reason", e.getKey().tag()).description("records never sent").register(registry);
        }
        Gauge.builder("slowburn.ingest.buffer.size", bufferSize, s -> s.getAsInt())
                .description("records waiting for the sink").register(registry);
    }
}
