package io.slowburn.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.slowburn.model.Event;
import io.slowburn.model.MetricSample;
import io.slowburn.model.RecordCodec;
import io.slowburn.model.Stream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class TelemetryPublisherTest {

    private static final long TS = 1_772_409_600_000L;

    @Test
    void validRecordsReachTheSinkWithContractKeys() {
        InMemorySink sink = new InMemorySink();
        try (TelemetryPublisher p = new TelemetryPublisher(sink)) {
            p.publish(new MetricSample(TS, "host-1", "os.memory.used", Map.of("b", "2", "a", "1"), 5.0, null, 10.0, "bytes"));
            p.publish(new Event(TS + 1, "host-1", Event.PROCESS_START, Map.of("pid", 42)));
            p.flush();
            assertThat(p.metrics().sentCount()).isEqualTo(2);
        }
        List<PublishedRecord> records = sink.records();
        assertThat(records).extracting(PublishedRecord::key).containsExactly("host-1|os.memory.used|a=1,b=2", "host-1");
        assertThat(records).extracting(PublishedRecord::stream).containsExactly(Stream.METRIC, Stream.EVENT);
        assertThat(records.get(0).timestamp()).isEqualTo(TS);
        assertThat(sink.isClosed()).isTrue();
    }

    @Test
    void invalidRecordsAreCountedAndNeverSent() {
        InMemorySink sink = new InMemorySink();
        try (TelemetryPublisher p = new TelemetryPublisher(sink)) {
            assertThat(p.publish(MetricSample.gauge(TS, "h", "m", Map.of(), Double.NaN))).isFalse();
            assertThat(p.publish(MetricSample.gauge(5L, "h", "m", Map.of(), 1))).isFalse();
            assertThat(p.publish(MetricSample.counter(TS, "h", "m", Map.of(), -1))).isFalse();
            assertThat(p.publish(MetricSample.gauge(TS, "h", "m", Map.of("k", "a,b"), 1))).isFalse();
            assertThat(p.publish(null)).isFalse();
            assertThat(p.publish(MetricSample.gauge(TS, "h", "m", Map.of(), 1).withLimit(0))).isFalse();
            p.flush();
            assertThat(p.metrics().droppedCount(DropReason.INVALID)).isEqualTo(6);
        }
        assertThat(sink.records()).isEmpty();
    }

    @Test
    void cardinalityLimitIsPerSource() {
        InMemorySink sink = new InMemorySink();
        try (TelemetryPublisher p = new TelemetryPublisher(sink, new PublisherOptions(100, 3))) {
            for (int i = 0; i < 5; i++) {
                p.publish(MetricSample.gauge(TS, "a", "m", Map.of("i", "" + i), i));
                p.publish(MetricSample.gauge(TS, "b", "m", Map.of("i", "" + i), i));
            }
            // A known series is always accepted again.
            p.publish(MetricSample.gauge(TS + 1, "a", "m", Map.of("i", "0"), 9));
            p.publish(new Event(TS, "a", Event.EXEC, Map.of()));
            p.flush();
            assertThat(p.metrics().droppedCount(DropReason.CARDINALITY)).isEqualTo(4);
        }
        assertThat(sink.metrics()).hasSize(7);
        assertThat(sink.events()).hasSize(1);
    }

    @Test
    void fullBufferDropsTheOldestAndNeverBlocks() throws Exception {
        BlockingSink sink = new BlockingSink();
        TelemetryPublisher p = new TelemetryPublisher(sink, new PublisherOptions(3, 1000));
        p.publish(MetricSample.gauge(TS, "h", "m", Map.of("i", "first"), 0));
        assertThat(sink.entered.await(5, TimeUnit.SECONDS)).isTrue();
        // The drain thread now holds "first" inside the sink; the buffer holds at most 3 more.
        for (int i = 1; i <= 10; i++) {
            p.publish(MetricSample.gauge(TS + i, "h", "m", Map.of("i", "" + i), i));
        }
        assertThat(p.metrics().droppedCount(DropReason.BUFFER_FULL)).isEqualTo(7);
        sink.release.countDown();
        p.close();
        assertThat(sink.received).extracting(r -> ((MetricSample) r.observation()).labels().get("i"))
                .containsExactly("first", "8", "9", "10");
        assertThat(p.metrics().sentCount()).isEqualTo(4);
    }

    @Test
    void sinkFailuresAreCountedNotThrown() {
        RecordSink failing = new RecordSink() {
            @Override
            public void send(PublishedRecord record, Consumer<Exception> onComplete) {
                onComplete.accept(new IllegalStateException("broker down"));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        try (TelemetryPublisher p = new TelemetryPublisher(failing)) {
            p.publish(MetricSample.gauge(TS, "h", "m", Map.of(), 1));
            p.flush();
            assertThat(p.metrics().failedCount()).isEqualTo(1);
            assertThat(p.metrics().sentCount()).isZero();
        }
    }

    @Test
    void transientFailuresAreSentAgainInOrder() {
        FlakySink sink = new FlakySink(3, true);
        try (TelemetryPublisher p = new TelemetryPublisher(sink)) {
            for (int i = 0; i < 5; i++) {
                p.publish(MetricSample.gauge(TS + i, "h", "m", Map.of(), i));
            }
            p.flush();
            assertThat(p.metrics().sentCount()).isEqualTo(5);
            assertThat(p.metrics().retriedCount()).isEqualTo(3);
            assertThat(p.metrics().failedCount()).isZero();
        }
        assertThat(sink.delivered).extracting(PublishedRecord::timestamp)
                .containsExactly(TS, TS + 1, TS + 2, TS + 3, TS + 4);
    }

    @Test
    void lastingFailuresAreNotSentAgain() {
        FlakySink sink = new FlakySink(2, false);
        try (TelemetryPublisher p = new TelemetryPublisher(sink)) {
            for (int i = 0; i < 3; i++) {
                p.publish(MetricSample.gauge(TS + i, "h", "m", Map.of(), i));
            }
            p.flush();
            assertThat(p.metrics().failedCount()).isEqualTo(2);
            assertThat(p.metrics().retriedCount()).isZero();
            assertThat(p.metrics().sentCount()).isEqualTo(1);
        }
        assertThat(sink.delivered).extracting(PublishedRecord::timestamp).containsExactly(TS + 2);
    }

    @Test
    void aRetryIsTheOldestRecordAndTheBoundDropsItFirst() throws Exception {
        // The first record fails transiently only once the buffer is full of newer ones: sending it again would exceed
        // the bound, so it is the one dropped, and counted.
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch full = new CountDownLatch(1);
        List<PublishedRecord> delivered = new ArrayList<>();
        RecordSink sink = new RecordSink() {
            private boolean first = true;

            @Override
            public void send(PublishedRecord record, Consumer<Exception> onComplete) {
                if (first) {
                    first = false;
                    entered.countDown();
                    try {
                        full.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    onComplete.accept(new IllegalStateException("timed out"));
                    return;
                }
                delivered.add(record);
                onComplete.accept(null);
            }

            @Override
            public boolean retriable(Exception failure) {
                return true;
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        try (TelemetryPublisher p = new TelemetryPublisher(sink, new PublisherOptions(2, 1000))) {
            p.publish(MetricSample.gauge(TS, "h", "m", Map.of("i", "0"), 0));
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
            for (int i = 1; i < 3; i++) {
                p.publish(MetricSample.gauge(TS + i, "h", "m", Map.of("i", "" + i), i));
            }
            full.countDown();
            p.flush();
            assertThat(p.metrics().droppedCount(DropReason.BUFFER_FULL)).isEqualTo(1);
            assertThat(p.metrics().sentCount()).isEqualTo(2);
        }
        assertThat(delivered).extracting(PublishedRecord::timestamp).containsExactly(TS + 1, TS + 2);
    }

    @Test
    void countersAreMicrometerMeters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TelemetryPublisher p = new TelemetryPublisher(new InMemorySink(), new PublisherOptions(10, 1))) {
            p.metrics().bindTo(registry);
            p.publish(MetricSample.gauge(TS, "h", "m", Map.of(), 1));
            p.publish(MetricSample.gauge(TS, "h", "other", Map.of(), 1));
            p.publish(MetricSample.gauge(TS, "h", "m", Map.of(), Double.POSITIVE_INFINITY));
            p.flush();
            assertThat(registry.get("slowburn.ingest.records.sent").functionCounter().count()).isEqualTo(1.0);
            assertThat(registry.get("slowburn.ingest.records.retried").functionCounter().count()).isZero();
            assertThat(registry.get("slowburn.ingest.records.dropped").tag("reason", "cardinality").functionCounter().count())
                    .isEqualTo(1.0);
            assertThat(registry.get("slowburn.ingest.records.dropped").tag("reason", "invalid").functionCounter().count())
                    .isEqualTo(1.0);
            assertThat(registry.get("slowburn.ingest.records.dropped").tag("reason", "buffer_full").functionCounter().count())
                    .isZero();
        }
    }

    @Test
    void sentRecordsReadBackThroughTheCodec() throws Exception {
        InMemorySink sink = new InMemorySink();
        MetricSample s = new MetricSample(TS, "h", "jvm.memory.used", Map.of("area", "heap"), 1.5e9, null, 4e9, "bytes");
        try (TelemetryPublisher p = new TelemetryPublisher(sink)) {
            p.publish(s);
        }
        assertThat(new RecordCodec().readMetric(sink.records().get(0).value())).isEqualTo(s);
    }

    /** Fails its first {@code failures} sends, transiently or for good; delivers the rest. */
    private static final class FlakySink implements RecordSink {
        final List<PublishedRecord> delivered = new ArrayList<>();
        private final boolean transient_;
        private int failures;

        FlakySink(int failures, boolean transientFailures) {
            this.failures = failures;
            this.transient_ = transientFailures;
        }

        @Override
        public void send(PublishedRecord record, Consumer<Exception> onComplete) {
            if (failures > 0) {
                failures--;
                onComplete.accept(new IllegalStateException("broker away"));
                return;
            }
            delivered.add(record);
            onComplete.accept(null);
        }

        @Override
        public boolean retriable(Exception failure) {
            return transient_;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    /** Holds the first record inside {@code send} until released: a stalled broker. */
    private static final class BlockingSink implements RecordSink {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<PublishedRecord> received = new ArrayList<>();

        @Override
        public void send(PublishedRecord record, Consumer<Exception> onComplete) {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (received) {
                received.add(record);
            }
            onComplete.accept(null);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
