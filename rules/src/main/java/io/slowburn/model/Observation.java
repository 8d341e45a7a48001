package io.slowburn.model;

/** One thing seen on a source at an event time: a metric sample or a discrete event. */
public sealed interface Observation permits MetricSample, Event {

    /** Event time, epoch milliseconds. */
    long ts();

    /** The host, pod or process that produced it. */
    String source();
}
