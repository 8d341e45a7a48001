package io.slowburn.ingest.publish;

import java.util.function.Consumer;

/**
 * Where validated records go: Kafka for real ({@link KafkaRecordSink}), a JSON Lines file for the simulator and
 * offline runs ({@link JsonLinesSink}), memory for tests ({@link InMemorySink}). Called from one thread at a time.
 */
public interface RecordSink extends AutoCloseable {

    /**
     * Hands one record over. {@code onComplete} is called exactly once, with {@code null} on success or the
     * failure; it may be called later, from another thread (Kafka acknowledges asynchronously).
     */
    void send(PublishedRecord record, Consumer<Exception> onComplete);

    /**
     * Whether a failure this sink reported is transient, so that the same record sent again may well succeed (a broker
     * that is restarting). By default no failure is.
     */
    default boolean retriable(Exception failure) {
        return false;
    }

    /** Blocks until every record handed over so far is written or failed. */
    void flush();

    /** Flushes and releases the sink. */
    @Override
    void close();
}
