package io.slowburn.analysis;

/** What an analysis sees in its series right now. */
public enum Condition {
    /** Not enough history to decide anything: the analysis says so and decides nothing. */
    INSUFFICIENT_DATA,
    /** Enough data, nothing to see. */
    NORMAL,
    /** The analysis' anomaly condition holds at this observation. */
    ANOMALOUS,
    /** The observation was older than the allowed lateness: counted and dropped, state unchanged. */
    LATE
}
