package io.slowburn.ingest.simulate;

/**
 * Where generated records go. Unlike {@link io.slowburn.ingest.publish.RecordSink} it also carries experiment
 * declarations (which are not observations), and it writes them byte for byte.
 */
public interface ScenarioSink extends AutoCloseable {

    void write(ScenarioRecord record);

    /** Blocks until everything written so far is out; throws if anything failed. */
    void flush();

    @Override
    void close();
}
