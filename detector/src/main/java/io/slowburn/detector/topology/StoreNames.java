package io.slowburn.detector.topology;

/**
 * Pinned names of the topology's state stores and internal topics: their changelog and repartition topics are
 * named after them, so renaming one loses state. A test compares the topology's description with these.
 */
public final class StoreNames {

    /** Per (rule, series) analysis state and alert lifecycle. */
    public static final String SERIES_STATE = "series-state";
    /** Per series: last seen time; per source: series count (the cardinality limit). */
    public static final String SERIES_INDEX = "series-index";
    /** Per counter series: its last value, to see resets. */
    public static final String COUNTER_LAST = "counter-last";
    /** Per source of an intake task: the event time it has reached (the task's clock, restored across restarts). */
    public static final String INTAKE_CLOCK = "intake-clock";
    /** Per (rule, source) analysis state and alert lifecycle; the intake tasks' watermarks. */
    public static final String SOURCE_STATE = "source-state";
    /** Observations waiting, in event-time order, for the low watermark to pass them. */
    public static final String SOURCE_BUFFER = "source-buffer";
    /** The verdict stage's memory: open incidents, decisions at firing, blast radius, aborts sent, declarations. */
    public static final String INCIDENTS = "incidents";
    /** Finding transitions waiting, in event-time order, for the low watermark to pass them. */
    public static final String VERDICT_BUFFER = "verdict-buffer";
    /** The experiment registry (a global store, on every instance). */
    public static final String EXPERIMENT_REGISTRY = "experiment-registry";

    /** Repartition: observations for source-keyed rules, by source. */
    public static final String BY_SOURCE = "observations-by-source";
    /** Repartition: finding transitions and abort triggers of the series stage, to the verdict stage (one partition). */
    public static final String FINDINGS_FROM_SERIES = "findings-from-series";
    /** Repartition: finding transitions of the source stage, to the verdict stage (one partition). */
    public static final String FINDINGS_FROM_SOURCES = "findings-from-sources";

    private StoreNames() {
    }
}
