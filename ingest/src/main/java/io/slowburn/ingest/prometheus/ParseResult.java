package io.slowburn.ingest.prometheus;

import java.util.List;

/**
 * What a parse produced.
 *
 * @param samples the finite samples, in exposition order
 * @param nonFiniteSkipped samples with {@code NaN}, {@code +Inf} or {@code -Inf} values: the contract forbids them
 * @param errors one line each for lines that could not be parsed (quoted); parsing went on past them
 * @param sawEof whether an OpenMetrics {@code # EOF} ended the exposition
 */
public record ParseResult(List<PromSample> samples, int nonFiniteSkipped, List<String> errors, boolean sawEof) {
}
