package io.slowburn.ingest.publish;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * The publisher's counters. Kept as plain adders (cheap, testable without a registry) and exposed to Micrometer
 * as function counters: {@code slowburn.ingest.records.sent}, {@code slowburn.ingest.records.dropped{reason}},
 * {@code slowburn.ingest.records.failed} (the sink refused it for good), {@code slowburn.ingest.records.retried}
 * (a transient failure, the record queued to be sent again) and the gauge {@code slowburn.ingest.buffer.size}.
 */
public final class PublisherMetrics implements MeterBinder {

    private final LongAdder sent = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final Map<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);
    private final IntSupplier bufferSize;

    PublisherMetrics(IntSupplier bufferSize) {
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

    void retried() {
        retried.increment();
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

    public long retriedCount() {
        return retried.sum();
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
        FunctionCounter.builder("slowburn.ingest.records.retried", retried, LongAdder::doubleValue)
                .description("transient sink failures whose record was queued to be sent again").register(registry);
        for (Map.Entry<DropReason, LongAdder> e : dropped.entrySet()) {
            FunctionCounter.builder("slowburn.ingest.records.dropped", e.getValue(), LongAdder::doubleValue)
                    .tag("reason", e.getKey().tag()).description("records never sent").register(registry);
        }
        Gauge.builder("slowburn.ingest.buffer.size", bufferSize, s -> s.getAsInt())
                .description("records waiting for the sink").register(registry);
    }
}
