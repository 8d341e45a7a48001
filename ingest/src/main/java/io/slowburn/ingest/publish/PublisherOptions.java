package io.slowburn.ingest.publish;

/**
 * Limits of a {@link TelemetryPublisher}.
 *
 * @param bufferCapacity records held between the collector and the sink; beyond it the oldest is dropped
 * @param maxSeriesPerSource distinct series ids accepted per source; a runaway label (a request id, a pid)
 *                           must not flood the metrics topic and the detector's state stores
 */
public record PublisherOptions(int bufferCapacity, int maxSeriesPerSource) {

    public static final int DEFAULT_BUFFER_CAPACITY = 10_000;
    public static final int DEFAULT_MAX_SERIES_PER_SOURCE = 10_000;

    public PublisherOptions {
        if (bufferCapacity < 1) {
            throw new IllegalArgumentException("bufferCapacity must be at least 1, got " + bufferCapacity);
        }
        if (maxSeriesPerSource < 1) {
            throw new IllegalArgumentException("maxSeriesPerSource must be at least 1, got " + maxSeriesPerSource);
        }
    }

    public static PublisherOptions defaults() {
        return new PublisherOptions(DEFAULT_BUFFER_CAPACITY, DEFAULT_MAX_SERIES_PER_SOURCE);
    }
}
