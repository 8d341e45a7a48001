package io.slowburn.ingest.otlp;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of {@code ingest otlp} reading a topic: {@code slowburn.ingest.otlp.records.read} and
 * {@code slowburn.ingest.otlp.dead.letters{kind}}, the records sent to the dead letter because they could not be
 * decoded in the configured encoding ({@code undecodable}) or decoded to no metric data at all ({@code unknown_payload}:
 * an empty record, a trace or log export on the metrics topic). Plain adders, exposed as function counters; both
 * kinds start at 0 so an alert on them works from the first scrape.
 */
public final class OtlpIngestMetrics implements MeterBinder {

    /** Why a record went to the dead letter. */
    public enum Kind {
        UNDECODABLE, UNKNOWN_PAYLOAD;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final LongAdder read = new LongAdder();
    private final LongAdder undecodable = new LongAdder();
    private final LongAdder unknownPayload = new LongAdder();

    void read() {
        read.increment();
    }

    void deadLettered(Kind kind) {
        adder(kind).increment();
    }

    public long readCount() {
        return read.sum();
    }

    public long deadLetters(Kind kind) {
        return adder(kind).sum();
    }

    public long deadLetters() {
        return undecodable.sum() + unknownPayload.sum();
    }

    private LongAdder adder(Kind kind) {
        return kind == Kind.UNDECODABLE ? undecodable : unknownPayload;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("slowburn.ingest.otlp.records.read", read, LongAdder::doubleValue)
                .description("records read from the OTLP topic").register(registry);
        for (Kind k : Kind.values()) {
            FunctionCounter.builder("slowburn.ingest.otlp.dead.letters", adder(k), LongAdder::doubleValue).tag("kind", k.tag())
                    .description("OTLP records sent to the dead letter, by why").register(registry);
        }
    }
}
