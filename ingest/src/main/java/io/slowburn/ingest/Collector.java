package io.slowburn.ingest;

import io.slowburn.model.Observation;
import java.util.List;

/**
 * One telemetry adapter: each {@link #poll()} reads the current state of what it watches and returns contract
 * records. A poll never throws for something it cannot read: it returns what it could and reports the gap once
 * in {@link #capabilities()}.
 */
public interface Collector extends AutoCloseable {

    /** Reads once. Called from one thread at a time, at the configured interval. */
    List<Observation> poll();

    /** What this collector could not see, one line each (empty when it sees everything). */
    List<String> capabilities();

    @Override
    default void close() {
    }
}
