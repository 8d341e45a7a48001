package io.slowburn.report;

/** An abort command the detector sent (from the audit's {@code abort} records). */
public record AbortMark(String experiment, String alert, String reason, long ts) {
}
