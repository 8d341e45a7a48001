package io.slowburn.ingest.jvm;

import io.slowburn.ingest.IngestRunner;
import io.slowburn.ingest.publish.KafkaRecordSink;
import io.slowburn.ingest.publish.RecordSink;
import io.slowburn.ingest.publish.TelemetryPublisher;
import java.time.Clock;
import java.time.Duration;

/**
 * In-process JVM telemetry, one line to embed:
 * <pre>
 * AutoCloseable telemetry = JvmTelemetry.start("kafka:9092", "checkout-1");
 * </pre>
 * Publishes {@code jvm.memory.used{area=heap}}, {@code jvm.gc.time} and {@code jvm.threads.live} every 10 s from a
 * daemon thread (it never keeps the application alive); {@code close()} publishes what was collected and stops.
 */
public final class JvmTelemetry {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    private JvmTelemetry() {
    }

    public static AutoCloseable start(String bootstrapServers, String source) {
        return start(new KafkaRecordSink(bootstrapServers), source, DEFAULT_INTERVAL, Clock.systemUTC());
    }

    /** Any sink (a JSON Lines file, memory in tests), any interval. */
    public static IngestRunner start(RecordSink sink, String source, Duration interval, Clock clock) {
        MicrometerJvmCollector collector = new MicrometerJvmCollector(source, clock);
        return new IngestRunner(collector, new TelemetryPublisher(sink), interval).start();
    }
}
