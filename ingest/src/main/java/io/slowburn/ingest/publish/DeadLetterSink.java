package io.slowburn.ingest.publish;

import io.slowburn.kafka.DeadLetter;
import java.util.List;

/**
 * Where an adapter puts the input records it cannot use, with the reason: the dead-letter topic
 * ({@link KafkaDeadLetterSink}) or, when the adapter writes a file instead of Kafka, a JSON Lines file
 * ({@link JsonLinesDeadLetterSink}). A caller commits its input only after {@link #write} returned: nothing is dropped.
 */
public interface DeadLetterSink extends AutoCloseable {

    /** Writes the letters and returns once they are durable; throws (a {@link RuntimeException}) when they may not be. */
    void write(List<DeadLetter> letters);

    /** Where the letters go, for messages. */
    String target();

    @Override
    void close();
}
