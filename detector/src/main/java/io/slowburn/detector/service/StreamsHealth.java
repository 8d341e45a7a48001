package io.slowburn.detector.service;

import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What the probes ask of the Kafka Streams client. Alive: not failed and not shutting down (a restart would help,
 * or the process is on its way out). Ready: {@code RUNNING}, every task assigned and its state restored; while it
 * rebalances or restores, findings wait, so traffic and a rolling update should wait too.
 */
public final class StreamsHealth {

    private final Supplier<KafkaStreams.State> state;

    public StreamsHealth(Supplier<KafkaStreams.State> state) {
        this.state = state;
    }

    public KafkaStreams.State state() {
        return state.get();
    }

    public boolean live() {
        return switch (state.get()) {
            case CREATED, REBALANCING, RUNNING -> true;
            case PENDING_SHUTDOWN, NOT_RUNNING, PENDING_ERROR, ERROR -> false;
        };
    }

    public boolean ready() {
        return state.get() == KafkaStreams.State.RUNNING;
    }
}
