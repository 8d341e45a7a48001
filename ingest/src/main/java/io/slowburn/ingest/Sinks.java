package io.slowburn.ingest;

import io.slowburn.ingest.publish.JsonLinesSink;
import io.slowburn.ingest.publish.KafkaRecordSink;
import io.slowburn.ingest.publish.RecordSink;
import java.nio.file.Path;

/** Picks the sink the command line asked for: {@code --output FILE} (JSON Lines) wins over Kafka. */
public final class Sinks {

    private Sinks() {
    }

    public static RecordSink forOutput(String bootstrapServers, Path outputFile) {
        if (outputFile != null) {
            return new JsonLinesSink(outputFile);
        }
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("give --bootstrap-servers or --output");
        }
        return new KafkaRecordSink(bootstrapServers);
    }
}
