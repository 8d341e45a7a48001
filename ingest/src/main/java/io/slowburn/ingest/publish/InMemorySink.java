package io.slowburn.ingest.publish;

import io.slowburn.model.Event;
import io.slowburn.model.MetricSample;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Keeps every record in memory: for tests and for embedding code that wants the records back. Thread-safe. */
public final class InMemorySink implements RecordSink {

    private final List<PublishedRecord> records = new ArrayList<>();
    private volatile boolean closed;

    @Override
    public synchronized void send(PublishedRecord record, Consumer<Exception> onComplete) {
        records.add(record);
        onComplete.accept(null);
    }

    @Override
    public void flush() {
        // Nothing buffered: every send is complete when it returns.
    }

    @Override
    public void close() {
        closed = true;
    }

    public boolean isClosed() {
        return closed;
    }

    public synchronized List<PublishedRecord> records() {
        return List.copyOf(records);
    }

    public synchronized List<MetricSample> metrics() {
        return records.stream().filter(r -> r.observation() instanceof MetricSample)
                .map(r -> (MetricSample) r.observation()).toList();
    }

    public synchronized List<Event> events() {
        return records.stream().filter(r -> r.observation() instanceof Event).map(r -> (Event) r.observation()).toList();
    }
}
